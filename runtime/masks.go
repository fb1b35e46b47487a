package runtime

import (
	"cmp"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// masks remembers the engine URLs a run filled from templates with
// secrets in them, and their masked twins (engine.ParseText), so that the
// runner prints the twin instead of the URL, and so that the URL, in any
// form a message below the runner quotes it (the canonical URL, its
// Redacted form, its location, an option value or that value escaped in
// a bucket URL), is replaced by the twin's form in every error it passes
// on, whatever the length of the secret.
type masks struct {
	mu    sync.Mutex
	urls  map[string]maskedURL // by the URL's canonical form
	forms map[string]string    // a form of a filled URL → the same form of its twin
	rep   *strings.Replacer    // forms, longest first; nil when none
}

// minQuoted is the shortest part of a URL (its location, an option
// value) that is looked for in messages, as env.MinRedactLen is for
// secrets.
const minQuoted = 8

// maskedURL is how a URL filled with secrets is printed: its masked
// twin's redacted form; and whether a secret went into its location, from
// which then no path may be made.
type maskedURL struct {
	display        string
	locationSecret bool
}

// add remembers u, filled with secrets, and its masked twin.
func (m *masks) add(u, masked engine.URL) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.urls == nil {
		m.urls, m.forms = map[string]maskedURL{}, map[string]string{}
	}
	m.urls[u.String()] = maskedURL{display: masked.Redacted(), locationSecret: masked.Location != u.Location}
	pair := func(real, twin string) {
		// A short location or value (an option that is the secret alone)
		// would be found in ordinary words; the whole URL never is.
		if real != twin && len(real) >= minQuoted {
			m.forms[real] = twin
		}
	}
	pair(u.String(), masked.Redacted())
	pair(u.Redacted(), masked.Redacted())
	pair(u.Location, masked.Location)
	for k, v := range u.Options {
		pair(v, masked.Options[k])
		pair(url.QueryEscape(v), url.QueryEscape(masked.Options[k]))
	}
	reals := slices.SortedFunc(maps.Keys(m.forms), func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	pairs := make([]string, 0, 2*len(reals))
	for _, f := range reals {
		pairs = append(pairs, f, m.forms[f])
	}
	m.rep = strings.NewReplacer(pairs...)
}

// lookup returns how u is printed, when it was filled with secrets.
func (m *masks) lookup(u engine.URL) (maskedURL, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	mu, ok := m.urls[u.String()]
	return mu, ok
}

// replace puts the masked twin's forms in place of the filled URLs' in s.
func (m *masks) replace(s string) string {
	m.mu.Lock()
	rep := m.rep
	m.mu.Unlock()
	if rep == nil {
		return s
	}
	return rep.Replace(s)
}
