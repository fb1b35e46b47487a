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
// # Collisions
//
// Different names can map to one identifier ("mHz" and "MHz" both become
// MHz). A Scope per Go namespace records which source name took which
// identifier and returns a positioned diagnostic naming both names and both
// positions when a second name claims it; Reserve keeps identifiers the
// generator itself needs (method names) out of users' hands.
package naming
