package runtime

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/ayeaye-go/ayeaye/internal/listing"
	"github.com/ayeaye-go/ayeaye/runtime/contract"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/ayeaye-go/ayeaye/runtime/schema"
	"github.com/ayeaye-go/ayeaye/runtime/storage"
)

// armContracts sets the contract check of each input that may have a
// published manifest. The check runs at the input's first read
// (portRun.firstRead): it compares the manifest's schema with the one this
// program was generated from; breaking changes fail the read before any
// record, listing each field; compatible ones are logged and noted in the
// run record, which also links the producer's run, so lineage crosses
// projects.
func (r *Runner) armContracts(ctx context.Context, log *slog.Logger, ports []Port, runs []*portRun) {
	for i, p := range ports {
		pr := runs[i]
		u := pr.url
		if p.Direction != Read || !pr.drv.manifests() || u.HasWildcard() || p.Schema == "" {
			continue
		}
		pr.contract.check = func() error { return r.checkContract(ctx, log, p, pr) }
	}
}

// contractCheck follows an input's first use: the model read or listed
// it, so it is checked against its manifest (once) and fingerprinted.
type contractCheck struct {
	used     atomic.Bool
	check    func() error // the manifest check; nil when the input has none
	once     sync.Once
	err      error
	producer *provenance.ProducerRef // the run that published the input, from its manifest
	note     string                  // a compatible schema change, for the run record
}

func (c *contractCheck) begin() error {
	c.used.Store(true)
	if c.check == nil {
		return nil
	}
	c.once.Do(func() { c.err = c.check() })
	return c.err
}

func (r *Runner) checkContract(ctx context.Context, log *slog.Logger, p Port, pr *portRun) error {
	u := pr.url
	m, err := manifest.Read(ctx, r.Store, u)
	if manifest.Missing(err) {
		return nil
	}
	if err != nil {
		return r.redactErr(err)
	}
	pr.contract.producer = &provenance.ProducerRef{Project: m.Producer.Project, Model: m.Producer.Model, Run: m.Producer.Run}
	if m.SchemaFP == p.Fingerprint || len(m.Schema) == 0 || string(m.Schema) == "{}" {
		return nil // same contract, or a producer that published none
	}
	changes, err := compareWithPublished(p, m)
	if err != nil {
		return fmt.Errorf("input %s: comparing with its published schema: %w", p.Dataset, err)
	}
	var lines []string
	for _, c := range changes {
		lines = append(lines, c.String())
	}
	if contract.Breaking(changes) {
		return fmt.Errorf("input %s (%s) was published with a schema this program cannot read:\n  %s\n\thint: regenerate from the producer's schema (ayeaye-gen import), or ask the producer to keep the old fields",
			p.Dataset, r.display(u), listing.Join(lines, "\n  "))
	}
	// The producer may have added columns: compatible, so delimited
	// readers skip the ones this program does not know.
	pr.opts.ExtraColumns = true
	if len(changes) > 0 {
		pr.contract.note = fmt.Sprintf("input %s: the producer's schema changed compatibly: %s", p.Dataset, listing.Join(lines, "; "))
		log.Warn("schema changed compatibly", "dataset", p.Dataset, "changes", listing.Join(lines, "; "))
	}
	return nil
}

// compareWithPublished compares the consumer's schema, the generated
// Record when the dataset has one, with the one the manifest publishes.
func compareWithPublished(p Port, m *manifest.Manifest) ([]contract.Change, error) {
	consumer := p.Record
	if consumer == nil {
		var err error
		if consumer, err = schema.FromJSON([]byte(p.Schema)); err != nil {
			return nil, fmt.Errorf("the consumer's schema: %w", err)
		}
	}
	producer, err := schema.FromJSON(m.Schema)
	if err != nil {
		return nil, fmt.Errorf("the producer's schema: %w", err)
	}
	return contract.CompareRecords(consumer, producer)
}

// prepareManifest writes the manifest of a file output, not yet
// published (manifest.Prepare); nil for outputs that have none (mem,
// tables, or not fingerprinted).
func (r *Runner) prepareManifest(ctx context.Context, p Port, pr *portRun, rec *provenance.Run) (*storage.Writer, error) {
	if !pr.drv.manifests() || pr.print.out == nil {
		return nil, nil
	}
	m := &manifest.Manifest{
		Dataset: p.Dataset, Schema: []byte(p.Schema), SchemaFP: p.Fingerprint, Fingerprint: pr.print.out.Sum(),
		Records:  pr.records.Load(),
		Producer: manifest.Producer{Project: rec.Project, Model: rec.Model, Run: rec.ID, Code: rec.Code},
		Upstream: rec.Inputs,
	}
	if len(m.Schema) == 0 {
		m.Schema = []byte("{}")
	}
	w, err := manifest.Prepare(ctx, r.Store, pr.url, m)
	return w, r.redactErr(err)
}
