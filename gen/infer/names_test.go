package infer

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ayeaye-go/ayeaye/gen/naming"
)

func TestSnake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"id", "id"},
		{"unit price ($)", "unit_price"},
		{"Unit Price ($)", "unit_price"},
		{"unitPrice", "unit_price"},
		{"HTTPServer", "http_server"},
		{"userIDs", "user_ids"},
		{"sensor2ID", "sensor2_id"},
		{"ORDER_ID", "order_id"},
		{"mHz", "m_hz"},
		{"2nd place", "x2nd_place"},
		{"2026", "x2026"},
		{"Größe", "größe"},
		{"名前", "名前"},
		{"e\u0301lan", "elan"},
		{"  a -- b  ", "a_b"},
		{"%", ""},
		{"", ""},
		{"a\xffb", "a_b"},
	}
	for _, tt := range tests {
		if got := snake(tt.in); got != tt.want {
			t.Errorf("snake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDatasetName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"people", "people"},
		{"Sales Data 2026", "sales_data_2026"},
		{"2026 orders", "x2026_orders"},
		{"salesData", "sales_data"},
		{"Größe", "gr_e"},
		{"名前", "dataset"},
		{"...", "dataset"},
	}
	for _, tt := range tests {
		got := DatasetName(tt.in)
		if got != tt.want {
			t.Errorf("DatasetName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !ValidName(got) {
			t.Errorf("DatasetName(%q) = %q is not a valid name", tt.in, got)
		}
	}
}

// TestNames checks the choice of property names for one object: unique,
// unique as Go names, made-up names avoiding every header, and the header
// kept as the column when it differs.
func TestNames(t *testing.T) {
	type col struct {
		key  string
		nth  int
		json bool
	}
	tests := []struct {
		name string
		cols []col
		want []propName
	}{
		{
			name: "headers",
			cols: []col{{key: "Order ID"}, {key: "id"}, {key: "ID"}, {key: "order_id"}},
			want: []propName{{"order_id_2", "Order ID"}, {"id", ""}, {"id_2", "ID"}, {"order_id", ""}},
		},
		{
			name: "made-up names avoid headers",
			cols: []col{{key: "a"}, {key: "a", nth: 1}, {key: "a_2"}, {key: ""}, {key: "column_4"}},
			want: []propName{{"a", ""}, {"a_3", ""}, {"a_2", ""}, {"column_4_2", ""}, {"column_4", ""}},
		},
		{
			name: "json keys stay",
			cols: []col{{key: "First Name", json: true}, {key: "first_name"}, {key: "", json: true}, {key: "a\tb", json: true}, {key: "a_b"}},
			// "a\tb" and "a_b" both become the Go name AB.
			want: []propName{{"First Name", ""}, {"first_name_2", "first_name"}, {}, {"a\tb", "a_b_3"}, {"a_b_2", "a_b"}},
		},
		{
			name: "go names",
			cols: []col{{key: "mHz"}, {key: "m_hz"}, {key: "M Hz"}},
			want: []propName{{"m_hz_2", "mHz"}, {"m_hz", ""}, {"m_hz_3", "M Hz"}},
		},
	}
	namer, err := naming.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newObject("")
			for _, c := range tt.cols {
				got, err := o.column(c.key, c.nth, 0)
				if err != nil {
					t.Fatal(err)
				}
				got.json = c.json
				got.delimited = !c.json
			}
			b := &builder{inputs: []Input{{Name: "x.csv"}}, namer: namer}
			got := b.names(o)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(propName{})); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}
