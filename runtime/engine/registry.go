package engine

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Kind says what a registered name is: the type at the end of the scheme,
// or a modifier before it.
type Kind int

const (
	KindType        Kind = iota + 1 // a data format or engine: csv, parquet, postgres
	KindCompression                 // a compression modifier: gz, zst
	KindStorage                     // a storage modifier: s3, gs, azblob, memblob, fileblob
)

func (k Kind) String() string {
	switch k {
	case KindType:
		return "type"
	case KindCompression:
		return "compression modifier"
	case KindStorage:
		return "storage modifier"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Option is one option a type or modifier accepts.
type Option struct {
	Name string // lower case letters, digits and '_', starting with a letter
	// Doc says what values are accepted; it is shown when a value is wrong.
	Doc string
	// Parse validates a (percent-decoded) value and returns its canonical
	// form, which is what URL.Options holds. It must be idempotent:
	// Parse(Parse(v)) == Parse(v). Nil accepts any value unchanged.
	Parse func(value string) (string, error)
}

// Spec describes a type or modifier: its name, kind and options.
type Spec struct {
	Name    string
	Kind    Kind
	Options []Option
	// Check, when set, validates the whole URL after its options: the shape
	// of the location or combinations of options. Its error message is
	// reported as is, so it should say how to fix the problem.
	Check func(u URL) error
}

// Registry is a table of types and modifiers that URLs are parsed against.
//
// The package-level Parse uses the built-in table, which never changes. A
// program that adds formats (avro, orc, ...) makes its own Registry
// with NewRegistry, which starts from the built-ins, and Registers the new
// specs once at start-up; a Registry is safe for concurrent use.
type Registry struct {
	mu    sync.RWMutex
	specs map[string]Spec
}

// NewRegistry returns a registry holding the built-in types and modifiers.
func NewRegistry() *Registry {
	r := &Registry{specs: make(map[string]Spec)}
	for _, s := range slices.Concat(builtinSpecs(), sqlSpecs(), parquetSpecs()) { // sql.go, parquet.go
		if err := r.Register(s); err != nil {
			panic("engine: bad built-in spec: " + err.Error()) // a bug in this package, caught by its tests
		}
	}
	return r
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Register adds a type or modifier. It refuses a name already taken, a
// malformed name, and an option name that a spec of another kind already
// uses (a type's and a modifier's options share one namespace in a URL).
func (r *Registry) Register(s Spec) error {
	if !nameRE.MatchString(s.Name) {
		return fmt.Errorf("engine: cannot register %q: a name is lower case letters, digits and '_', starting with a letter", s.Name)
	}
	if s.Kind < KindType || s.Kind > KindStorage {
		return fmt.Errorf("engine: cannot register %q: Kind must be KindType, KindCompression or KindStorage", s.Name)
	}
	seen := map[string]bool{}
	for _, o := range s.Options {
		if !nameRE.MatchString(o.Name) {
			return fmt.Errorf("engine: cannot register %q: option name %q is not lower case letters, digits and '_'", s.Name, o.Name)
		}
		if seen[o.Name] {
			return fmt.Errorf("engine: cannot register %q: option %q listed twice", s.Name, o.Name)
		}
		seen[o.Name] = true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.specs[s.Name]; ok {
		return fmt.Errorf("engine: cannot register %s %q: the name is already a %s", s.Kind, s.Name, old.Kind)
	}
	for _, other := range r.specs {
		if other.Kind == s.Kind {
			continue
		}
		for _, o := range other.Options {
			if seen[o.Name] {
				return fmt.Errorf("engine: cannot register %q: option %q is already an option of %s %q", s.Name, o.Name, other.Kind, other.Name)
			}
		}
	}
	r.specs[s.Name] = s
	return nil
}

// Lookup returns the spec registered under name.
func (r *Registry) Lookup(name string) (Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, ok := r.specs[name]
	return s, ok
}

// Names returns the sorted names of the given kind.
func (r *Registry) Names(k Kind) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for _, n := range slices.Sorted(maps.Keys(r.specs)) {
		if r.specs[n].Kind == k {
			out = append(out, n)
		}
	}
	return out
}

// builtin is the registry behind the package-level Parse. Nothing outside
// this file can reach it, and nothing registers into it after init.
var builtin = NewRegistry()

func builtinSpecs() []Spec {
	boolOpt := func(name, doc string) Option { return Option{Name: name, Doc: doc, Parse: parseBool} }
	blob := func(name string, opts ...Option) Spec {
		return Spec{Name: name, Kind: KindStorage, Options: opts, Check: checkBucketKey}
	}
	return []Spec{
		{Name: "csv", Kind: KindType, Check: checkCSV, Options: []Option{
			{Name: "delimiter", Doc: "one character, a name (comma, tab, pipe, semicolon, space) or a percent-escape such as %3B", Parse: parseChar},
			boolOpt("header", "true or false: whether the first line names the columns"),
			{Name: "quote", Doc: "one character, a name (dquote, squote) or a percent-escape such as %27", Parse: parseChar},
		}},
		{Name: "tsv", Kind: KindType, Options: []Option{
			boolOpt("header", "true or false: whether the first line names the columns"),
		}},
		{Name: "json", Kind: KindType, Options: []Option{
			{Name: "indent", Doc: "spaces per indent level, 0 to 8", Parse: intRange(0, 8)},
		}},
		{Name: "ndjson", Kind: KindType},
		{Name: "file", Kind: KindType},
		{Name: "mem", Kind: KindType, Check: checkMem},
		{Name: "ref", Kind: KindType, Check: checkRef},
		{Name: "gz", Kind: KindCompression, Options: []Option{
			{Name: "level", Doc: "gzip compression level, 1 (fastest) to 9 (smallest)", Parse: intRange(1, 9)},
		}},
		{Name: "zst", Kind: KindCompression, Options: []Option{
			{Name: "level", Doc: "zstd compression level, 1 (fastest) to 22 (smallest)", Parse: intRange(1, 22)},
		}},
		blob("s3",
			Option{Name: "region", Doc: "an AWS region such as eu-west-1", Parse: nonEmpty},
			Option{Name: "endpoint", Doc: "an S3-compatible endpoint URL such as http://localhost:9000", Parse: nonEmpty},
			Option{Name: "profile", Doc: "a profile in the shared AWS config", Parse: nonEmpty},
			boolOpt("use_path_style", "true or false: address the bucket in the path (needed by MinIO and most S3-compatible stores)"),
			boolOpt("anonymous", "true or false: send unsigned requests, for public buckets"),
		),
		blob("gs",
			boolOpt("anonymous", "true or false: send unauthenticated requests, for public buckets"),
		),
		blob("azblob",
			Option{Name: "storage_account", Doc: "the Azure storage account name", Parse: nonEmpty},
			Option{Name: "domain", Doc: "the blob service domain, such as blob.core.windows.net", Parse: nonEmpty},
		),
		blob("memblob"),
		{Name: "fileblob", Kind: KindStorage},
	}
}

// charNames are the names a one-character option accepts, for characters
// that are awkward to write in a URL or a config file.
var charNames = map[string]string{
	"comma": ",", "tab": "\t", "pipe": "|", "semicolon": ";", "space": " ",
	"dquote": `"`, "squote": "'",
}

func parseChar(v string) (string, error) {
	if c, ok := charNames[strings.ToLower(v)]; ok {
		return c, nil
	}
	if utf8.RuneCountInString(v) != 1 {
		return "", errors.New("must be exactly one character")
	}
	if r, _ := utf8.DecodeRuneInString(v); r == utf8.RuneError {
		return "", errors.New("is not valid UTF-8")
	}
	if v == "\n" || v == "\r" {
		return "", errors.New("cannot be a line break")
	}
	return v, nil
}

func parseBool(v string) (string, error) {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return "", errors.New("must be true or false")
	}
	return strconv.FormatBool(b), nil
}

func intRange(lo, hi int) func(string) (string, error) {
	return func(v string) (string, error) {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return "", fmt.Errorf("must be a whole number from %d to %d", lo, hi)
		}
		return strconv.Itoa(n), nil
	}
}

func nonEmpty(v string) (string, error) {
	if v == "" {
		return "", errors.New("must not be empty")
	}
	return v, nil
}

func checkCSV(u URL) error {
	d, q := u.Options["delimiter"], u.Options["quote"]
	if d == "" {
		d = ","
	}
	if q == "" {
		q = `"`
	}
	if d == q {
		return fmt.Errorf("delimiter and quote are both %q; choose different characters", d)
	}
	return nil
}

func checkMem(u URL) error {
	if len(u.Modifiers) > 0 {
		return fmt.Errorf("a mem dataset lives in memory and takes no modifiers; remove %q", strings.Join(u.Modifiers, "+")+"+")
	}
	return nil
}

// checkBucketKey requires bucket/key locations for blob stores.
func checkBucketKey(u URL) error {
	st := u.Storage()
	bucket, key, ok := strings.Cut(u.Location, "/")
	if !ok || bucket == "" || key == "" {
		return fmt.Errorf("a %s location is bucket/key; write e.g. %s+%s://my-bucket/path/to/data.%s", st, st, u.Type, u.Type)
	}
	return nil
}
