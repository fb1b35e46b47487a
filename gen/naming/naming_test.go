package naming

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/ayeaye-go/ayeaye/gen/diag"
	"github.com/google/go-cmp/cmp"
)

func newNamer(t testing.TB, extra ...string) *Namer {
	t.Helper()
	n, err := New(extra)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestExportedAndUnexported(t *testing.T) {
	n := newNamer(t, "SKU", "IPv6")
	tests := []struct {
		class, in, exported, unexported string
	}{
		{"snake", "order_id", "OrderID", "orderID"},
		{"snake", "unit_price", "UnitPrice", "unitPrice"},
		{"kebab", "line-items", "LineItems", "lineItems"},
		{"camel", "userName", "UserName", "userName"},
		{"camel", "mHz", "MHz", "mHz"},
		{"pascal", "MHz", "MHz", "mHz"},
		{"pascal", "UserName", "UserName", "userName"},
		{"pascal", "HTTPServer", "HTTPServer", "httpServer"},
		{"pascal", "XMLHttpRequest", "XMLHTTPRequest", "xmlHTTPRequest"},
		{"screaming", "ORDER_ID", "OrderID", "orderID"},
		{"screaming", "TOTAL_USD", "TotalUsd", "totalUsd"},
		{"screaming", "ID", "ID", "id"},
		{"screaming", "URL", "URL", "url"},
		{"free text", "unit price ($)", "UnitPrice", "unitPrice"},
		{"free text", "  Customer   e-mail ", "CustomerEMail", "customerEMail"},
		{"free text", "% change", "Change", "change"},
		{"free text", "Q1 2024 revenue", "Q12024Revenue", "q12024Revenue"},
		{"initialism", "id", "ID", "id"},
		{"initialism", "url", "URL", "url"},
		{"initialism", "api_key", "APIKey", "apiKey"},
		{"initialism", "json_blob", "JSONBlob", "jsonBlob"},
		{"initialism", "csv_path", "CSVPath", "csvPath"},
		{"initialism", "uuid", "UUID", "uuid"},
		{"initialism", "sqlQuery", "SQLQuery", "sqlQuery"},
		{"initialism", "userURL", "UserURL", "userURL"},
		{"initialism", "user_ids", "UserIDs", "userIDs"},
		{"initialism", "userIDs", "UserIDs", "userIDs"},
		{"initialism", "URLs", "URLs", "urls"},
		{"initialism", "ids", "IDs", "ids"},
		{"initialism", "utf8_name", "UTF8Name", "utf8Name"},
		{"initialism", "https_url", "HTTPSURL", "httpsURL"},
		{"extra initialism", "sku", "SKU", "sku"},
		{"extra initialism", "item_sku", "ItemSKU", "itemSKU"},
		{"extra initialism", "ipv6_addr", "IPv6Addr", "ipv6Addr"},
		{"not an initialism", "idea", "Idea", "idea"},
		{"not an initialism", "identity", "Identity", "identity"},
		{"not an initialism", "bus", "Bus", "bus"},
		{"not an initialism", "totalUSD", "TotalUSD", "totalUSD"},
		{"digits", "sensor2_id", "Sensor2ID", "sensor2ID"},
		{"digits", "Sensor2ID", "Sensor2ID", "sensor2ID"},
		{"digits", "2nd_place", "X2ndPlace", "x2ndPlace"},
		{"digits", "2ND_PLACE", "X2ndPlace", "x2ndPlace"},
		{"digits", "123", "X123", "x123"},
		{"digits", "col 7", "Col7", "col7"},
		{"digits", "render2D", "Render2D", "render2D"},
		{"keyword", "type", "Type", "type_"},
		{"keyword", "func", "Func", "func_"},
		{"keyword", "RANGE", "Range", "range_"},
		{"predeclared", "len", "Len", "len_"},
		{"predeclared", "string", "String", "string_"},
		{"predeclared", "nil", "Nil", "nil_"},
		{"predeclared", "error", "Error", "error_"},
		{"unicode", "élan", "Élan", "élan"},
		{"unicode", "e\u0301lan", "Elan", "elan"},
		{"unicode", "straße", "Straße", "straße"},
		{"unicode", "größe_kg", "GrößeKg", "größeKg"},
		{"unicode", "名前", "X名前", "名前"},
		{"unicode", "顧客 id", "X顧客ID", "顧客ID"},
		{"unicode", "ßig", "Xßig", "ßig"},
		{"unicode", "ΑΒΓ", "Αβγ", "αβγ"},
		{"unicode", "Ärger", "Ärger", "ärger"},
		{"unicode", "٣rd", "X٣rd", "x٣rd"},
		{"no letters", "", "X", "x"},
		{"no letters", "%", "X25", "x25"},
		{"no letters", "#", "X23", "x23"},
		{"no letters", "$$", "X2424", "x2424"},
		{"no letters", "\xff", "XFF", "xFF"},
		{"invalid utf-8", "a\xffb", "AB", "aB"},
		{"underscore", "_", "X5F", "x5F"},
		{"underscore", "__private", "Private", "private"},
		{"single letter", "x", "X", "x"},
		{"single letter", "A", "A", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.class+"/"+tt.in, func(t *testing.T) {
			if got := n.Exported(tt.in); got != tt.exported {
				t.Errorf("Exported(%q) = %q, want %q", tt.in, got, tt.exported)
			}
			if got := n.Unexported(tt.in); got != tt.unexported {
				t.Errorf("Unexported(%q) = %q, want %q", tt.in, got, tt.unexported)
			}
		})
	}
}

func TestWithoutExtraInitialisms(t *testing.T) {
	n := newNamer(t)
	for in, want := range map[string]string{"sku": "Sku", "item_sku": "ItemSku", "db_name": "DBName"} {
		if got := n.Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJoin(t *testing.T) {
	n := newNamer(t)
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"order", "line items"}, "OrderLineItems"},
		{[]string{"orders", "STATUS"}, "OrdersStatus"},
		{[]string{"sensor", "2"}, "Sensor2"},
		{[]string{"customer", "", "id"}, "CustomerID"},
		{[]string{"2024", "sales"}, "X2024Sales"},
		{[]string{"$", "%"}, "X2425"},
		{nil, "X"},
	}
	for _, tt := range tests {
		if got := n.Join(tt.parts...); got != tt.want {
			t.Errorf("Join(%q) = %q, want %q", tt.parts, got, tt.want)
		}
	}
}

func TestNewRejectsBadInitialisms(t *testing.T) {
	tests := []struct {
		in, err string
	}{
		{"", "initialism is empty"},
		{"S-K-U", `initialism "S-K-U" contains '-'; initialisms are letters and digits only`},
		{"A B", `initialism "A B" contains ' '; initialisms are letters and digits only`},
		{"\xff", `initialism "\xff" is not valid UTF-8`},
	}
	for _, tt := range tests {
		_, err := New([]string{"SKU", tt.in})
		if err == nil {
			t.Errorf("New(%q): no error, want %q", tt.in, tt.err)
			continue
		}
		if err.Error() != tt.err {
			t.Errorf("New(%q) error = %q, want %q", tt.in, err, tt.err)
		}
	}
}

func TestInitialisms(t *testing.T) {
	n := newNamer(t, "SKU", "id")
	got := n.Initialisms()
	if !slices.IsSorted(got) || !slices.Contains(got, "SKU") || !slices.Contains(got, "URL") {
		t.Errorf("Initialisms() = %q", got)
	}
	// A user-configured form replaces the built-in one.
	if !slices.Contains(got, "id") || slices.Contains(got, "ID") {
		t.Errorf("Initialisms() = %q, want the configured form id", got)
	}
}

// The predeclared list is written out so output cannot change with the Go
// version that runs the generator; this test notices when Go adds a name.
func TestPredeclaredIsComplete(t *testing.T) {
	var want []string
	for _, name := range types.Universe.Names() {
		if token.IsExported(name) || name == "unsafe" {
			continue
		}
		want = append(want, name)
	}
	slices.Sort(want)
	got := slices.Clone(predeclared[:])
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("predeclared list differs from go/types.Universe (-universe +list):\n%s", diff)
	}
}

func TestScope(t *testing.T) {
	n := newNamer(t)
	at := func(line, col int) diag.Pos { return diag.Pos{File: "schemas/radio.json", Line: line, Col: col} }
	s := NewScope()
	s.Reserve("Valid", "the generated method Valid")
	steps := []struct {
		source, what string
		pos          diag.Pos
		want         string // diagnostic text; "" for none
	}{
		{"mHz", "property", at(7, 5), ""},
		{"station", "property", at(8, 5), ""},
		{"MHz", "property", at(9, 5),
			`schemas/radio.json:9:5: property "MHz" becomes Go name "MHz", which property "mHz" (schemas/radio.json:7:5) already uses` +
				"\n\thint: rename one of them, or set x-ayeaye.column on one to keep the data header and give it a distinct property name"},
		{"mHz", "property", at(10, 5), ""},
		{"valid", "enum value", at(11, 5),
			`schemas/radio.json:11:5: enum value "valid" becomes Go name "Valid", which is reserved for the generated method Valid` +
				"\n\thint: rename one of them so that their Go names differ"},
		{"STATION", "enum value", at(12, 5),
			`schemas/radio.json:12:5: enum value "STATION" becomes Go name "Station", which property "station" (schemas/radio.json:8:5) already uses` +
				"\n\thint: rename one of them so that their Go names differ"},
	}
	for _, st := range steps {
		d := s.Declare(n.Exported(st.source), st.source, st.pos, st.what)
		got := ""
		if d != nil {
			got = d.String()
		}
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Errorf("Declare(%q) (-want +got):\n%s", st.source, diff)
		}
	}
	if src, pos, ok := s.Lookup("MHz"); !ok || src != "mHz" || pos != at(7, 5) {
		t.Errorf("Lookup(MHz) = %q, %v, %v; want the first declaration", src, pos, ok)
	}
	if _, _, ok := s.Lookup("Valid"); ok {
		t.Error("Lookup(Valid) found a reserved name")
	}
	var zero Scope
	if d := zero.Declare("A", "a", diag.Pos{}, "property"); d != nil {
		t.Errorf("zero Scope: %v", d)
	}
}

func checkIdentifiers(t *testing.T, n *Namer, name string) {
	t.Helper()
	exp := n.Exported(name)
	if !token.IsIdentifier(exp) || !token.IsExported(exp) {
		t.Errorf("Exported(%q) = %q, not an exported identifier", name, exp)
	}
	if again := n.Exported(name); again != exp {
		t.Errorf("Exported(%q) not deterministic: %q then %q", name, exp, again)
	}
	unexp := n.Unexported(name)
	if !token.IsIdentifier(unexp) || token.IsExported(unexp) || strings.HasSuffix(unexp, "_") != isReserved(strings.TrimSuffix(unexp, "_")) {
		t.Errorf("Unexported(%q) = %q, not a usable unexported identifier", name, unexp)
	}
	if j := n.Join(name, name); !token.IsIdentifier(j) || !token.IsExported(j) {
		t.Errorf("Join(%q, %q) = %q, not an exported identifier", name, name, j)
	}
}

func isReserved(s string) bool {
	return token.IsKeyword(s) || types.Universe.Lookup(s) != nil
}

func FuzzExported(f *testing.F) {
	for _, s := range []string{
		"", "order_id", "unit price ($)", "mHz", "MHz", "2nd_place", "名前", "élan", "e\u0301lan",
		"type", "len", "HTTPServer", "IDs", "\xff\xfe", "ϒ", "ǅemal", "Ⅻ", "x²", "_", "a_b-c d.e",
		"٣rd", "ß", "ΑΒΓ", "ᾼ",
	} {
		f.Add(s)
	}
	n := newNamer(f, "SKU", "iOS", "3D")
	f.Fuzz(func(t *testing.T, name string) {
		checkIdentifiers(t, n, name)
	})
}
