package collection_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/runtime/collection"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var dataElement = regexp.MustCompile(`(?s)<script type="application/json" id="ayeaye-graph">(.*?)</script>`)

// The page is the same bytes every time, names cannot break out of the
// data element, and the embedded data (checked against a golden file)
// carries the graph, the fields and the filtered run status.
func TestWriteHTML(t *testing.T) {
	c := fixtureGraph(t)
	var a, b bytes.Buffer
	if err := c.WriteHTML(&a, fixtureStatus()); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteHTML(&b, fixtureStatus()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of the same graph differ")
	}
	page := a.String()
	// Three script elements (data, layout.js, page.js) and nothing else
	// closes one: the model named tidy</script>… is escaped.
	if n := strings.Count(strings.ToLower(page), "</script"); n != 3 {
		t.Errorf("%d script elements closed, want 3", n)
	}
	for _, bad := range []string{"<b>", `src="http`, `href="http`, "<link rel=\"stylesheet\""} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	m := dataElement.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no graph data element")
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, []byte(m[1]), "", "  "); err != nil {
		t.Fatalf("the graph data is not JSON: %v", err)
	}
	golden(t, "testdata/fixture-graph.json", append(indented.Bytes(), '\n'))

	var empty bytes.Buffer
	none, err := collection.New(runner(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := none.WriteHTML(&empty, nil); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(`{"models":[],"datasets":[],"groups":[]}`, dataElement.FindStringSubmatch(empty.String())[1]); d != "" {
		t.Errorf("empty graph data (-want +got):\n%s", d)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteHTMLWriteError(t *testing.T) {
	if err := fixtureGraph(t).WriteHTML(failingWriter{}, nil); err == nil {
		t.Error("a failing writer was not reported")
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the tests with -update to create it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got; -update rewrites it):\n%s", path, d)
	}
}

// drawnNode is a node as the browser drew it.
type drawnNode struct {
	ID, Title, Class   string
	Left, Top, W, H    float64 // on screen
	BoxW, BoxH         float64 // the node's rectangle, in graph units
	ContentW, ContentH float64 // everything drawn in it, in graph units
}

const readNodes = `[...document.querySelectorAll("#viewport .node")].map((g) => {
	const r = g.getBoundingClientRect(), box = g.querySelector(".box"), bb = g.getBBox();
	return {ID: g.id, Title: g.querySelector(".title").textContent,
		Class: [...g.classList].filter((c) => c !== "node").sort().join(" "),
		Left: r.left, Top: r.top, W: r.width, H: r.height,
		BoxW: +box.getAttribute("width"), BoxH: +box.getAttribute("height"),
		ContentW: bb.x + bb.width, ContentH: bb.y + bb.height};
})`

// lineage computes, from the graph itself, what clicking id must
// highlight: the class every node must then have, and the class of every
// edge ("from>to").
func lineage(g collection.GraphJSON, id string) (nodes, edges map[string]string) {
	ids := map[string]string{} // "m:name" / "d:location" -> DOM id
	for i, m := range g.Models {
		ids["m:"+m.Name] = fmt.Sprint("m", i)
	}
	for i, d := range g.Datasets {
		ids["d:"+d.Location] = fmt.Sprint("d", i)
	}
	succ, pred := map[string][]string{}, map[string][]string{}
	for _, m := range g.Models {
		for _, in := range m.Inputs {
			succ[ids["d:"+in]] = append(succ[ids["d:"+in]], ids["m:"+m.Name])
			pred[ids["m:"+m.Name]] = append(pred[ids["m:"+m.Name]], ids["d:"+in])
		}
		for _, out := range m.Outputs {
			succ[ids["m:"+m.Name]] = append(succ[ids["m:"+m.Name]], ids["d:"+out])
			pred[ids["d:"+out]] = append(pred[ids["d:"+out]], ids["m:"+m.Name])
		}
	}
	reach := func(next map[string][]string) map[string]bool {
		seen := map[string]bool{}
		todo := []string{id}
		for len(todo) > 0 {
			x := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			for _, y := range next[x] {
				if y != id && !seen[y] {
					seen[y] = true
					todo = append(todo, y)
				}
			}
		}
		return seen
	}
	up, down := reach(pred), reach(succ)
	edges = map[string]string{}
	for from, tos := range succ {
		for _, to := range tos {
			switch {
			case up[from] && (to == id || up[to]):
				edges[from+">"+to] = "upstream"
			case down[to] && (from == id || down[from]):
				edges[from+">"+to] = "downstream"
			default:
				edges[from+">"+to] = "dim"
			}
		}
	}
	want := map[string]string{}
	for _, x := range ids {
		var cls []string
		if up[x] && down[x] {
			cls = []string{"downstream", "upstream"}
		} else if up[x] {
			cls = []string{"upstream"}
		} else if down[x] {
			cls = []string{"downstream"}
		} else if x != id {
			cls = []string{"dim"}
		} else {
			cls = []string{"selected"}
		}
		want[x] = strings.Join(cls, " ")
	}
	return want, edges
}

const readEdges = `Object.fromEntries([...document.querySelectorAll("#viewport .edge")].map((e) =>
	[e.dataset.from + ">" + e.dataset.to, [...e.classList].filter((c) => ["upstream", "downstream", "dim"].includes(c)).join(" ")]))`

// checkLineage compares what the page highlights with what clicking id
// must highlight.
func checkLineage(t *testing.T, p *page, g collection.GraphJSON, id string) {
	t.Helper()
	wantNodes, wantEdges := lineage(g, id)
	if d := cmp.Diff(wantNodes, highlights(eval[[]drawnNode](t, p, readNodes))); d != "" {
		t.Errorf("node classes with %s selected (-want +got):\n%s", id, d)
	}
	if d := cmp.Diff(wantEdges, eval[map[string]string](t, p, readEdges)); d != "" {
		t.Errorf("edge classes with %s selected (-want +got):\n%s", id, d)
	}
}

// highlights reads the lineage classes of every node: its kind removed.
func highlights(nodes []drawnNode) map[string]string {
	got := map[string]string{}
	for _, n := range nodes {
		cls := strings.Fields(n.Class)
		cls = slices.DeleteFunc(cls, func(c string) bool { return c == "model" || c == "dataset" })
		got[n.ID] = strings.Join(cls, " ")
	}
	return got
}

// checkDrawn checks every model and dataset is drawn once with its name,
// no two nodes overlap and every node's text fits inside its box.
func checkDrawn(t *testing.T, g collection.GraphJSON, nodes []drawnNode) {
	t.Helper()
	want := map[string]string{}
	for i, m := range g.Models {
		want[fmt.Sprint("m", i)] = m.Name
	}
	for i, d := range g.Datasets {
		want[fmt.Sprint("d", i)] = d.Name
	}
	got := map[string]string{}
	for _, n := range nodes {
		got[n.ID] = n.Title
		if len([]rune(n.Title)) > 42 {
			t.Errorf("%s: title %q is not clipped", n.ID, n.Title)
		}
		if n.ContentW > n.BoxW+0.5 || n.ContentH > n.BoxH+0.5 {
			t.Errorf("%s (%s): text of %.1fx%.1f spills out of its %.0fx%.0f box", n.ID, n.Title, n.ContentW, n.ContentH, n.BoxW, n.BoxH)
		}
	}
	for id, name := range want {
		if len([]rune(name)) > 42 {
			want[id] = string([]rune(name)[:41]) + "…"
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("drawn nodes by id (-want +got):\n%s", d)
	}
	sorted := slices.Clone(nodes)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Left < sorted[j].Left })
	overlaps := 0
	for i, a := range sorted {
		for _, b := range sorted[i+1:] {
			if b.Left >= a.Left+a.W {
				break
			}
			if a.Top < b.Top+b.H && b.Top < a.Top+a.H {
				overlaps++
				if overlaps <= 5 {
					t.Errorf("%s (%s) and %s (%s) overlap", a.ID, a.Title, b.ID, b.Title)
				}
			}
		}
	}
}

// TestHTMLInChromium loads pages in headless Chromium: the fixture graph
// is drawn without errors, clicking a node highlights exactly its lineage
// and the panel shows it, and a 200-model graph is drawn with no overlap.
func TestHTMLInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	ctx := browser(t)

	t.Run("fixture", func(t *testing.T) {
		c := fixtureGraph(t)
		var html bytes.Buffer
		if err := c.WriteHTML(&html, fixtureStatus()); err != nil {
			t.Fatal(err)
		}
		t.Logf("page: %s", artefact(t, "lineage-fixture.html", html.Bytes()))
		p := open(t, ctx, html.Bytes())
		g := c.Graph()
		nodes := eval[[]drawnNode](t, p, readNodes)
		checkDrawn(t, g, nodes)
		edges := eval[int](t, p, `document.querySelectorAll("#viewport .edge").length`)
		if want := edgeCount(g); edges != want {
			t.Errorf("%d edges drawn, want %d (one per read and write)", edges, want)
		}
		// backfill_weather appends to weather: its edge is drawn dashed, and
		// weather sits right of both its writers.
		appends := eval[struct {
			Edges                 int
			Dash                  string
			WriterRight, DataLeft float64
		}](t, p, `(() => { const e = document.querySelectorAll("#viewport .edge.appends");
			const box = (label) => document.querySelector('#viewport [aria-label="' + label + '"]').getBoundingClientRect();
			return {Edges: e.length, Dash: e.length ? getComputedStyle(e[0]).strokeDasharray : "",
				WriterRight: box("model backfill_weather").right, DataLeft: box("dataset weather").left}; })()`)
		if appends.Edges != 1 || appends.Dash == "none" || appends.Dash == "" || appends.DataLeft <= appends.WriterRight {
			t.Errorf("the appending write: %+v", appends)
		}

		// Show it all, then click count_colours on its title band, as a
		// person would.
		p.do(t, chromedp.Click(chromedp.CSS("#fit")))
		target := "m1"
		at := eval[[]float64](t, p, fmt.Sprintf(`(() => { const r = document.getElementById(%q).getBoundingClientRect(); return [r.left + 12, r.top + 8]; })()`, target))
		p.do(t, chromedp.MouseClickXY(at[0], at[1]))
		checkLineage(t, p, g, target)

		// Dragging pans the graph, starting on a node or not, and leaves
		// the selection alone.
		before := eval[string](t, p, `document.getElementById("viewport").getAttribute("transform")`)
		from := eval[[]float64](t, p, `(() => { const r = document.getElementById("m2").getBoundingClientRect(); return [r.left + 12, r.top + 8]; })()`)
		p.do(t,
			chromedp.MouseEvent(chromedp.MouseMoved, from[0], from[1]),
			chromedp.MouseEvent(chromedp.MousePressed, from[0], from[1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
			chromedp.MouseEvent(chromedp.MouseMoved, from[0]+60, from[1]+40, chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseMoved, from[0]+120, from[1]+80, chromedp.ButtonLeft),
			chromedp.MouseEvent(chromedp.MouseReleased, from[0]+120, from[1]+80, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		)
		if after := eval[string](t, p, `document.getElementById("viewport").getAttribute("transform")`); after == before {
			t.Errorf("dragging did not pan: transform still %s", after)
		}
		checkLineage(t, p, g, target)
		p.do(t, chromedp.Click(chromedp.CSS("#fit")))
		panel := eval[struct{ Title, Text string }](t, p, `({Title: document.querySelector("#details h2").textContent, Text: document.getElementById("details").innerText})`)
		if panel.Title != "count_colours" || !strings.Contains(panel.Text, "3 upstream, 7 downstream") || !strings.Contains(panel.Text, "1,198") || !strings.Contains(panel.Text, "succeeded") {
			t.Errorf("details panel:\n%s", panel.Text)
		}
		p.screenshot(t, "lineage-fixture.png")

		// The model whose name is markup is drawn as text.
		markup := eval[struct{ Title, Bold int }](t, p, `({Title: [...document.querySelectorAll(".title")].filter((e) => e.textContent.startsWith("tidy</script>")).length, Bold: document.querySelectorAll("b").length})`)
		if markup.Title != 1 || markup.Bold != 0 {
			t.Errorf("a name with markup: %+v", markup)
		}

		// A dataset through the find box: its fields are listed.
		p.do(t, chromedp.SendKeys(chromedp.CSS("#find"), "paint_orders\r"))
		fields := eval[[]string](t, p, `[...document.querySelectorAll("#details tbody tr")].map((r) => r.cells[0].textContent + ": " + r.cells[1].textContent)`)
		if d := cmp.Diff([]string{"colour: string", "litres: string (decimal)", "priority: enum(high, normal, low)", "tins: integer"}, fields); d != "" {
			t.Errorf("paint_orders fields in the panel (-want +got):\n%s", d)
		}
		paint := ""
		for i, d := range g.Datasets {
			if d.Name == "paint_orders" {
				paint = fmt.Sprint("d", i)
			}
		}
		checkLineage(t, p, g, paint)

		// Every node, including those of the model that updates what it
		// reads, highlights its own lineage.
		for i := range len(g.Models) + len(g.Datasets) {
			id := fmt.Sprint("m", i)
			if i >= len(g.Models) {
				id = fmt.Sprint("d", i-len(g.Models))
			}
			eval[bool](t, p, fmt.Sprintf(`ayeaye.select(%q), true`, id))
			checkLineage(t, p, g, id)
		}

		// Escape clears the highlight.
		p.do(t, chromedp.KeyEvent("\x1b"))
		lit := eval[int](t, p, `document.querySelectorAll(".selected, .upstream, .downstream, .dim").length`)
		if lit != 0 {
			t.Errorf("%d elements still highlighted after Escape", lit)
		}
		p.clean(t)
	})

	t.Run("edge cases", func(t *testing.T) {
		for _, tt := range []struct {
			name   string
			models []collection.Model
		}{
			{"empty", nil},
			{"no datasets", []collection.Model{{Name: "alone", Model: idle{}}}},
			{"updates what it reads", []collection.Model{shaped(t, "dedupe", nil, []string{"people"}, []string{"people"})}},
		} {
			c, err := collection.New(runner(), tt.models)
			if err != nil {
				t.Fatal(err)
			}
			var html bytes.Buffer
			if err := c.WriteHTML(&html, nil); err != nil {
				t.Fatal(err)
			}
			p := open(t, ctx, html.Bytes())
			g := c.Graph()
			checkDrawn(t, g, eval[[]drawnNode](t, p, readNodes))
			if n := eval[int](t, p, `document.querySelectorAll("#viewport .edge").length`); n != edgeCount(g) {
				t.Errorf("%s: %d edges drawn, want %d", tt.name, n, edgeCount(g))
			}
			p.clean(t)
		}
	})

	t.Run("200 models", func(t *testing.T) {
		c := generatedGraph(t, 200)
		g := c.Graph()
		status := map[string]collection.ModelStatus{}
		for i, m := range g.Models {
			status[m.Name] = collection.ModelStatus{Status: [...]string{"succeeded", "succeeded", "succeeded", "failed", "skipped"}[i%5]}
		}
		var html bytes.Buffer
		if err := c.WriteHTML(&html, status); err != nil {
			t.Fatal(err)
		}
		t.Logf("page: %s (%d KiB)", artefact(t, "lineage-200.html", html.Bytes()), html.Len()/1024)
		p := open(t, ctx, html.Bytes())
		nodes := eval[[]drawnNode](t, p, readNodes)
		if len(nodes) != len(g.Models)+len(g.Datasets) {
			t.Errorf("%d nodes drawn, want %d models and %d datasets", len(nodes), len(g.Models), len(g.Datasets))
		}
		checkDrawn(t, g, nodes)
		t.Logf("layout and drawing took %s ms", eval[string](t, p, `JSON.stringify(ayeaye.timing)`))
		zoom := eval[float64](t, p, `ayeaye.view.k`)
		if zoom < 0.6 {
			t.Errorf("the page opens at zoom %.2f; at 200 models it must open readable", zoom)
		}
		p.screenshot(t, "lineage-200.png")
		p.do(t, chromedp.Click(chromedp.CSS("#fit")))
		p.screenshot(t, "lineage-200-fit.png")
		// Find a model in the middle: it is centred, selected and lit.
		p.do(t, chromedp.SendKeys(chromedp.CSS("#find"), "model_100\r"))
		checkLineage(t, p, g, "m100")
		p.screenshot(t, "lineage-200-selected.png")
		p.clean(t)
	})
}

func edgeCount(g collection.GraphJSON) int {
	n := 0
	for _, m := range g.Models {
		n += len(m.Inputs) + len(m.Outputs)
	}
	return n
}
