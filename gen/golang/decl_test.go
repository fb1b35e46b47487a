package golang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/ir"
	"github.com/ayeaye-go/ayeaye/gen/naming"
)

func TestDeclarations(t *testing.T) {
	status := &ir.EnumType{Path: []string{"status"}, Values: []string{"open", "closed"}}
	customer := &ir.Object{Path: []string{"customer"}, Fields: []*ir.Field{{Name: "name", Type: &ir.Type{Kind: ir.String}}}}
	people := &ir.Dataset{Name: "people", Record: &ir.Object{Fields: []*ir.Field{
		{Name: "person_id", Required: true, Type: &ir.Type{Kind: ir.Int, Bits: 32}},
		{Name: "score", Type: &ir.Type{Kind: ir.Float, Bits: 64, Nullable: true}},
		{Name: "born", Type: &ir.Type{Kind: ir.Date}},
		{Name: "seen_at", Type: &ir.Type{Kind: ir.DateTime}},
		{Name: "balance", Type: &ir.Type{Kind: ir.Decimal}},
		{Name: "status", Type: &ir.Type{Kind: ir.Enum, Enum: status}},
		{Name: "customer", Type: &ir.Type{Kind: ir.Record, Object: customer}},
		{Name: "tags", Type: &ir.Type{Kind: ir.Array, Elem: &ir.Type{Kind: ir.String}}},
		{Name: "ok", Type: &ir.Type{Kind: ir.Bool}},
	}}}
	// Every dataset variable is the dataset name and "Dataset".
	statusDS := &ir.Dataset{Name: "status", Record: &ir.Object{Fields: []*ir.Field{{Name: "x", Type: &ir.Type{Kind: ir.String}}}}}
	namer, err := naming.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	got, diags := Declarations([]*ir.Dataset{people, statusDS}, namer, "datasets")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	valuePkg := "github.com/ayeaye-go/ayeaye/runtime/value"
	want := []Decl{{
		Dataset: "people", Var: "PeopleDataset", Record: "Person",
		Fields: []FieldDecl{
			{Property: "person_id", Name: "PersonID", Required: true, Example: "0"},
			{Property: "score", Name: "Score", Nullable: true, Example: "0"},
			{Property: "born", Name: "Born", Example: "value.Date{Year: 2026, Month: 1, Day: 1}", Imports: []string{valuePkg}},
			{Property: "seen_at", Name: "SeenAt", Example: "time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)", Imports: []string{"time"}},
			{Property: "balance", Name: "Balance", Example: "value.DecimalFromInt(0)", Imports: []string{valuePkg}},
			{Property: "status", Name: "Status", Example: "datasets.PersonStatusOpen"},
			{Property: "customer", Name: "Customer", Example: "datasets.PersonCustomer{}"},
			{Property: "tags", Name: "Tags", Example: "nil"},
			{Property: "ok", Name: "Ok", Example: "false"},
		},
	}, {
		Dataset: "status", Var: "StatusDataset", Record: "Status",
		Fields: []FieldDecl{{Property: "x", Name: "X", Example: `""`}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// Without a qualifier, names are as inside the generated package.
	got, _ = Declarations([]*ir.Dataset{people}, namer, "")
	if ex := got[0].Fields[5].Example; ex != "PersonStatusOpen" {
		t.Errorf("unqualified enum example = %q", ex)
	}
}

func TestDeclarationsReportsCollisions(t *testing.T) {
	a := &ir.Dataset{Name: "order-lines", Record: &ir.Object{}}
	b := &ir.Dataset{Name: "order_lines", Record: &ir.Object{}}
	namer, _ := naming.New(nil)
	decls, diags := Declarations([]*ir.Dataset{a, b}, namer, "datasets")
	if decls != nil || len(diags) == 0 {
		t.Fatalf("decls %v, diags %v: want the collision reported", decls, diags)
	}
	if !strings.Contains(diags.Error(), "OrderLine") {
		t.Errorf("diagnostics do not name the identifier:\n%v", diags)
	}
}

// TestLongListsInMessagesAreCapped checks the texts generated code puts
// in errors about enums and closed objects: a list of thousands of values
// reads as the first few and a count.
func TestLongListsInMessagesAreCapped(t *testing.T) {
	values := make([]string, 200_000)
	for i := range values {
		values[i] = fmt.Sprintf("v%d", i)
	}
	got := enumExpected(&ir.EnumType{Values: values})
	if want := `one of "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9" … and 199,990 more`; got != want {
		t.Errorf("enumExpected = %.300q…, want %q", got, want)
	}
}
