// Package naming turns the names found in schemas and in real data headers
// into Go identifiers, and finds the collisions that result.
//
// Real headers are messy: "unit price ($)", "ORDER_ID", "sensor2_id",
// "2nd place", "mHz", "名前". A Namer reads any of camelCase, PascalCase,
// snake_case, kebab-case, SCREAMING_CASE or free text, splits it into words
// and writes the words back in Go style:
//
//	n, err := naming.New([]string{"SKU"}) // built-in initialisms plus SKU
//	n.Exported("unit price ($)")          // UnitPrice
//	n.Exported("sku_url")                 // SKUURL
//	n.Exported("sensor2_id")              // Sensor2ID
//	n.Exported("2nd_place")               // X2ndPlace
//	n.Exported("élan")                    // Élan
//	n.Exported("名前")                     // X名前
//	n.Unexported("type")                  // type_
//	n.Unexported("URLPath")               // urlPath
//	n.Join("order", "line items")         // OrderLineItems
//
// # Rules
//
// Words break at every character that is not a letter or digit, and inside
// a run of letters at case changes (mHz -> m Hz, HTTPServer -> HTTP Server,
// Sensor2ID -> Sensor2 ID). A name without lower-case letters is
// SCREAMING_CASE and is read case-insensitively (ORDER_ID -> OrderID).
// Digits stay with the word before them. Combining marks are dropped,
// because Go identifiers cannot hold them; precomposed letters (é) are kept.
//
// A word that is an initialism (the golint list: ID, URL, HTTP, JSON, UUID,
// API, SQL, ...; plus CSV, TSV, NDJSON and DB; plus the project's
// naming.initialisms) is written in its configured form, and its plural
// as the form plus "s" (ids -> IDs). Other words get an upper-case first
// letter and keep the rest as written, so "totalUSD" stays TotalUSD.
//
// Exported names that would start with a digit or with a letter that has no
// upper case get an "X" prefix, the way protobuf and cgo spell such names.
// A name with no letters or digits at all becomes "X" plus the upper-case
// hex of its bytes ("%" -> X25), so the result is never empty and distinct
// symbol headers stay distinct. Unexported names that are Go keywords or
// predeclared identifiers get a trailing underscore (type_, len_), because a
// parameter or variable called len would break generated code that calls
// the builtin.
//
// Every function is deterministic and depends only on its input and the
// Namer's initialisms, so generation gives the same bytes on any machine.
//
// # Names of generated declarations
//
// One rule each, so users can write the names without looking them up
// (gen/golang applies them):
//
//   - the record type of a dataset is RecordName of its name: the name in
//     Go case with its last word made singular by Singular (movies: Movie,
//     sensor_readings: SensorReading, site_daily: SiteDaily, series:
//     Series, people: Person), or x-ayeaye.record_name as written;
//   - the dataset's *runtime.Dataset variable is always the dataset name
//     in Go case and "Dataset": MoviesDataset, SiteDailyDataset,
//     PeopleDataset, whatever the English of the name;
//   - a struct field is the property name in Go case, or x-ayeaye.go_name;
//   - an enum type is EnumName of the record and the property path: the
//     record's name and the path's, saying once the words the record ends
//     with and the path starts with (orders.order_status: OrderStatus;
//     seattle_weather.weather: SeattleWeatherKind, since SeattleWeather is
//     the record), and its constants the type's name and the value
//     (OrderStatusPaid), or x-ayeaye.enum_go_names;
//   - a nested object type is the record's name and the property path
//     (OrderCustomer, OrderLinesItem).
//
// Singular knows the regular English plurals (-s, -ies, -sses, -xes,
// -ches, -shes, -oes) and a table of irregular words (movies, series,
// species, news, data, indices, statuses, analyses, people, ...). It is
// deterministic and never consults a dictionary; where it is wrong,
// record_name is the fix.
//
// # Collisions
//
// Different names can map to one identifier ("mHz" and "MHz" both become
// MHz). A Scope per Go namespace records which source name took which
// identifier and returns a positioned diagnostic naming both names and both
// positions when a second name claims it; Reserve keeps identifiers the
// generator itself needs (method names) out of users' hands.
package naming
