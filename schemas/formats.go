package schemas

import (
	"github.com/invopop/jsonschema"

	"github.com/ayeaye-go/ayeaye/runtime/collection"
	"github.com/ayeaye-go/ayeaye/runtime/lock"
	"github.com/ayeaye-go/ayeaye/runtime/manifest"
)

// The files of the formats the runtime writes for other tools.
const (
	GraphFile    = "graph.schema.json"
	LockFile     = "lock.schema.json"
	ManifestFile = "manifest.schema.json"
)

// formatSchema reflects v into a schema with an id, title and
// description, and fills in property descriptions the Go tags lack.
func formatSchema(v any, file, title, description string, descriptions map[string]string) *jsonschema.Schema {
	r := reflector()
	r.ExpandedStruct = true
	s := r.Reflect(v)
	s.ID = jsonschema.ID(BaseURL + file)
	s.Title = title
	s.Description = description
	describeProperties(s, descriptions)
	for _, d := range s.Definitions {
		describeProperties(d, descriptions)
	}
	return s
}

func graphSchema() *jsonschema.Schema {
	return formatSchema(&collection.GraphJSON{}, GraphFile, "Aye-aye lineage graph",
		"What `graph -format json` prints: the models of a program and the datasets linking them, as resolved in one environment.",
		map[string]string{
			"name":        "The model's or dataset's name.",
			"writers":     "Models that write the dataset.",
			"readers":     "Models that read the dataset.",
			"fields":      "The dataset's fields and their types, from its JSON Schema.",
			"type":        "The field's type in words, e.g. integer (int32), string (date-time), number | null.",
			"description": "The field's description from the schema.",
		})
}

func lockSchema() *jsonschema.Schema {
	return formatSchema(&lock.File{}, LockFile, "Aye-aye lock file (ayeaye.lock)",
		"Per model, the code version, the environment's non-secret variables and every input with its content fingerprint, so a locked run reads exactly those inputs.",
		map[string]string{
			"version":  "Version of the lock file format.",
			"code":     "The program that was locked.",
			"env":      "The environment the model was locked in.",
			"inputs":   "The model's inputs when locked.",
			"name":     "The dataset's name.",
			"module":   "Go module path of the program.",
			"revision": "VCS revision the program was built from.",
			"dirty":    "The working tree had uncommitted changes.",
			"schemas":  "Fingerprints of the dataset schemas compiled in, by dataset name.",
		})
}

func manifestSchema() *jsonschema.Schema {
	s := formatSchema(&manifest.Manifest{}, ManifestFile, "Aye-aye output manifest (<output>.ayeaye.json)",
		"Published beside every file output: the dataset's contract (its JSON Schema), fingerprints, record count, the run that produced it and the datasets it came from.",
		map[string]string{
			"version":            "Version of the manifest format.",
			"dataset":            "The dataset's name.",
			"schema_fingerprint": "sha256: of the schema's canonical JSON.",
			"records":            "Records in the dataset.",
			"producer":           "The project, model, run and code that produced the dataset.",
			"project":            "The producing project (its Go module path).",
			"model":              "The producing model.",
			"code":               "The producing program's build.",
			"name":               "The dataset's name.",
			"field":              "The model field that read it.",
			"location":           "Resolved engine URL, secrets redacted.",
			"module":             "Go module path of the program.",
			"revision":           "VCS revision the program was built from.",
			"dirty":              "The working tree had uncommitted changes.",
			"schemas":            "Fingerprints of the dataset schemas compiled in, by dataset name.",
			"run":                "Run id in the producer's run store.",
		})
	// The contract is itself a JSON Schema document, checked by its own
	// meta-schema rather than here.
	if p, ok := s.Properties.Get("schema"); ok {
		p.Type, p.AdditionalProperties = "", nil
	}
	return s
}
