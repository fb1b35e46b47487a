package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func loadShared(t *testing.T, owner string) (own, shared string, sameRecord bool, canonical string) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"readings.json":    owner,
		"readings_gz.json": `{"description": "Gzipped.", "x-ayeaye": {"record": "readings", "engine_url": "gz+csv://r.csv.gz"}}`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ds, diags := Load(dir, []string{"readings.json", "readings_gz.json"})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return ds[0].Fingerprint, ds[1].Fingerprint, ds[0].Record == ds[1].Record, string(ds[1].Canonical)
}

// A dataset that shares a record gets the record itself (one Go type) but
// a fingerprint of its own, which follows the shared record's changes, and
// a canonical schema that stands on its own.
func TestSharedRecord(t *testing.T) {
	v1 := `{"type": "object", "x-ayeaye": {"keys": ["id"]}, "required": ["id"], "properties": {"id": {"type": "integer"}}}`
	v2 := `{"type": "object", "x-ayeaye": {"keys": ["id"]}, "required": ["id"], "properties": {"id": {"type": "integer"}, "note": {"type": "string"}}}`
	own1, shared1, same, canon := loadShared(t, v1)
	if !same {
		t.Error("the sharing dataset has a record of its own")
	}
	if own1 == shared1 {
		t.Error("the two datasets have one fingerprint")
	}
	for _, want := range []string{`"properties":{"id":{"type":"integer"}}`, `"keys":["id"]`, `"description":"Gzipped."`} {
		if !strings.Contains(canon, want) {
			t.Errorf("canonical schema lacks %s: %s", want, canon)
		}
	}
	if strings.Contains(canon, `"record"`) {
		t.Errorf("canonical schema still names the shared record: %s", canon)
	}
	if _, shared2, _, _ := loadShared(t, v2); shared2 == shared1 {
		t.Error("the sharing dataset's fingerprint did not change with the shared record")
	}
}

func TestParseRefusesUnresolvedSharedRecord(t *testing.T) {
	_, diags := Parse("readings_gz.json", []byte(`{"x-ayeaye": {"record": "readings"}}`))
	if len(diags) != 1 || !strings.Contains(diags[0].Message, `shares the record of dataset "readings"`) {
		t.Errorf("diags = %v", diags)
	}
}
