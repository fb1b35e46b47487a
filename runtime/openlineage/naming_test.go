package openlineage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

func TestDatasetName(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	wd = filepath.ToSlash(wd)
	tests := []struct {
		location, dir  string
		wantNS, wantNm string
	}{
		{"csv:///srv/data/people.csv", "", "file://h1", "/srv/data/people.csv"},
		{"csv://data/people.csv", "/srv/app", "file://h1", "/srv/app/data/people.csv"},
		{"csv://../data/./people.csv", "/srv/app", "file://h1", "/srv/data/people.csv"},
		{"csv://data/people.csv", "", "file://h1", wd + "/data/people.csv"},
		{"csv://data/people.csv", "rel", "file://h1", wd + "/rel/data/people.csv"},
		{"gz+ndjson://out/*.ndjson.gz;level=9", "/w", "file://h1", "/w/out/*.ndjson.gz"},
		{"tsv://host:8080/x.tsv", "/w", "file://h1", "/w/host:8080/x.tsv"}, // a built-in format is always a file
		{"fileblob+csv:///srv/k.csv", "", "file://h1", "/srv/k.csv"},
		{"s3+gz+csv://bucket/raw/orders-*.csv.gz;region=eu-west-1", "", "s3://bucket", "raw/orders-*.csv.gz"},
		{"gs+json://b/k/x.json", "", "gs://b", "k/x.json"},
		{"memblob+csv://b/k.csv", "", "memblob://b", "k.csv"},
		{"azblob+csv://container/dir/k.csv", "", "azblob://container", "dir/k.csv"},
		{"azblob+csv://c/k.csv;storage_account=acct", "", "wasbs://c@acct.blob.core.windows.net", "k.csv"},
		{"azblob+csv://c/k.csv;domain=blob.core.chinacloudapi.cn;storage_account=acct", "", "wasbs://c@acct.blob.core.chinacloudapi.cn", "k.csv"},
		{"mem://people", "", "mem", "people"},
		// Tables, named as OpenLineage's naming conventions name them: the
		// server (with its default port) as namespace, the table's full
		// name as name; never the user or password.
		{"postgres://app:xxxxx@db.internal:5432/shop?sslmode=require;table=public.orders", "", "postgres://db.internal:5432", "shop.public.orders"},
		{"postgres://app:p%40ss@DB.Internal/shop;table=orders;mode=upsert", "", "postgres://db.internal:5432", "shop.public.orders"},
		{"postgres://db.internal/shop;table=sales.orders", "", "postgres://db.internal:5432", "shop.sales.orders"},
		{"postgres://[::1]:6432/shop;table=t", "", "postgres://[::1]:6432", "shop.public.t"},
		{"mysql://etl:xxxxx@db.internal:3307/warehouse?tls=true;table=sales", "", "mysql://db.internal:3307", "warehouse.sales"},
		{"mysql://db.internal/warehouse;table=archive.sales", "", "mysql://db.internal:3306", "archive.sales"},
		{"sqlite://data/app.db;table=sales", "/w", "sqlite://h1/w/data/app.db", "sales"},
		{"sqlite:///srv/app.db;table=main.sales;fingerprint=none", "", "sqlite://h1/srv/app.db", "main.sales"},
		// Types this package does not know, as a program registers them.
		{"warehouse://app:xxxxx@db.internal:5432/shop/public.orders", "", "warehouse://db.internal:5432", "shop/public.orders"},
		{"s3+parquet://lake/t/part-0.parquet;compression=snappy", "", "s3://lake", "t/part-0.parquet"},
		{"zst+parquet:///lake/x.parquet", "", "file://h1", "/lake/x.parquet"},
		// A built-in type whose options do not parse here is still named.
		{"s3+csv://b/k.csv;token=xxxxx", "", "s3://b", "k.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.location, func(t *testing.T) {
			ns, name, err := datasetName(nil, tt.location, "h1", tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			if ns != tt.wantNS || name != tt.wantNm {
				t.Errorf("got (%q, %q), want (%q, %q)", ns, name, tt.wantNS, tt.wantNm)
			}
		})
	}
	if ns, _, err := DatasetName("csv:///x.csv", "", ""); err != nil || ns != "file://localhost" {
		t.Errorf("no host: namespace %q, error %v", ns, err)
	}
}

func TestDatasetNameRegistry(t *testing.T) {
	reg := engine.NewRegistry()
	if err := reg.Register(engine.Spec{Name: "warehouse", Kind: engine.KindType}); err != nil {
		t.Fatal(err)
	}
	ns, name, err := datasetName(reg, "warehouse://wh.example.com:443/sales/orders", "h1", "")
	if err != nil || ns != "warehouse://wh.example.com:443" || name != "sales/orders" {
		t.Errorf("got (%q, %q, %v)", ns, name, err)
	}
}

func TestDatasetNameErrors(t *testing.T) {
	tests := []struct{ location, want string }{
		{"people.csv", `missing "://"`},
		{"://x", "location"},
		{"s3+csv://bucket", "a s3 location is bucket/key"},
		{"s3+csv://bucket/", "a s3 location is bucket/key"},
		{"mem://", "names no dataset"},
		{"warehouse://db.internal:5432", "names a server but no dataset on it"},
		{"postgres://db.internal:5432/shop", "names no table"},
		{"postgres://db.internal:5432/;table=t", "names no database"},
		{"mysql://u@db.internal?tls=true;table=t", "names no database"},
		{"sqlite://;table=t", "the file path is empty"},
		{"a++b://x", "location"},
		{"@://:/0", "location"},
		{"CSV+x://y/z", "location"},
	}
	for _, tt := range tests {
		t.Run(tt.location, func(t *testing.T) {
			_, _, err := DatasetName(tt.location, "h", "/w")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func FuzzDatasetName(f *testing.F) {
	for _, s := range []string{
		"csv://data/x.csv", "s3+gz+csv://b/k;region=x", "mem://m", "postgres://u:p@h:1/db", "azblob+csv://c/k;storage_account=a",
		"x://", "://", "a+://b", "csv://C:/data/x.csv", "file://@/x", "@://:/0",
	} {
		f.Add(s)
	}
	reg := engine.NewRegistry()
	f.Fuzz(func(t *testing.T, loc string) {
		ns, name, err := datasetName(reg, loc, "h", "/w")
		if err != nil {
			return
		}
		if ns == "" || name == "" {
			t.Errorf("DatasetName(%q) = (%q, %q) without an error", loc, ns, name)
		}
		if strings.Contains(ns, "@") && !strings.HasPrefix(ns, "wasbs://") {
			t.Errorf("DatasetName(%q): namespace %q may hold a user or password", loc, ns)
		}
	})
}
