// Package blob is object storage for runtime/storage, through
// gocloud.dev/blob: S3, Google Cloud Storage, Azure Blob, and the test
// stores memblob and fileblob. A program links it with a blank import,
// which registers it for every storage.Store:
//
//	import _ "github.com/ayeaye-go/ayeaye/runtime/storage/blob"
//
// ayeaye-gen generate writes that import (into the datasets package's
// ayeaye_drivers.go) when a schema's engine URL names object storage.
//
// # URL forms
//
//	s3+csv://bucket/dir/key.csv        bucket s3://bucket, key dir/key.csv
//	gs+csv://bucket/dir/key.csv        bucket gs://bucket
//	azblob+csv://container/dir/key.csv bucket azblob://container
//	memblob+csv://bucket/dir/key.csv   an in-memory bucket, per Store
//	fileblob+csv:///abs/dir/key.csv    the local file, through the blob API
//
// The s3, gs and azblob options of the engine URL (region, endpoint,
// use_path_style, anonymous, storage_account, ...) become query parameters
// of the bucket URL; credentials come from the environment as the drivers
// document. The cloud drivers pull in large SDKs, so they too are the
// program's choice: one that reads from S3 also imports
//
//	import _ "gocloud.dev/blob/s3blob"
//
// (gcsblob for gs, azureblob for azblob; ayeaye-gen generate adds these
// too), and the error for a missing driver names the exact import line.
// New takes a custom blob.URLMux instead of the default one:
//
//	st := &storage.Store{Objects: blob.New(mux)}
//
// # Writing, listing, versions
//
// An object is streamed through a gocloud writer that publishes it only
// when closed on Commit and is cancelled on Abort, so a failed run never
// leaves half an object. Glob lists keys level by level with a "/"
// delimiter, so raw/2024-*/orders-*.csv lists only the prefixes it can
// match; below a "**" everything is. Version is the ETag, else the
// content MD5, else modification time and size.
//
// memblob buckets live as long as the Objects (the Store) that made them.
// fileblob exists to test the blob code paths on the local disk: its
// location is a file path, the bucket is the root of the file system and
// the key the rest of the absolute path. Errors name objects by their
// redacted URL; a bucket URL's query, which may carry an endpoint's
// password, never appears in them.
package blob
