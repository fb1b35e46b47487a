package collection

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"
)

// The page's styles and scripts, inlined in name order: layout.js defines
// the layout that page.js draws with.
//
//go:embed assets/*.css assets/*.js
var assets embed.FS

// ModelStatus is what the last run of a model did, as the HTML page shows
// it. Status is free text from the run record; "succeeded", "failed",
// "skipped" and "running" (and their usual synonyms) are coloured.
type ModelStatus struct {
	Status   string
	Finished time.Time // zero when unknown
	// Records counts the records the run read or wrote, by dataset
	// location (ModelJSON.Inputs and Outputs; runtime.DatasetReport.Location).
	Records map[string]int64
}

// htmlGraph is the JSON the page draws: the graph and, once run records
// exist, each model's last run by model name.
type htmlGraph struct {
	GraphJSON
	Status map[string]htmlStatus `json:"status,omitempty"`
}

type htmlStatus struct {
	Status   string           `json:"status"`
	Finished string           `json:"finished,omitempty"`
	Records  map[string]int64 `json:"records,omitempty"`
}

// WriteHTML writes the graph as one self-contained HTML page: no network
// access, scripts and styles inline. The page lays the graph out left to
// right, shows each dataset's fields and types and each model's inputs
// and outputs, and highlights everything upstream and downstream of a
// node when it is clicked. status holds each model's last run, by model
// name; pass nil before anything has run. Status for models that are not
// in the collection (run records of since-removed models) is left out, as
// are record counts of datasets the model does not read or write. The
// output is the same bytes for the same graph and status.
func (c *Collection) WriteHTML(w io.Writer, status map[string]ModelStatus) error {
	data := htmlGraph{GraphJSON: c.Graph()}
	for _, name := range slices.Sorted(maps.Keys(status)) {
		n, ok := c.byName[name]
		if !ok {
			continue
		}
		st := status[name]
		hs := htmlStatus{Status: st.Status}
		if hs.Status == "" {
			hs.Status = "unknown"
		}
		if !st.Finished.IsZero() {
			hs.Finished = st.Finished.Format("2006-01-02 15:04:05 MST")
		}
		for loc, count := range st.Records {
			if slices.Contains(n.inputs, loc) || slices.Contains(n.outputs, loc) {
				if hs.Records == nil {
					hs.Records = map[string]int64{}
				}
				hs.Records[loc] = count
			}
		}
		if data.Status == nil {
			data.Status = map[string]htmlStatus{}
		}
		data.Status[name] = hs
	}
	// encoding/json writes <, > and & as \u003c, \u003e and \u0026 (and
	// U+2028/2029 escaped), so no "</script>" or "<!--" can end the data
	// element early, whatever the names hold.
	js, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("collection: encoding the graph for HTML: %w", err)
	}
	styles, err := inline("css", "</style")
	if err != nil {
		return err
	}
	scripts, err := inline("js", "</script")
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(pageHead)
	for _, s := range styles {
		b.WriteString("<style>\n")
		b.WriteString(s)
		b.WriteString("</style>\n")
	}
	b.WriteString(pageBody)
	b.WriteString(`<script type="application/json" id="ayeaye-graph">`)
	b.Write(js)
	b.WriteString("</script>\n")
	for _, s := range scripts {
		b.WriteString("<script>\n")
		b.WriteString(s)
		b.WriteString("</script>\n")
	}
	b.WriteString("</body>\n</html>\n")
	_, err = w.Write(b.Bytes())
	return err
}

// inline returns the embedded assets with extension ext in name order,
// refusing one that would close its element early.
func inline(ext, closer string) ([]string, error) {
	names, err := fs.Glob(assets, "assets/*."+ext)
	if err != nil {
		return nil, fmt.Errorf("collection: listing the page's assets: %w", err)
	}
	out := make([]string, 0, len(names))
	for _, name := range names {
		b, err := assets.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("collection: reading %s: %w", name, err)
		}
		if strings.Contains(strings.ToLower(string(b)), closer) {
			return nil, fmt.Errorf("collection: %s contains %q, which would end its element in the page; write it as %q", name, closer, `<\/`+closer[2:])
		}
		out = append(out, string(b))
	}
	return out, nil
}

// The page around the data. The Content-Security-Policy lets the page run
// only its own inline script and style and load nothing at all, so it
// works, and stays private, with no network.
const pageHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Aye-aye">
<title>Aye-aye lineage</title>
<link rel="icon" href="data:,">
`

const pageBody = `</head>
<body>
<header>
<h1>Aye-aye lineage</h1>
<span id="summary"></span>
<span class="legend"><span class="l-model">model</span><span class="l-dataset">dataset</span><span class="l-selected">selected</span><span class="l-up">upstream</span><span class="l-down">downstream</span></span>
<span class="tools">
<input id="find" type="search" list="names" placeholder="Find a model or dataset" aria-label="Find a model or dataset">
<datalist id="names"></datalist>
<button id="zoom-out" type="button" title="Zoom out" aria-label="Zoom out">−</button>
<button id="zoom-in" type="button" title="Zoom in" aria-label="Zoom in">+</button>
<button id="fit" type="button" title="Show the whole graph">Fit</button>
</span>
</header>
<p id="error" role="alert" hidden></p>
<noscript><p id="noscript">This page draws the graph with JavaScript; please enable it.</p></noscript>
<main>
<svg id="graph" role="img" xmlns="http://www.w3.org/2000/svg">
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>
<marker id="arrow-up" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>
<marker id="arrow-down" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>
</defs>
</svg>
<aside id="details" aria-live="polite"></aside>
</main>
`
