package schemas

import (
	"github.com/ayeaye-go/ayeaye/runtime/provenance"
	"github.com/invopop/jsonschema"
)

// runRecordSchema is the schema of provenance.Run, the record every run
// writes to the run store (runtime/runstore) and prints with `runs ID
// -json`.
func runRecordSchema() *jsonschema.Schema {
	r := reflector()
	r.ExpandedStruct = true
	s := r.Reflect(&provenance.Run{})
	s.ID = jsonschema.ID(BaseURL + RunRecordFile)
	s.Title = "Aye-aye run record"
	s.Description = "The record of one model run, or of one partition of it: what it read and wrote, " +
		"with content fingerprints, and how it ended. Written when the run starts (status running) and again when it ends."

	status, _ := s.Properties.Get("status")
	status.Enum = []any{provenance.Running, provenance.Succeeded, provenance.Failed, provenance.Skipped, provenance.Interrupted}
	// Go writes a run without inputs or outputs as null.
	for _, name := range []string{"inputs", "outputs"} {
		p, _ := s.Properties.Get(name)
		*p = jsonschema.Schema{AnyOf: []*jsonschema.Schema{{Type: p.Type, Items: p.Items}, {Type: "null"}}}
	}

	// Descriptions the types' tags do not give; a tag, once added, wins.
	describeProperties(s, map[string]string{
		"model":      "The model's name (its Go type).",
		"code":       "The program that ran.",
		"inputs":     "The datasets the run read, as resolved in its environment.",
		"outputs":    "The datasets the run wrote.",
		"partitions": "The partitions of a partitioned run, in order.",
		"host":       "Name of the machine the run ran on.",
		"pid":        "Process ID of the program on that machine; with host, tells whether a running run's process still exists.",
		"start":      "When the run started.",
		"end":        "When the run ended; absent while it runs or when it was interrupted.",
		"status":     "How the run ended, or running.",
		"error":      "Why the run failed or was interrupted.",
	})
	describeProperties(s.Definitions["Code"], map[string]string{
		"module":  "Go module path of the program.",
		"version": "Module version of the program, (devel) for a local build.",
	})
	describeProperties(s.Definitions["Dataset"], map[string]string{
		"field":              "The model's field that holds the dataset.",
		"name":               "The dataset's name, from its schema.",
		"schema_fingerprint": "Fingerprint of the dataset's schema.",
		"records":            "Records read or written.",
		"producer":           "For an input published by another project: the run that produced it, from its manifest.",
	})
	describeProperties(s.Definitions["PartitionRun"], map[string]string{
		"key":      "The partition's key.",
		"attempts": "How many times the partition was tried.",
		"error":    "The last attempt's error, if it failed.",
		"host":     "Machine the partition ran on.",
		"start":    "When the first attempt started.",
		"end":      "When the last attempt ended.",
	})
	describeProperties(s.Definitions["ProducerRef"], map[string]string{
		"project": "The producing project (Go module path).",
		"model":   "The model that wrote the dataset.",
		"run":     "ID of the run that wrote it, in the producing project's run store.",
	})
	describe(s, map[string]string{
		"Code":         "The program that ran: module, version and VCS state.",
		"Dataset":      "One input or output of a run.",
		"PartitionRun": "One partition of a partitioned run.",
		"ProducerRef":  "The run of another project that produced a dataset.",
	})
	return s
}

// describeProperties sets the descriptions of a schema's properties that
// have none. A name that is no longer a property is passed over: the
// renamed property then has no description, which the generator's tests
// report.
func describeProperties(s *jsonschema.Schema, descriptions map[string]string) {
	if s == nil || s.Properties == nil {
		return
	}
	for name, d := range descriptions {
		if p, ok := s.Properties.Get(name); ok && p.Description == "" {
			p.Description = d
		}
	}
}
