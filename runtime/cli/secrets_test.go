package cli_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime"
	"github.com/ayeaye-go/ayeaye/runtime/cli"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/table"
	"github.com/ayeaye-go/ayeaye/runtime/table/tabletest"
)

// leakPasswords are the passwords TestSecretsAppearNowhere fills into
// engine URLs: every ASCII punctuation character, spaces, a tab, Unicode,
// one character and 200. Every window of four characters of each holds
// one of Q, J, X, K, Z or a character that ordinary output never has, so
// that finding a fragment means finding the secret, not a word.
func leakPasswords() []string {
	pws := []string{"p@ss:w/rd?x#y%zQ", "ab;cdQZ=ef;ghJX", "§", "Qü€Z😀Jß", "QzJ Xk Zv", " QzJ XkZ ", "Q\tJX\tK", "%41%zzQJ", "%25QJX%", "QJ+X&k=Z", "QJ\"X'K`Z", "Q J\u00a0X\u2028K"}
	const punct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	for i := 0; i < len(punct); i += 4 {
		c := punct[i : i+4]
		pws = append(pws, "Qz"+c[:1]+"Jq"+c[1:2]+"Xk"+c[2:3]+"Zv"+c[3:]+"Kw")
	}
	var long strings.Builder
	for i := 0; long.Len() < 200; i++ {
		if i%3 == 0 {
			long.WriteByte("QJXKZ"[i/3%5])
		} else {
			long.WriteByte(punct[i%len(punct)])
		}
	}
	return append(pws, long.String())
}

// needles are what must not appear anywhere for pw: every fragment of
// four characters (the whole secret when it is shorter), and the whole
// secret escaped as URLs, JSON and Go strings write it.
func needles(pw string) []string {
	r := []rune(pw)
	n := min(4, len(r))
	var out []string
	for i := 0; i+n <= len(r); i++ {
		out = append(out, string(r[i:i+n]))
	}
	b, _ := json.Marshal(pw)
	q := strconv.Quote(pw)
	for _, f := range []string{url.PathEscape(pw), url.QueryEscape(pw), string(b[1 : len(b)-1]), q[1 : len(q)-1]} {
		if f != pw {
			out = append(out, f)
		}
	}
	return out
}

// secretLoad is the model of the test's program: the popularity of the
// survey's colours, written to wherever the environment says, failing
// after writing when fail is set.
type secretLoad struct {
	Answers    runtime.Input[datasets.FavouriteColour]
	Popularity runtime.Output[datasets.ColourPopularity]
	fail       bool
}

func (m *secretLoad) Build(ctx context.Context) error {
	p := &popularity{Answers: m.Answers, Popularity: m.Popularity}
	if err := p.Build(ctx); err != nil {
		return err
	}
	if m.fail {
		return errors.New("the build broke after writing")
	}
	return nil
}

// brokenPopularity is where the broken model writes: the target's
// database or bucket, in a table or key of its own.
var brokenPopularity = func() *runtime.Dataset[datasets.ColourPopularity] {
	d := *datasets.ColourPopularityDataset
	d.Name, d.EngineURL = "broken_popularity", "{broken}"
	return &d
}()

const leakConfig = `version: 1
environments:
  prod:
    vars:
      data_root: @DIR@/data
      target: "@TARGET@"
      broken: "@BROKEN@"
    secrets:
      pw: {env: AYEAYE_LEAK_TEST_PW}
`

// leakTarget is where the test's program writes: a template with {pw}
// in it, and whether the run can reach it.
type leakTarget struct {
	name      string
	template  string // the output's engine URL, with {pw}
	reachable bool   // runs that should succeed do
	setup     func(t *testing.T, pw string)
}

// leakLineage collects the OpenLineage events sent over HTTP.
type leakLineage struct {
	mu     sync.Mutex
	bodies []string
}

func (l *leakLineage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	l.mu.Lock()
	l.bodies = append(l.bodies, r.URL.String()+"\n"+string(b))
	l.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// TestSecretsAppearNowhere runs the user's program (cli.Main, in
// process, in a project directory of its own) with a password filled
// into PostgreSQL, MariaDB and S3 engine URLs, in runs that succeed, fail
// to connect, fail in Build and skip bad records, then lists, plans,
// graphs, locks and shows its lineage and runs; and finds no secret and
// no four-character fragment of one in stdout, stderr, the OpenLineage
// events sent over HTTP, or any file or path in the project (run store,
// manifests, ayeaye.lock, lineage file, graphs, rejects). The successful
// runs log in with the password (MariaDB checks it; PostgreSQL on
// 127.0.0.1 trusts, but the URL must still parse as written).
func TestSecretsAppearNowhere(t *testing.T) {
	pg := tabletest.Require(t, table.Postgres)
	my := tabletest.Require(t, table.MySQL)
	lineage := &leakLineage{}
	srv := httptest.NewServer(lineage)
	defer srv.Close()
	for i, pw := range leakPasswords() {
		for _, target := range []leakTarget{
			pgTarget(t, pg, i), mysqlTarget(t, my, i),
			{name: "s3", template: "s3+json://bucket/popularity.json;endpoint=http://ak:{pw}@127.0.0.1:1;region=us-east-1"},
		} {
			t.Run(fmt.Sprintf("%d/%s", i, target.name), func(t *testing.T) {
				if target.setup != nil {
					target.setup(t, pw)
				}
				lineage.mu.Lock()
				lineage.bodies = nil
				lineage.mu.Unlock()
				dir := t.TempDir()
				t.Chdir(dir) // rejects of a table output go to the working directory
				printed := runLeakScenarios(t, dir, pw, target, srv.URL)
				lineage.mu.Lock()
				printed = append(printed, lineage.bodies...)
				lineage.mu.Unlock()
				if len(lineage.bodies) == 0 {
					t.Error("no OpenLineage event reached the HTTP server")
				}
				findLeaks(t, dir, pw, printed)
			})
		}
	}
}

// runLeakScenarios runs the program's commands against target and
// returns everything they printed.
func runLeakScenarios(t *testing.T, dir, pw string, target leakTarget, lineageURL string) []string {
	const header = "person_id,name,colour,surveyed_on,certainty\n"
	good := header + "1,Ada,blue,2026-03-01,0.9\n2,Bo,red,2026-03-02,\n3,Cy,red,2026-03-02,\n"
	writeFile(t, filepath.Join(dir, "data", "favourite_colours.csv"), good)
	broken := strings.ReplaceAll(strings.ReplaceAll(target.template, ";table=ayeaye_leak_", ";table=ayeaye_broken_"), "popularity.json", "broken.json")
	cfg := strings.NewReplacer("@DIR@", dir, "@TARGET@", target.template, "@BROKEN@", broken).Replace(leakConfig)
	prog := cli.Program{
		Name: "leaky", Config: []byte(cfg), ConfigPath: filepath.Join(dir, "ayeaye.yaml"), Dir: dir,
		Getenv: func(k string) string { return map[string]string{"AYEAYE_LEAK_TEST_PW": pw}[k] },
		Code:   provenance.Code{Module: "example.com/leaky", Revision: "r1"},
		Models: []cli.Model{
			{Name: "load", New: func() runtime.Model {
				return &secretLoad{Answers: datasets.FavouriteColoursDataset.Input(), Popularity: datasets.ColourPopularityDataset.Output()}
			}},
			{Name: "broken", New: func() runtime.Model {
				return &secretLoad{Answers: datasets.FavouriteColoursDataset.Input(), Popularity: brokenPopularity.Output(), fail: true}
			}},
		},
	}
	var printed []string
	run := func(wantCode int, want string, args ...string) {
		t.Helper()
		var out, errOut strings.Builder
		code := cli.Main(prog, args, &out, &errOut)
		printed = append(printed, out.String(), errOut.String())
		if code != wantCode || !strings.Contains(out.String()+errOut.String(), want) {
			t.Errorf("%s: exit %d, want %d and %q\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, wantCode, want, out.String(), errOut.String())
		}
	}
	set := "colour_popularity={target}"
	fileLineage := filepath.Join(dir, "lineage.ndjson")
	if target.reachable {
		run(0, "load: ok", "run", "-set", set, "-lineage", fileLineage, "load")
		run(1, "the build broke after writing", "run", "-lineage", lineageURL, "broken")
		run(0, "Ada", "peek", "-set", set, "colour_popularity")
		writeFile(t, filepath.Join(dir, "data", "favourite_colours.csv"), good+"4,Di,red,2026-02-30,\n")
		run(0, "colour_popularity.rejects.ndjson", "run", "-set", set, "-skip-bad", "-lineage", fileLineage, "load")
		if _, err := os.Stat(filepath.Join(dir, "colour_popularity.rejects.ndjson")); err != nil {
			t.Errorf("the rejects of a table output are not named from the dataset: %v", err)
		}
		writeFile(t, filepath.Join(dir, "data", "favourite_colours.csv"), good)
	}
	unreachable := strings.ReplaceAll(strings.ReplaceAll(target.template, ":5432/", ":1/"), ":3306/", ":1/")
	run(1, "", "run", "-set", "colour_popularity="+unreachable, "-lineage", lineageURL, "load")
	run(1, "", "run", "-set", "broken_popularity="+unreachable, "-skip-bad", "-lineage", fileLineage, "broken")
	run(0, "colour_popularity", "list", "-set", set)
	run(0, "colour_popularity", "plan", "-set", set, "load")
	for _, format := range []string{"dot", "mermaid"} {
		run(0, "colour_popularity", "graph", "-set", set, "-format", format)
	}
	for _, format := range []string{"json", "html"} {
		run(0, "", "graph", "-set", set, "-format", format, "-o", filepath.Join(dir, "graph."+format))
	}
	lockCode := 0
	if !target.reachable {
		lockCode = 1 // the output cannot be read to be fingerprinted
	}
	run(lockCode, "", "lock", "-set", set, "load")
	run(0, "load", "runs")
	run(0, "colour_popularity", "lineage", "-set", set, "colour_popularity")
	if _, err := os.Stat(filepath.Join(dir, "ayeaye.lock")); target.reachable && err != nil {
		t.Errorf("lock did not write ayeaye.lock: %v", err)
	}
	return printed
}

// findLeaks reports every needle of pw in what was printed and in the
// names and contents of every file under dir.
func findLeaks(t *testing.T, dir, pw string, printed []string) {
	t.Helper()
	ns := needles(pw)
	look := func(where, text string) {
		for _, n := range ns {
			if i := strings.Index(text, n); i >= 0 {
				lo, hi := max(0, i-60), min(len(text), i+len(n)+60)
				t.Errorf("%s holds %q of the secret: …%s…", where, n, text[lo:hi])
				return
			}
		}
	}
	for i, p := range printed {
		look(fmt.Sprintf("output %d", i), p)
	}
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		look("the path "+rel, rel)
		if d.Type().IsRegular() {
			files++
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			look("the file "+rel, string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"graph.json", "graph.html"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("the commands did not write %s: %v", want, err)
		}
	}
}

// pgTarget writes to a PostgreSQL table as a role of its own, created
// with the password and dropped after the test.
func pgTarget(t *testing.T, db tabletest.Database, i int) leakTarget {
	role := fmt.Sprintf("ayeaye_leak_%d", i)
	_, hostDB, _ := strings.Cut(db.Location, "@")
	return leakTarget{
		name: "postgres", reachable: true,
		template: "postgres://" + role + ":{pw}@" + hostDB + ";table=" + role,
		setup: func(t *testing.T, pw string) {
			admin := db.Open(t).SQL()
			ctx := context.Background()
			drop := func() {
				admin.ExecContext(ctx, "DROP OWNED BY "+role)
				admin.ExecContext(ctx, "DROP ROLE IF EXISTS "+role)
			}
			drop()
			for _, q := range []string{
				"CREATE ROLE " + role + " LOGIN PASSWORD '" + strings.ReplaceAll(pw, "'", "''") + "'",
				"GRANT ALL ON SCHEMA public TO " + role,
			} {
				if _, err := admin.ExecContext(ctx, q); err != nil {
					t.Fatalf("creating the role: %v", err)
				}
			}
			t.Cleanup(drop)
		},
	}
}

// mysqlTarget writes to a MariaDB table as a user of its own, created
// with the password (which MariaDB checks) and dropped after the test.
func mysqlTarget(t *testing.T, db tabletest.Database, i int) leakTarget {
	user := fmt.Sprintf("ayeaye_leak_%d", i)
	_, hostDB, _ := strings.Cut(db.Location, "@")
	return leakTarget{
		name: "mysql", reachable: true,
		template: "mysql://" + user + ":{pw}@" + hostDB + ";table=" + user,
		setup: func(t *testing.T, pw string) {
			admin := db.Open(t).SQL()
			ctx := context.Background()
			drop := func() {
				admin.ExecContext(ctx, "DROP TABLE IF EXISTS "+user+", "+strings.Replace(user, "leak", "broken", 1))
				admin.ExecContext(ctx, "DROP USER IF EXISTS '"+user+"'@'%'")
			}
			drop()
			quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(pw)
			for _, q := range []string{
				"CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + quoted + "'",
				"GRANT ALL ON test.* TO '" + user + "'@'%'",
			} {
				if _, err := admin.ExecContext(ctx, q); err != nil {
					t.Fatalf("creating the user: %v", err)
				}
			}
			t.Cleanup(drop)
		},
	}
}
