package engine

import (
	"fmt"
	"slices"
	"strings"
)

// parquetCompressions are the page codecs of the parquet type's
// compression option, the default first.
var parquetCompressions = []string{"snappy", "zstd", "gzip", "none"}

// parquetSpecs is the parquet type: Parquet files, read with random
// access (the runtime copies blobs to a local file first), compressed
// page by page, and split into row groups that partitions read one at a
// time.
func parquetSpecs() []Spec {
	return []Spec{{Name: "parquet", Kind: KindType, Check: checkParquet, Options: []Option{
		{Name: "compression", Doc: "how pages are compressed; snappy when absent", Parse: parseParquetCompression},
		{Name: "row_group_rows", Doc: "rows per row group, 1 to 1073741824 (131072 when absent)", Parse: intRange(1, 1<<30)},
	}}}
}

func parseParquetCompression(v string) (string, error) {
	if c := strings.ToLower(v); slices.Contains(parquetCompressions, c) {
		return c, nil
	}
	return "", fmt.Errorf("must be one of %s", strings.Join(parquetCompressions, ", "))
}

// checkParquet refuses whole-file compression: it would hide the footer
// that reading starts from, and Parquet compresses its pages anyway.
func checkParquet(u URL) error {
	if c := u.Compression(); c != "" {
		codec := map[string]string{"gz": "gzip", "zst": "zstd"}[c]
		if codec == "" {
			codec = "zstd"
		}
		return fmt.Errorf("a Parquet file compresses its own pages; remove %q and add ;compression=%s", c+"+", codec)
	}
	return nil
}
