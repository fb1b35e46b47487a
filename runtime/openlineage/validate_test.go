package openlineage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// specValidator checks events against the OpenLineage JSON Schemas in
// testdata: the event against OpenLineage.json, and every facet against
// the schema its _schemaURL names. The facet schemas are registered under
// their $id, so nothing is fetched; a facet whose schema is not in
// testdata fails the test.
type specValidator struct {
	mu      sync.Mutex // Compile is not safe for concurrent use
	c       *jsonschema.Compiler
	event   *jsonschema.Schema
	schemas map[string]*jsonschema.Schema
}

type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("%s is not in testdata; copy it from ../shared/openlineage", url)
}

func newSpecValidator(t testing.TB) *specValidator {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(noLoader{})
	files, err := filepath.Glob("testdata/facets/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(files, "testdata/OpenLineage.json") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if id == "" {
			t.Fatalf("%s has no $id", f)
		}
		if err := c.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	ev, err := c.Compile("https://openlineage.io/spec/2-0-2/OpenLineage.json")
	if err != nil {
		t.Fatal(err)
	}
	return &specValidator{c: c, event: ev, schemas: map[string]*jsonschema.Schema{}}
}

// check validates one encoded event and all its facets.
func (v *specValidator) check(b []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	if err := v.event.Validate(doc); err != nil {
		return fmt.Errorf("event: %v", err)
	}
	ev := doc.(map[string]any)
	var errs []error
	facets := func(where string, m any) {
		fm, _ := m.(map[string]any)
		if len(fm) == 0 && m != nil {
			errs = append(errs, fmt.Errorf("%s: empty facets object", where))
		}
		for name, f := range fm {
			if err := v.facet(f); err != nil {
				errs = append(errs, fmt.Errorf("%s.%s: %v", where, name, err))
			}
		}
	}
	get := func(m any, k string) any { mm, _ := m.(map[string]any); return mm[k] }
	facets("run.facets", get(ev["run"], "facets"))
	facets("job.facets", get(ev["job"], "facets"))
	for _, side := range []string{"inputs", "outputs"} {
		list, _ := ev[side].([]any)
		for i, d := range list {
			facets(fmt.Sprintf("%s[%d].facets", side, i), get(d, "facets"))
			facets(fmt.Sprintf("%s[%d].inputFacets", side, i), get(d, "inputFacets"))
			facets(fmt.Sprintf("%s[%d].outputFacets", side, i), get(d, "outputFacets"))
		}
	}
	return errors.Join(errs...)
}

func (v *specValidator) facet(f any) error {
	url, _ := f.(map[string]any)["_schemaURL"].(string)
	if !strings.HasPrefix(url, "https://openlineage.io/spec/facets/") {
		return fmt.Errorf("_schemaURL %q is not a standard facet's", url)
	}
	v.mu.Lock()
	s, ok := v.schemas[url]
	if !ok {
		var err error
		if s, err = v.c.Compile(url); err != nil {
			v.mu.Unlock()
			return err
		}
		v.schemas[url] = s
	}
	v.mu.Unlock()
	return s.Validate(f)
}

// mustCheck validates every line of NDJSON (or one JSON event).
func (v *specValidator) mustCheck(t testing.TB, data []byte) int {
	t.Helper()
	n := 0
	for line := range bytes.Lines(data) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		n++
		if err := v.check(line); err != nil {
			t.Errorf("event %d does not follow the OpenLineage spec: %v\n%s", n, err, line)
		}
	}
	return n
}

func TestValidatorCatchesBadEvents(t *testing.T) {
	v := newSpecValidator(t)
	good := `{"eventType":"START","eventTime":"2026-01-02T03:04:05Z","producer":"https://x","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",` +
		`"run":{"runId":"0190a2b4-0000-7000-8000-000000000001"},"job":{"namespace":"n","name":"j"},"inputs":[],"outputs":[]}`
	if err := v.check([]byte(good)); err != nil {
		t.Fatalf("a valid event was refused: %v", err)
	}
	bad := map[string]string{
		"not a uuid":     strings.Replace(good, "0190a2b4-0000-7000-8000-000000000001", "run-1", 1),
		"bad event type": strings.Replace(good, `"START"`, `"BEGIN"`, 1),
		"no job":         strings.Replace(good, `,"job":{"namespace":"n","name":"j"}`, "", 1),
		"bad facet": strings.Replace(good, `"run":{"runId":"0190a2b4-0000-7000-8000-000000000001"}`,
			`"run":{"runId":"0190a2b4-0000-7000-8000-000000000001","facets":{"errorMessage":{"_producer":"https://x","_schemaURL":"`+errorMessageFacetURL+`","message":"m"}}}`, 1),
		"unknown facet schema": strings.Replace(good, `"job":{"namespace":"n","name":"j"}`,
			`"job":{"namespace":"n","name":"j","facets":{"sql":{"_producer":"https://x","_schemaURL":"https://openlineage.io/spec/facets/1-0-1/SQLJobFacet.json#/$defs/SQLJobFacet","query":"q"}}}`, 1),
	}
	for name, ev := range bad {
		if !json.Valid([]byte(ev)) {
			t.Fatalf("%s: test event is not JSON", name)
		}
		if err := v.check([]byte(ev)); err == nil {
			t.Errorf("%s: the validator accepted it", name)
		}
	}
}
