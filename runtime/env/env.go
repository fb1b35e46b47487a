package env

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Redacted is what Redact writes in place of a secret.
const Redacted = "xxxxx"

// MinRedactLen is the shortest secret that Redact looks for in free
// text. Where a secret was filled in is known (Vars, ExpandText), so it is
// hidden there whatever its length; free text (a driver's error message)
// can only be searched by value, and a shorter value would be found in
// ordinary words ("secret" in "non-secret").
const MinRedactLen = 8

// Env is a resolved environment: its name, its variables and its secrets.
// It is immutable after Resolve and safe for concurrent use.
//
// Printing an Env with any fmt verb shows its name, its variables and the
// names of its secrets, never their values.
type Env struct {
	// The state is reachable only through a function, so that nothing that
	// prints by reflection (fmt's %d or %s on a copy of an Env, or on a
	// struct holding one) can walk into the secrets: it prints an address.
	st func() *state
}

type state struct {
	name     string
	vars     map[string]engine.Text // non-secret variables, expanded (a value may hold a secret)
	all      map[string]engine.Text // vars and secrets, for Expand
	secrets  []string               // secret names, sorted
	redactor *strings.Replacer      // nil when no secret is long enough to look for
	cat      Catalogue              // the catalogue's templates, unexpanded
}

func newEnv(name string, vars map[string]engine.Text, secrets map[string]string, cat Catalogue) *Env {
	e := &state{name: name, vars: vars, all: maps.Clone(vars), secrets: slices.Sorted(maps.Keys(secrets)), cat: maps.Clone(cat)}
	if e.all == nil {
		e.all = map[string]engine.Text{}
	}
	var forms []string
	for n, s := range secrets {
		e.all[n] = engine.Text{{S: s, Secret: true, Name: n}}
		if len(s) >= MinRedactLen {
			forms = append(forms, secretForms(s)...)
		}
	}
	if len(forms) > 0 {
		// Longest first, so that a secret holding another is hidden whole
		// (the Replacer tries the pairs in argument order at each byte).
		slices.SortFunc(forms, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
		forms = slices.Compact(forms)
		pairs := make([]string, 0, 2*len(forms))
		for _, f := range forms {
			pairs = append(pairs, f, Redacted)
		}
		e.redactor = strings.NewReplacer(pairs...)
	}
	return &Env{st: func() *state { return e }}
}

// state returns the Env's state; a nil or zero Env has none.
func (e *Env) state() *state {
	if e == nil || e.st == nil {
		return &state{}
	}
	return e.st()
}

// secretForms is a secret as it may appear in output: as it is, escaped in
// a URL (as engine.ParseText and url.PathEscape and QueryEscape write it)
// and escaped in JSON (structured logs, run records) and Go strings.
func secretForms(s string) []string {
	forms := append(engine.SecretForms(s), url.PathEscape(s), url.QueryEscape(s))
	if b, err := json.Marshal(s); err == nil {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	if q := strconv.Quote(s); len(q) >= 2 {
		forms = append(forms, q[1:len(q)-1])
	}
	return slices.DeleteFunc(forms, func(f string) bool { return f == "" })
}

// Name is the environment's name; "" when the config defines no
// environments.
func (e *Env) Name() string {
	return e.state().name
}

// Vars returns a copy of the variables, without the secrets, for run
// records, locks and listings. A variable built from a secret (say, a DSN
// with {db_password} in it) has "xxxxx" where the secret was filled in;
// every other character is kept as it is, even text that happens to equal
// a secret.
func (e *Env) Vars() map[string]string {
	out := map[string]string{}
	for k, v := range e.state().vars {
		out[k] = v.Redacted()
	}
	return out
}

// Secrets returns the names of the secrets, sorted; their values are only
// reachable through Expand.
func (e *Env) Secrets() []string {
	return slices.Clone(e.state().secrets)
}

// Expand fills the {name} templates of s (an engine URL, a path, a DSN)
// with the environment's variables and secrets; see engine.Expand for the
// syntax. The result may hold secrets: pass it to what needs it, and
// never print it. The secrets go in as they are: for an engine URL use
// ExpandText and engine.ParseText, which encode them for their place in
// the URL and give the URL to print. The error never holds a secret.
func (e *Env) Expand(template string) (string, error) {
	t, err := e.ExpandText(template)
	return t.String(), err
}

// ExpandText is Expand keeping which parts of the result came from
// secrets (engine.Text), so that they can be encoded and hidden by
// position.
func (e *Env) ExpandText(template string) (engine.Text, error) {
	t, err := engine.ExpandText(template, e.state().all)
	if err != nil {
		return nil, e.RedactError(err)
	}
	return t, nil
}

// Redact returns s with every secret value of at least MinRedactLen bytes
// replaced by "xxxxx", longest first, in every form a URL or JSON gives
// it. It is the last resort for free text that may quote a secret, such as
// a driver's error message; what the runtime fills in itself it hides by
// position (ExpandText, engine.ParseText), and values recorded as data
// (Vars) are never passed through it.
func (e *Env) Redact(s string) string {
	if r := e.state().redactor; r != nil {
		return r.Replace(s)
	}
	return s
}

// RedactError wraps err so that its message has every secret redacted;
// nil stays nil. errors.Is and errors.As still see err through Unwrap,
// but what they find is not redacted: print the wrapper.
func (e *Env) RedactError(err error) error {
	if err == nil {
		return nil
	}
	return &redactedError{err: err, msg: e.Redact(err.Error())}
}

type redactedError struct {
	err error
	msg string
}

func (r *redactedError) Error() string { return r.msg }
func (r *redactedError) Unwrap() error { return r.err }

// String shows the name, the variables (secrets redacted) and the secret
// names: `env "prod": data_root=s3://raw, secrets: db_password`.
func (e *Env) String() string {
	if e == nil {
		return "env <nil>"
	}
	st := e.state()
	var b strings.Builder
	fmt.Fprintf(&b, "env %q:", st.name)
	vars := e.Vars()
	for i, k := range slices.Sorted(maps.Keys(vars)) {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s=%s", k, vars[k])
	}
	if len(st.secrets) > 0 {
		if len(vars) > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" secrets: ")
		b.WriteString(strings.Join(st.secrets, " "))
	}
	return b.String()
}

// GoString is String for %#v.
func (e *Env) GoString() string { return "env.Env{" + strconv.Quote(e.String()) + "}" }

// Format prints String for every verb, so that no verb (%d, %x, %+v on
// the struct's fields) can reach the secrets by reflection.
func (e *Env) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, e.GoString())
		return
	}
	fmt.Fprint(f, e.String())
}
