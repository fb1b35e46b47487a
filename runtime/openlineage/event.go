package openlineage

import "time"

// Producer is the URI that names Aye-aye as the producer of every event
// and facet.
const Producer = "https://github.com/ayeaye-go/ayeaye"

// SpecVersion is the OpenLineage specification version the events follow.
const SpecVersion = "2-0-2"

// Schema URLs of the event and of each facet this package emits. A
// consumer uses them to know which version of a facet it is reading.
const (
	RunEventSchemaURL           = "https://openlineage.io/spec/" + SpecVersion + "/OpenLineage.json#/$defs/RunEvent"
	parentFacetURL              = "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet"
	errorMessageFacetURL        = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet"
	processingEngineFacetURL    = "https://openlineage.io/spec/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet"
	tagsRunFacetURL             = "https://openlineage.io/spec/facets/1-0-0/TagsRunFacet.json#/$defs/TagsRunFacet"
	executionParametersFacetURL = "https://openlineage.io/spec/facets/1-0-0/ExecutionParametersRunFacet.json#/$defs/ExecutionParametersRunFacet"
	jobTypeFacetURL             = "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
	schemaFacetURL              = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet"
	dataSourceFacetURL          = "https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet"
	versionFacetURL             = "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet"
	inputStatisticsFacetURL     = "https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet"
	outputStatisticsFacetURL    = "https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet"
)

// RunEvent is one OpenLineage run event: a run of a job changed state.
// It marshals to the JSON the specification describes.
type RunEvent struct {
	EventType string          `json:"eventType"` // START, COMPLETE or FAIL
	EventTime time.Time       `json:"eventTime"`
	Producer  string          `json:"producer"`
	SchemaURL string          `json:"schemaURL"`
	Run       Run             `json:"run"`
	Job       Job             `json:"job"`
	Inputs    []InputDataset  `json:"inputs"`
	Outputs   []OutputDataset `json:"outputs"`
}

// Run identifies the run and carries its facets.
type Run struct {
	RunID  string    `json:"runId"`
	Facets RunFacets `json:"facets,omitzero"`
}

// RunFacets are the run facets this package emits; nil ones are left out.
type RunFacets struct {
	Parent              *ParentRunFacet           `json:"parent,omitempty"`
	ErrorMessage        *ErrorMessageRunFacet     `json:"errorMessage,omitempty"`
	ProcessingEngine    *ProcessingEngineRunFacet `json:"processing_engine,omitempty"`
	Tags                *TagsRunFacet             `json:"tags,omitempty"`
	ExecutionParameters *ExecutionParametersFacet `json:"executionParameters,omitempty"`
}

// BaseFacet is what every facet carries: who wrote it, and which schema
// version it follows.
type BaseFacet struct {
	Producer  string `json:"_producer"`
	SchemaURL string `json:"_schemaURL"`
}

func base(url string) BaseFacet { return BaseFacet{Producer: Producer, SchemaURL: url} }

// ParentRunFacet links a run to the run that started it: a model run to
// its invocation, a partition run to its model run.
type ParentRunFacet struct {
	BaseFacet
	Run ParentRun `json:"run"`
	Job JobRef    `json:"job"`
}

// ParentRun names the parent run.
type ParentRun struct {
	RunID string `json:"runId"`
}

// JobRef names a job.
type JobRef struct {
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// ErrorMessageRunFacet says why a run failed.
type ErrorMessageRunFacet struct {
	BaseFacet
	Message             string `json:"message"`
	ProgrammingLanguage string `json:"programmingLanguage"`
}

// ProcessingEngineRunFacet names Aye-aye and its version.
type ProcessingEngineRunFacet struct {
	BaseFacet
	Version string `json:"version"`
	Name    string `json:"name"`
}

// TagsRunFacet carries the partition key, the program's code version and
// the model's counters.
type TagsRunFacet struct {
	BaseFacet
	Tags []Tag `json:"tags"`
}

// Tag is one key/value tag.
type Tag struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Source string `json:"source,omitempty"`
}

// ExecutionParametersFacet carries the environment's non-secret variables,
// the parameters that made this run's locations what they were.
type ExecutionParametersFacet struct {
	BaseFacet
	Parameters []Parameter `json:"parameters"`
}

// Parameter is one execution parameter.
type Parameter struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Job is the model (or the partitions of a model) that ran.
type Job struct {
	Namespace string    `json:"namespace"`
	Name      string    `json:"name"`
	Facets    JobFacets `json:"facets,omitzero"`
}

// JobFacets are the job facets this package emits.
type JobFacets struct {
	JobType *JobTypeFacet `json:"jobType,omitempty"`
}

// JobTypeFacet says this is a batch job run by Aye-aye, a MODEL or a
// PARTITION of one.
type JobTypeFacet struct {
	BaseFacet
	ProcessingType string `json:"processingType"`
	Integration    string `json:"integration"`
	JobType        string `json:"jobType"`
}

// Dataset is a dataset's identity, from its resolved location, and its
// facets.
type Dataset struct {
	Namespace string        `json:"namespace"`
	Name      string        `json:"name"`
	Facets    DatasetFacets `json:"facets,omitzero"`
}

// DatasetFacets are the dataset facets this package emits.
type DatasetFacets struct {
	Schema     *SchemaFacet     `json:"schema,omitempty"`
	DataSource *DataSourceFacet `json:"dataSource,omitempty"`
	Version    *VersionFacet    `json:"version,omitempty"`
}

// SchemaFacet lists the dataset's fields, from its JSON Schema.
type SchemaFacet struct {
	BaseFacet
	Fields []SchemaField `json:"fields"`
}

// SchemaField is one field; objects and arrays nest their fields (an
// array's element is the field "_element").
type SchemaField struct {
	Name        string        `json:"name"`
	Type        string        `json:"type,omitempty"`
	Description string        `json:"description,omitempty"`
	Fields      []SchemaField `json:"fields,omitempty"`
}

// DataSourceFacet names where the dataset lives.
type DataSourceFacet struct {
	BaseFacet
	Name string `json:"name"`
	URI  string `json:"uri,omitempty"`
}

// VersionFacet is the dataset's version: the content fingerprint
// ("sha256:…") taken while it was read or written.
type VersionFacet struct {
	BaseFacet
	DatasetVersion string `json:"datasetVersion"`
}

// InputDataset is a dataset a run read.
type InputDataset struct {
	Dataset
	InputFacets InputFacets `json:"inputFacets,omitzero"`
}

// InputFacets are the input facets this package emits.
type InputFacets struct {
	InputStatistics *StatisticsFacet `json:"inputStatistics,omitempty"`
}

// OutputDataset is a dataset a run wrote.
type OutputDataset struct {
	Dataset
	OutputFacets OutputFacets `json:"outputFacets,omitzero"`
}

// OutputFacets are the output facets this package emits.
type OutputFacets struct {
	OutputStatistics *StatisticsFacet `json:"outputStatistics,omitempty"`
}

// StatisticsFacet counts the records (rows) and bytes read or written.
type StatisticsFacet struct {
	BaseFacet
	RowCount int64 `json:"rowCount"`
	Size     int64 `json:"size"`
}
