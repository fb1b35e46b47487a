package naming

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// irregular maps plurals that no suffix rule gets right to their
// singular, and words whose plural is the word itself to themselves.
// Only a whole word matches: "movies" does, "moviestar" does not.
var irregular = map[string]string{
	// Same word singular and plural, or uncountable.
	"series": "series", "species": "species", "news": "news", "data": "data",
	"metadata": "metadata", "media": "media", "means": "means", "sheep": "sheep",
	"fish": "fish", "deer": "deer", "aircraft": "aircraft", "offspring": "offspring",
	"headquarters": "headquarters", "corps": "corps", "chassis": "chassis",
	"analytics": "analytics", "physics": "physics", "economics": "economics",
	"mathematics": "mathematics", "politics": "politics", "ethics": "ethics",
	"logistics": "logistics", "electronics": "electronics", "kudos": "kudos",
	"chaos": "chaos", "cosmos": "cosmos", "ethos": "ethos", "pathos": "pathos",
	"gas": "gas", "atlas": "atlas", "alias": "alias", "canvas": "canvas",
	"bias": "bias", "lens": "lens", "yes": "yes", "this": "this", "its": "its",
	"diabetes": "diabetes", "rabies": "rabies", "measles": "measles",
	// People and animals.
	"people": "person", "children": "child", "men": "man", "women": "woman",
	"feet": "foot", "teeth": "tooth", "geese": "goose", "mice": "mouse",
	"oxen": "ox",
	// Latin and Greek plurals.
	"indices": "index", "matrices": "matrix", "vertices": "vertex",
	"appendices": "appendix", "criteria": "criterion", "phenomena": "phenomenon",
	"analyses": "analysis", "crises": "crisis", "theses": "thesis",
	"diagnoses": "diagnosis", "hypotheses": "hypothesis", "parentheses": "parenthesis",
	"syntheses": "synthesis", "synopses": "synopsis", "prognoses": "prognosis",
	"oases": "oasis", "axes": "axis", "alumni": "alumnus", "cacti": "cactus",
	"fungi": "fungus", "radii": "radius", "stimuli": "stimulus", "nuclei": "nucleus",
	"syllabi": "syllabus", "foci": "focus", "loci": "locus", "corpora": "corpus",
	"genera": "genus",
	// -uses and -ases whose singular ends in -us or -as, not -use or -ase.
	"statuses": "status", "buses": "bus", "bonuses": "bonus", "viruses": "virus",
	"campuses": "campus", "censuses": "census", "choruses": "chorus",
	"focuses": "focus", "surpluses": "surplus", "syllabuses": "syllabus",
	"prospectuses": "prospectus", "apparatuses": "apparatus", "walruses": "walrus",
	"geniuses": "genius", "circuses": "circus", "octopuses": "octopus",
	"minuses": "minus", "pluses": "plus", "nexuses": "nexus", "sinuses": "sinus",
	"consensuses": "consensus", "caucuses": "caucus", "cactuses": "cactus",
	"gases": "gas", "aliases": "alias", "canvases": "canvas", "biases": "bias",
	"atlases": "atlas", "lenses": "lens", "quizzes": "quiz",
	// -ies whose singular ends in -ie, not -y.
	"movies": "movie", "cookies": "cookie", "calories": "calorie", "zombies": "zombie",
	"ties": "tie", "pies": "pie", "lies": "lie", "dies": "die", "selfies": "selfie",
	"rookies": "rookie", "brownies": "brownie", "smoothies": "smoothie",
	"hippies": "hippie", "goalies": "goalie", "genies": "genie", "prairies": "prairie",
	"aunties": "auntie", "newbies": "newbie", "freebies": "freebie", "hoodies": "hoodie",
	"birdies": "birdie", "sorties": "sortie", "veggies": "veggie", "bookies": "bookie",
	"collies": "collie", "oldies": "oldie", "goodies": "goodie", "groupies": "groupie",
	"magpies": "magpie", "pixies": "pixie", "junkies": "junkie", "budgies": "budgie",
	"lingeries": "lingerie", "eyries": "eyrie",
	// -ches whose singular ends in -che, not -ch.
	"caches": "cache", "niches": "niche", "aches": "ache", "headaches": "headache",
	"moustaches": "moustache", "mustaches": "mustache", "avalanches": "avalanche",
	"cliches": "cliche", "quiches": "quiche", "creches": "creche", "psyches": "psyche",
	"fiches": "fiche", "microfiches": "microfiche", "earaches": "earache",
	"toothaches": "toothache", "backaches": "backache",
	// -oes whose singular ends in -oe, not -o.
	"shoes": "shoe", "toes": "toe", "canoes": "canoe", "oboes": "oboe", "hoes": "hoe",
	"foes": "foe", "woes": "woe", "floes": "floe", "throes": "throe", "tiptoes": "tiptoe",
	"aloes": "aloe", "sloes": "sloe", "roes": "roe", "does": "doe", "horseshoes": "horseshoe",
	// -ves whose singular ends in -f or -fe, not -ve.
	"wolves": "wolf", "knives": "knife", "lives": "life", "halves": "half",
	"shelves": "shelf", "wives": "wife", "calves": "calf", "thieves": "thief",
	"loaves": "loaf", "selves": "self", "elves": "elf", "scarves": "scarf",
	"hooves": "hoof", "wharves": "wharf", "sheaves": "sheaf",
	// -us and -is plurals of words ending in a vowel.
	"menus": "menu", "gurus": "guru", "emus": "emu", "gnus": "gnu", "tutus": "tutu",
	"haikus": "haiku", "sudokus": "sudoku", "skis": "ski", "taxis": "taxi",
	"alibis": "alibi", "kiwis": "kiwi", "wikis": "wiki", "emojis": "emoji",
	"bikinis": "bikini", "martinis": "martini", "safaris": "safari", "yetis": "yeti",
	"rabbis": "rabbi", "khakis": "khaki", "chilis": "chili", "tsunamis": "tsunami",
	"salamis": "salami", "semis": "semi", "minis": "mini", "delis": "deli", "kpis": "kpi",
}

// Singular returns the singular of an English noun, in the case it was
// written in ("Movies" -> "Movie", "PEOPLE" -> "PERSON"). The rules, in order:
//
//   - a word in the table of irregulars gets its entry (movies -> movie,
//     series -> series, people -> person, indices -> index, statuses -> status,
//     analyses -> analysis, data -> data);
//   - -ies -> -y (cities -> city), -sses -> -ss (addresses -> address),
//     -xes, -ches, -shes, -zzes -> without -es (boxes -> box, matches -> match,
//     wishes -> wish, buzzes -> buzz), -oes -> -o (heroes -> hero);
//   - words ending in -ss, -us, -is or -os are taken as singular already
//     (class, status, analysis, chaos), as is a word without a final s;
//   - any other final s is dropped (orders -> order, responses -> response).
//
// Only whole words match the table (and -people: salespeople ->
// salesperson), and words of three letters or fewer
// are left alone (bus, gas, yes), so a name is never shortened into
// nonsense. Anything the rules get wrong is what x-ayeaye.record_name is
// for.
func Singular(word string) string {
	lower := strings.ToLower(word)
	if s, ok := irregular[lower]; ok {
		return matchCase(word, s)
	}
	// The one compound the table cannot list whole: salespeople, townspeople.
	if stem, ok := strings.CutSuffix(lower, "people"); ok {
		return matchCase(word, stem+"person")
	}
	if utf8.RuneCountInString(lower) <= 3 {
		return word
	}
	cut := func(n int, add string) string { return matchCase(word, lower[:len(lower)-n]+add) }
	switch {
	case strings.HasSuffix(lower, "ies"):
		return cut(3, "y")
	case strings.HasSuffix(lower, "sses"), strings.HasSuffix(lower, "xes"),
		strings.HasSuffix(lower, "ches"), strings.HasSuffix(lower, "shes"),
		strings.HasSuffix(lower, "zzes"):
		return cut(2, "")
	case strings.HasSuffix(lower, "oes"):
		return cut(2, "")
	case !strings.HasSuffix(lower, "s"), strings.HasSuffix(lower, "ss"),
		strings.HasSuffix(lower, "us"), strings.HasSuffix(lower, "is"),
		strings.HasSuffix(lower, "os") && !isPluralOs(lower):
		return word
	}
	return cut(1, "")
}

// isPluralOs reports whether a word ending in -os is a plural: most are
// (photos, videos, ratios, logos); the singular ones are in the table of
// irregulars (chaos, kudos) or here.
func isPluralOs(lower string) bool {
	switch lower {
	case "thermos", "rhinoceros", "asbestos":
		return false
	}
	return true
}

// matchCase writes repl in the case of word: all capitals when word is
// (and has more than one letter), else keeping the case of each letter
// word shares with repl and upper-casing repl's first letter when word's
// is ("People" -> "Person", "MOVIES" -> "MOVIE", "iPhones" -> "iPhone").
func matchCase(word, repl string) string {
	if isAllUpper(word) && utf8.RuneCountInString(word) > 1 {
		return strings.ToUpper(repl)
	}
	w, r := []rune(word), []rune(repl)
	for i := range r {
		if i < len(w) && unicode.ToLower(w[i]) == r[i] {
			r[i] = w[i]
		} else if i == 0 && unicode.IsUpper(w[0]) {
			r[i] = unicode.ToUpper(r[i])
		}
	}
	return string(r)
}

// RecordName is the exported Go name of one record of a dataset: name
// read as words (see Exported) with its last word made singular, so
// dataset "movies" holds Movie records, "sensor_readings" SensorReading,
// "site_daily" SiteDaily and "user_ids" UserID.
func (n *Namer) RecordName(name string) string {
	words := splitWords(name)
	if len(words) > 0 {
		last := len(words) - 1
		w := words[last]
		// A plural initialism (ids, URLs) loses its s whatever its length.
		if stem := w[:len(w)-1]; strings.HasSuffix(w, "s") && n.isInitialism(w) && n.isInitialism(stem) {
			words[last] = stem
		} else {
			words[last] = Singular(w)
		}
	}
	return n.exported(words, name)
}

// EnumName is the exported Go name of the enum type of the property at
// path in a record named record (a Go name, such as RecordName's): the
// record's name followed by the path's, saying once the words the record
// ends with and the path starts with, so that property "order_status" of
// record Order gives OrderStatus and property "weather_kind" of
// SeattleWeather gives SeattleWeatherKind. A path that is nothing but
// those words (property "weather" of SeattleWeather) gives the record's
// name and "Kind": SeattleWeatherKind, as the record's own name is taken.
func (n *Namer) EnumName(record string, path ...string) string {
	rec := splitWords(record)
	var words []string
	for _, p := range path {
		words = append(words, splitWords(p)...)
	}
	drop := 0
	for k := min(len(rec), len(words)); k > 0; k-- {
		if equalWords(rec[len(rec)-k:], words[:k]) {
			drop = k
			break
		}
	}
	words = words[drop:]
	if len(words) == 0 {
		words = []string{"kind"}
	}
	return n.exported(append(rec, words...), record+strings.Join(path, ""))
}

func equalWords(a, b []string) bool {
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}
