package naming

import "testing"

func TestSingular(t *testing.T) {
	tests := []struct{ class, in, want string }{
		{"irregular", "movies", "movie"},
		{"irregular", "series", "series"},
		{"irregular", "species", "species"},
		{"irregular", "news", "news"},
		{"irregular", "data", "data"},
		{"irregular", "indices", "index"},
		{"irregular", "statuses", "status"},
		{"irregular", "analyses", "analysis"},
		{"irregular", "people", "person"},
		{"irregular", "children", "child"},
		{"irregular", "salespeople", "salesperson"},
		{"case", "SalesPeople", "SalesPerson"},
		{"irregular", "criteria", "criterion"},
		{"irregular", "buses", "bus"},
		{"irregular", "quizzes", "quiz"},
		{"irregular", "knives", "knife"},
		{"irregular", "menus", "menu"},
		{"irregular", "taxis", "taxi"},
		{"-ies", "cities", "city"},
		{"-ies", "categories", "category"},
		{"-ies", "entries", "entry"},
		{"-ies exception", "cookies", "cookie"},
		{"-ies exception", "calories", "calorie"},
		{"-sses", "addresses", "address"},
		{"-sses", "classes", "class"},
		{"-ses", "responses", "response"},
		{"-ses", "cases", "case"},
		{"-ses", "databases", "database"},
		{"-uses", "houses", "house"},
		{"-xes", "boxes", "box"},
		{"-xes", "indexes", "index"},
		{"-ches", "matches", "match"},
		{"-ches", "branches", "branch"},
		{"-ches exception", "caches", "cache"},
		{"-shes", "wishes", "wish"},
		{"-shes", "crashes", "crash"},
		{"-zzes", "buzzes", "buzz"},
		{"-oes", "heroes", "hero"},
		{"-oes", "potatoes", "potato"},
		{"-oes exception", "shoes", "shoe"},
		{"-os", "photos", "photo"},
		{"-os", "ratios", "ratio"},
		{"-os singular", "chaos", "chaos"},
		{"-ves", "archives", "archive"},
		{"regular", "orders", "order"},
		{"regular", "readings", "reading"},
		{"regular", "colours", "colour"},
		{"regular", "airports", "airport"},
		{"regular", "sales", "sale"},
		{"singular", "status", "status"},
		{"singular", "analysis", "analysis"},
		{"singular", "class", "class"},
		{"singular", "daily", "daily"},
		{"singular", "popularity", "popularity"},
		{"singular", "weather", "weather"},
		{"singular", "plan", "plan"},
		{"short", "bus", "bus"},
		{"short", "gas", "gas"},
		{"short", "ids", "ids"},
		{"case", "Movies", "Movie"},
		{"case", "MOVIES", "MOVIE"},
		{"case", "People", "Person"},
		{"case", "PEOPLE", "PERSON"},
		{"case", "iPhones", "iPhone"},
		{"case", "Statuses", "Status"},
	}
	for _, tt := range tests {
		if got := Singular(tt.in); got != tt.want {
			t.Errorf("%s: Singular(%q) = %q, want %q", tt.class, tt.in, got, tt.want)
		}
	}
}

// Every entry of the table is a fixed point of its singular: Singular of
// a singular is itself, so a record name never changes when a dataset is
// renamed from plural to singular.
func TestSingularOfSingularIsItself(t *testing.T) {
	for plural, single := range irregular {
		if got := Singular(single); got != single {
			t.Errorf("Singular(%q) = %q (the singular of %q); want it unchanged", single, got, plural)
		}
	}
}

func TestRecordName(t *testing.T) {
	n := newNamer(t)
	tests := []struct{ in, want string }{
		{"movies", "Movie"},
		{"series", "Series"},
		{"species", "Species"},
		{"tv_series", "TvSeries"},
		{"sensor_readings", "SensorReading"},
		{"site_daily", "SiteDaily"},
		{"colour_popularity", "ColourPopularity"},
		{"favourite_colours", "FavouriteColour"},
		{"people", "Person"},
		{"user_ids", "UserID"},
		{"urls", "URL"},
		{"flights_3m_csv", "Flights3mCSV"},
		{"statuses", "Status"},
		{"news", "News"},
		{"sensor_data", "SensorData"},
		{"indices", "Index"},
		{"analyses", "Analysis"},
		{"%", "X25"},
	}
	for _, tt := range tests {
		if got := n.RecordName(tt.in); got != tt.want {
			t.Errorf("RecordName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEnumName(t *testing.T) {
	n := newNamer(t)
	tests := []struct {
		record string
		path   []string
		want   string
	}{
		{"Order", []string{"status"}, "OrderStatus"},
		{"Order", []string{"order_status"}, "OrderStatus"},
		{"SeattleWeather", []string{"weather"}, "SeattleWeatherKind"},
		{"SeattleWeather", []string{"weather_kind"}, "SeattleWeatherKind"},
		{"SeattleWeather", []string{"seattle_weather"}, "SeattleWeatherKind"},
		{"SeattleWeather", []string{"rain"}, "SeattleWeatherRain"},
		{"SiteDaily", []string{"daily_flag"}, "SiteDailyFlag"},
		{"UserID", []string{"id_kind"}, "UserIDKind"},
		{"Order", []string{"customer", "tier"}, "OrderCustomerTier"},
		{"Order", []string{"order", "tier"}, "OrderTier"},
		{"Order", []string{"tags", "item"}, "OrderTagsItem"},
		{"Status", []string{"status"}, "StatusKind"},
	}
	for _, tt := range tests {
		if got := n.EnumName(tt.record, tt.path...); got != tt.want {
			t.Errorf("EnumName(%q, %q) = %q, want %q", tt.record, tt.path, got, tt.want)
		}
	}
}
