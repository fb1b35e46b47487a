package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGenerateReportsRenamesOnce: when a schema change renames generated
// declarations, generate prints each old and new name as it overwrites
// them, and says nothing about them the next time.
func TestGenerateReportsRenamesOnce(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ayeaye.yaml", "version: 1\nformats: [csv]\n")
	write("schemas/movies.json", `{"type": "object", "properties": {"title": {"type": "string"}, "rating": {"type": "string", "enum": ["g", "pg"]}}}`)
	if code, stdout, stderr := run(t, nil, "generate", "-C", dir); code != ExitOK || strings.Contains(stdout, "renamed") {
		t.Fatalf("first generate: exit %d\n%s%s", code, stdout, stderr)
	}
	write("schemas/movies.json", `{"type": "object", "x-ayeaye": {"record_name": "Film"},
		"properties": {"title": {"type": "string", "x-ayeaye": {"go_name": "Name"}}, "rating": {"type": "string", "enum": ["g", "pg"]}}}`)
	code, stdout, stderr := run(t, nil, "generate", "-q", "-C", dir)
	if code != ExitOK {
		t.Fatalf("second generate: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"generated names renamed; update the code that uses them",
		"\tdatasets.Movie -> datasets.Film\n",
		"\tdatasets.Movie.Title -> datasets.Film.Name\n",
		"\tdatasets.MovieRating -> datasets.FilmRating\n",
		"\tdatasets.MovieRatingPg -> datasets.FilmRatingPg\n",
		"\tdatasets.MovieCodec -> datasets.FilmCodec\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("second generate lacks %q:\n%s", want, stdout)
		}
	}
	// MoviesDataset keeps its name: the handle follows the dataset's name.
	if strings.Contains(stdout, "MoviesDataset") {
		t.Errorf("the dataset variable is reported as renamed:\n%s", stdout)
	}
	if code, stdout, stderr := run(t, nil, "generate", "-C", dir); code != ExitOK || strings.Contains(stdout, "renamed") {
		t.Errorf("third generate reports renames again: exit %d\n%s%s", code, stdout, stderr)
	}
}
