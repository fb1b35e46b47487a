package config

import "encoding/json"

// DatasetExtension is the dataset-level "x-ayeaye" object of a dataset
// schema: facts about the dataset as a whole that JSON Schema has no
// keyword for.
type DatasetExtension struct {
	Name       string   `json:"name,omitempty" yaml:"name,omitempty" jsonschema:"minLength=1" jsonschema_description:"The dataset's name, unique in the project; it names the generated Go type and the dataset in lineage. Default: the schema file's base name without extension."`
	EngineURL  string   `json:"engine_url,omitempty" yaml:"engine_url,omitempty" jsonschema:"minLength=1" jsonschema_description:"Default engine URL of the dataset: [modifier+...]type://location[;option=value...], e.g. csv://data/orders.csv. {name} templates are filled from the environment at run time."`
	Keys       []string `json:"keys,omitempty" yaml:"keys,omitempty" jsonschema:"minItems=1,uniqueItems=true" jsonschema_description:"Property names of the fields that identify a record, in order. Used to compare outputs and to join datasets."`
	Ordered    bool     `json:"ordered,omitempty" yaml:"ordered,omitempty" jsonschema_description:"True when the order of the records is part of the data (a time series written in order): verify compares two runs' outputs position by position instead of as collections in any order."`
	RecordName string   `json:"record_name,omitempty" yaml:"record_name,omitempty" jsonschema:"minLength=1" jsonschema_description:"The Go name of the record type, used exactly as written, e.g. Movie. Default: the dataset name in Go case with its last word made singular (movies: Movie, sensor_readings: SensorReading, site_daily: SiteDaily)."`
	Record     string   `json:"record,omitempty" yaml:"record,omitempty" jsonschema:"pattern=^[a-z][a-z0-9_]*$" jsonschema_description:"The dataset whose records this dataset's are: both then have one Go record type and this schema need not list the properties (if it does, they must be the same). The datasets stay distinct in the graph, manifests, contracts and lineage."`
	Source     *Source  `json:"source,omitempty" yaml:"source,omitempty" jsonschema_description:"Where this schema was imported from, written by ayeaye-gen import: the producer's published manifest and its schema fingerprint then. It changes nothing in the generated code; a later import compares against it."`
}

// Source pins an imported dataset schema to the manifest it was copied
// from.
type Source struct {
	Manifest    string `json:"manifest" yaml:"manifest" jsonschema:"minLength=1" jsonschema_description:"The manifest the schema was imported from, as given to ayeaye-gen import: a path (relative to the project root), an http(s) URL or an engine URL."`
	Fingerprint string `json:"fingerprint" yaml:"fingerprint" jsonschema:"pattern=^sha256:[0-9a-f]{64}$" jsonschema_description:"The producer's schema fingerprint (the manifest's schema_fingerprint) when the schema was imported."`
}

// FieldExtension is the "x-ayeaye" object of one property of a dataset
// schema.
type FieldExtension struct {
	Column          string            `json:"column,omitempty" yaml:"column,omitempty" jsonschema:"minLength=1" jsonschema_description:"The CSV/TSV header of the field when it differs from the property name, e.g. to keep a data header such as 'Unit Price ($)' while the property has a clean name. Default: the property name."`
	JSONEncoded     bool              `json:"json_encoded,omitempty" yaml:"json_encoded,omitempty" jsonschema_description:"Store this array or object field as JSON text in one column of delimited formats (CSV, TSV). Without it a nested field is an error in a delimited dataset."`
	ParquetEncoding string            `json:"parquet_encoding,omitempty" yaml:"parquet_encoding,omitempty" jsonschema:"enum=plain,enum=byte_stream_split,enum=dictionary,enum=delta" jsonschema_description:"How Parquet files store this property's values (an array's elements): byte_stream_split (numbers: measurements compress well and read fast) or plain; dictionary (strings, the default) or plain; delta (integers, dates, date-times: sorted values as small differences) or plain. Default: dictionary for strings, plain otherwise."`
	GoName          string            `json:"go_name,omitempty" yaml:"go_name,omitempty" jsonschema:"minLength=1" jsonschema_description:"The Go name of the property's struct field, used exactly as written, e.g. Color. Default: the property name in Go case."`
	EnumGoNames     map[string]string `json:"enum_go_names,omitempty" yaml:"enum_go_names,omitempty" jsonschema_description:"The Go names of some of this enum property's constants, used exactly as written, keyed by value, e.g. {\"n/a\": \"StatusNA\"}. Default: the enum type's name and the value in Go case."`
	Tolerance       *Tolerance        `json:"tolerance,omitempty" yaml:"tolerance,omitempty" jsonschema_description:"How far two values of this number property (or of the numbers of this array) may be apart and still count as the same when verify compares two runs' outputs: a number (absolute), or an object with absolute, relative or both. Without it floats are compared exactly."`
}

// Tolerance is a property's x-ayeaye.tolerance. In a schema it is written
// as a number (the absolute tolerance) or as this object; two values a
// and b count as equal when |a-b| <= max(Absolute, Relative*max(|a|,|b|)).
type Tolerance struct {
	Absolute float64 `json:"absolute,omitempty" yaml:"absolute,omitempty" jsonschema:"minimum=0" jsonschema_description:"The largest difference that counts as equal, whatever the size of the values."`
	Relative float64 `json:"relative,omitempty" yaml:"relative,omitempty" jsonschema:"minimum=0,exclusiveMaximum=1" jsonschema_description:"The largest difference that counts as equal, as a fraction of the larger of the two values (by magnitude), e.g. 1e-6."`
}

// UnmarshalJSON reads both spellings: a number is the absolute tolerance.
func (t *Tolerance) UnmarshalJSON(b []byte) error {
	var abs float64
	if json.Unmarshal(b, &abs) == nil {
		*t = Tolerance{Absolute: abs}
		return nil
	}
	type plain Tolerance // without this method
	return json.Unmarshal(b, (*plain)(t))
}
