package config

// DatasetExtension is the dataset-level "x-ayeaye" object of a dataset
// schema: facts about the dataset as a whole that JSON Schema has no
// keyword for.
type DatasetExtension struct {
	Name      string   `json:"name,omitempty" yaml:"name,omitempty" jsonschema:"minLength=1" jsonschema_description:"The dataset's name, unique in the project; it names the generated Go type and the dataset in lineage. Default: the schema file's base name without extension."`
	EngineURL string   `json:"engine_url,omitempty" yaml:"engine_url,omitempty" jsonschema:"minLength=1" jsonschema_description:"Default engine URL of the dataset: [modifier+...]type://location[;option=value...], e.g. csv://data/orders.csv. {name} templates are filled from the environment at run time."`
	Keys      []string `json:"keys,omitempty" yaml:"keys,omitempty" jsonschema:"minItems=1,uniqueItems=true" jsonschema_description:"Property names of the fields that identify a record, in order. Used to compare outputs and to join datasets."`
}

// FieldExtension is the "x-ayeaye" object of one property of a dataset
// schema.
type FieldExtension struct {
	Column      string `json:"column,omitempty" yaml:"column,omitempty" jsonschema:"minLength=1" jsonschema_description:"The CSV/TSV header of the field when it differs from the property name, e.g. to keep a data header such as 'Unit Price ($)' while the property has a clean name. Default: the property name."`
	JSONEncoded bool   `json:"json_encoded,omitempty" yaml:"json_encoded,omitempty" jsonschema_description:"Store this array or object field as JSON text in one column of delimited formats (CSV, TSV). Without it a nested field is an error in a delimited dataset."`
}
