package cli

// The tests in this file run the whole generation pipeline (gen.Generate
// and gen.Vet) on the small project in testdata/project: an ayeaye.yaml
// with "version: 1" and one schema, schemas/people.json, of an object with
// a string and an integer property. They check what the commands do with
// the result, not the generated code itself, so they name no generated
// file except through what generate reports.

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen"
)

// copyProject copies testdata/project into a new temporary directory, so
// tests never write into testdata, and returns the copy's path.
func copyProject(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "project")
	err := filepath.WalkDir("testdata/project", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel("testdata/project", p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// generatedFiles lists the .go files directly in dir/datasets.
func generatedFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "datasets", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

var summary = regexp.MustCompile(`^ayeaye-gen: (\d+) files? written, (\d+) unchanged, (\d+) stale removed\n$`)

// counts parses the generate summary line.
func counts(t *testing.T, stdout string) (written, unchanged, removed int) {
	t.Helper()
	m := summary.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("generate printed %q, want one summary line", stdout)
	}
	n := func(s string) int { i, _ := strconv.Atoi(s); return i }
	return n(m[1]), n(m[2]), n(m[3])
}

func TestPipelineGenerateDiffVet(t *testing.T) {
	dir := copyProject(t)

	// A fresh project: everything is written.
	code, stdout, stderr := run(t, nil, "generate", "-C", dir)
	if code != ExitOK || stderr != "" {
		t.Fatalf("generate: exit %d, stderr:\n%s", code, stderr)
	}
	written, unchanged, removed := counts(t, stdout)
	files := generatedFiles(t, dir)
	if written == 0 || written != len(files) || unchanged != 0 || removed != 0 {
		t.Fatalf("generate printed %q with %d files on disk", stdout, len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), gen.HeaderLine+"\n") {
			t.Errorf("%s does not start with the generated header", f)
		}
	}

	// Again: nothing changes; the up-to-date checks pass quietly.
	code, stdout, _ = run(t, nil, "generate", "-C", dir)
	if w, u, r := counts(t, stdout); code != ExitOK || w != 0 || u != written || r != 0 {
		t.Errorf("second generate: exit %d, %q", code, stdout)
	}
	for _, args := range [][]string{{"diff", "-C", dir}, {"vet", "-C", dir}, {"generate", "-q", "-C", dir}} {
		code, stdout, stderr := run(t, nil, args...)
		if code != ExitOK || stdout != "" || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 0 and silence", args, code, stdout, stderr)
		}
	}

	// Drift: an edited generated file, a stale generated file and a
	// hand-written file next to them.
	edited := files[0]
	rel := "datasets/" + filepath.Base(edited)
	data, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, edited, string(data)+"// edited by hand\n")
	mustWrite(t, filepath.Join(dir, "datasets", "zz_stale.go"), gen.HeaderLine+"\n\npackage datasets\n")
	handWritten := filepath.Join(dir, "datasets", "helpers.go")
	mustWrite(t, handWritten, "package datasets\n")

	code, stdout, stderr = run(t, nil, "diff", "-C", dir)
	if code != ExitProblems {
		t.Errorf("diff after drift: exit %d, want 1", code)
	}
	for _, want := range []string{
		"--- a/" + rel + "\n+++ b/" + rel + "\n",
		"-// edited by hand\n",
		"--- a/datasets/zz_stale.go\n+++ /dev/null\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "helpers.go") {
		t.Errorf("diff mentions the hand-written file:\n%s", stdout)
	}
	if !strings.Contains(stderr, "the generated code is out of date") {
		t.Errorf("diff stderr = %q, want the out-of-date note", stderr)
	}
	code, stdout, _ = run(t, nil, "diff", "-q", "-C", dir)
	if code != ExitProblems || stdout != "" {
		t.Errorf("diff -q: exit %d, stdout %q; want 1 and no diff", code, stdout)
	}

	code, stdout, _ = run(t, nil, "generate", "-v", "-C", dir)
	wantList := "wrote " + filepath.Join(dir, filepath.FromSlash(rel)) + "\n" +
		"removed " + filepath.Join(dir, "datasets", "zz_stale.go") + "\n"
	if code != ExitOK || !strings.HasPrefix(stdout, wantList) {
		t.Errorf("generate -v after drift: exit %d, stdout:\n%s\nwant it to start with:\n%s", code, stdout, wantList)
	}
	if w, u, r := counts(t, strings.TrimPrefix(stdout, wantList)); w != 1 || u != written-1 || r != 1 {
		t.Errorf("generate after drift printed %q", stdout)
	}
	if _, err := os.Stat(handWritten); err != nil {
		t.Errorf("hand-written file is gone: %v", err)
	}
	if code, stdout, _ := run(t, nil, "diff", "-C", dir); code != ExitOK || stdout != "" {
		t.Errorf("diff after generate: exit %d:\n%s", code, stdout)
	}
}

func TestPipelineProblems(t *testing.T) {
	dir := copyProject(t)
	if code, _, stderr := run(t, nil, "generate", "-q", "-C", dir); code != ExitOK {
		t.Fatalf("generate: exit %d:\n%s", code, stderr)
	}
	before := generatedFiles(t, dir)
	schema := filepath.Join(dir, "schemas", "people.json")
	data, err := os.ReadFile(schema)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, schema, strings.Replace(string(data), `"integer"`, `"intger"`, 1))

	// Run from the project's parent with a relative -C: positions are
	// relative to where the user is.
	t.Chdir(filepath.Dir(dir))
	for _, cmd := range []string{"vet", "generate", "diff"} {
		code, stdout, stderr := run(t, nil, cmd, "-C", "project")
		if code != ExitProblems || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want 1 and nothing", cmd, code, stdout)
		}
		if !strings.HasPrefix(stderr, "project/schemas/people.json:") || !strings.Contains(stderr, "intger") {
			t.Errorf("%s: stderr does not report the bad type at its position:\n%s", cmd, stderr)
		}
		if !regexp.MustCompile(`\nayeaye-gen: \d+ problems? found`).MatchString(stderr) {
			t.Errorf("%s: stderr does not count the problems:\n%s", cmd, stderr)
		}
	}
	if after := generatedFiles(t, dir); len(after) != len(before) {
		t.Errorf("generate with problems changed the output: %v -> %v", before, after)
	}
}

func mustWrite(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPipelineEveryStage runs vet and generate on a project with problems
// in every stage (the golden case ../testdata/cases/vet_every_stage, whose
// want.stderr is the list): both print the whole list, not the first
// stage's part of it, and generate writes nothing.
func TestPipelineEveryStage(t *testing.T) {
	const dir = "../testdata/cases/vet_every_stage"
	want, err := os.ReadFile(filepath.Join(dir, "want.stderr"))
	if err != nil {
		t.Fatal(err)
	}
	n := strings.Count(string(want), "\n\thint: ")
	for cmd, after := range map[string]string{"vet": "", "generate": "; nothing was written"} {
		code, stdout, stderr := run(t, nil, cmd, "-C", dir)
		got := strings.ReplaceAll(stderr, dir+"/", "")
		wantAll := string(want) + "ayeaye-gen: " + plural(n, "problem") + " found" + after + "\n"
		if code != ExitProblems || stdout != "" || got != wantAll {
			t.Errorf("%s: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", cmd, code, stdout, got, wantAll)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "datasets")); err == nil {
		t.Errorf("generate wrote %s/datasets despite the problems", dir)
	}
}
