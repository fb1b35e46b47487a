package engine

import (
	"fmt"
	"strings"
)

// Text is a filled-in template that remembers which of its parts came
// from a secret, so that a secret is encoded and hidden by where it was
// put, not found again by its value.
type Text []Part

// Part is a run of a Text: literal text, or the value of a secret.
type Part struct {
	S      string
	Secret bool
	Name   string // the secret's name, for messages; empty for literal text
}

// Plain is s as a Text with no secret in it.
func Plain(s string) Text { return Text{{S: s}} }

// String is the text with the secrets' values in it.
func (t Text) String() string {
	var b strings.Builder
	for _, p := range t {
		b.WriteString(p.S)
	}
	return b.String()
}

// Redacted is the text with every secret part replaced by "xxxxx".
func (t Text) Redacted() string {
	var b strings.Builder
	for _, p := range t {
		if p.Secret {
			b.WriteString(redactedValue)
		} else {
			b.WriteString(p.S)
		}
	}
	return b.String()
}

// HasSecret reports whether a secret went into t.
func (t Text) HasSecret() bool {
	for _, p := range t {
		if p.Secret {
			return true
		}
	}
	return false
}

// append adds the parts of u, joining literal runs and dropping empty ones.
func (t Text) append(u Text) Text {
	for _, p := range u {
		switch {
		case p.S == "" && !p.Secret:
		case !p.Secret && len(t) > 0 && !t[len(t)-1].Secret:
			t[len(t)-1].S += p.S
		default:
			t = append(t, p)
		}
	}
	return t
}

// ParseText parses an engine URL filled from a template by ExpandText.
// See Registry.ParseText.
func ParseText(t Text) (u, masked URL, err error) {
	return builtin.ParseText(t)
}

// ParseText parses the engine URL t, whose secret parts are
// percent-encoded first wherever the grammar decodes them, so that the URL
// means what the template said whatever characters a secret holds: in the
// user info, path, query and fragment of a database server's location
// (postgres, mysql) they are escaped as in any URL, and in an option value
// they are escaped for the option (and, when the value is itself a URL,
// such as an s3 endpoint, for that URL first). Anywhere else (a file path,
// a bucket key) nothing decodes the location, so a secret goes in as it
// is.
//
// masked is the same URL with each secret replaced by "xxxxx": print
// masked.Redacted(), never u. Errors name masked, never a secret.
func (r *Registry) ParseText(t Text) (u, masked URL, err error) {
	enc, maskedText, firstSecret := fillURL(t)
	masked, err = r.Parse(maskedText)
	if err != nil {
		return URL{}, URL{}, err
	}
	u, err = r.Parse(enc)
	if err != nil {
		// The structure parses without the secrets, so the secret is what
		// breaks it; the error of u would quote part of it.
		return URL{}, URL{}, urlErr(maskedText, firstSecret.off, "a file path or bucket key is taken literally, so a secret there cannot hold ';', a control character or a leading or trailing space; pass secrets in the user info or the options of a URL",
			"the secret {%s} does not fit where it is filled in", firstSecret.name)
	}
	return u, masked, nil
}

// hole is where a secret went in the masked text.
type hole struct {
	off  int
	name string
}

// fillURL renders t as an engine URL: enc with each secret escaped for
// its place in the URL, masked with each secret as "xxxxx". The masked
// text has the template's structure without any character of a secret,
// so the place of each secret is read from it.
func fillURL(t Text) (enc, masked string, first hole) {
	var mb strings.Builder
	var holes []hole
	for _, p := range t {
		if p.Secret {
			holes = append(holes, hole{off: mb.Len(), name: p.Name})
			mb.WriteString(redactedValue)
		} else {
			mb.WriteString(p.S)
		}
	}
	masked = mb.String()
	var eb strings.Builder
	i := 0
	for _, p := range t {
		if !p.Secret {
			eb.WriteString(p.S)
			continue
		}
		eb.WriteString(escapeAt(masked, holes[i].off)(p.S))
		i++
	}
	if len(holes) > 0 {
		first = holes[0]
	}
	return eb.String(), masked, first
}

// escapeAt says how a secret at byte off of the masked engine URL m must
// be escaped.
func escapeAt(m string, off int) func(string) string {
	literal := func(s string) string { return s }
	sep := strings.Index(m, "://")
	if sep < 0 || off < sep+3 {
		return literal
	}
	typ := m[:sep]
	if i := strings.LastIndexByte(typ, '+'); i >= 0 {
		typ = typ[i+1:]
	}
	start := sep + 3
	locEnd := strings.IndexByte(m[start:], ';')
	if locEnd < 0 || off < start+locEnd {
		if typ == "postgres" || typ == "mysql" {
			return escapeInURL(m[start:], off-start, false)
		}
		return literal
	}
	// An option: name=value up to the next ';'.
	segStart := start + locEnd + 1
	for {
		end := strings.IndexByte(m[segStart:], ';')
		if end < 0 {
			end = len(m) - segStart
		}
		if off < segStart+end {
			seg := m[segStart : segStart+end]
			eq := strings.IndexByte(seg, '=')
			if eq < 0 || off-segStart <= eq {
				return literal // in a name: it will not parse, and the error names the masked text
			}
			inner := escapeInURL(seg[eq+1:], off-segStart-eq-1, true)
			return func(s string) string { return escapeValue(inner(s)) }
		}
		segStart += end + 1
	}
}

// escapeInURL says how a secret at byte off of a URL-shaped value v must
// be escaped: v is [scheme://][user[:password]@]host[:port][/path][?query]
// [#fragment], with a scheme when withScheme is set (an option whose
// value is a URL) and without one otherwise (a database location). The
// host is taken literally; everything else is percent-decoded by whoever
// reads the URL, so the secret is escaped there. An option value without
// a scheme is no URL and is taken literally.
func escapeInURL(v string, off int, withScheme bool) func(string) string {
	literal := func(s string) string { return s }
	start := 0
	if withScheme {
		i := strings.Index(v, "://")
		if i < 0 || off < i+3 {
			return literal
		}
		start = i + 3
	}
	authEnd := len(v)
	if i := strings.IndexAny(v[start:], "/?#"); i >= 0 {
		authEnd = start + i
	}
	if off >= authEnd {
		return escapeStrict
	}
	if at := strings.LastIndexByte(v[start:authEnd], '@'); at >= 0 && off < start+at {
		return escapeStrict
	}
	return literal
}

// escapeStrict percent-encodes every byte but the unreserved characters
// of RFC 3986, which every part of a URL may hold as they are.
func escapeStrict(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%c%c", hex[c>>4], hex[c&15])
	}
	return b.String()
}

// SecretForms are the ways a secret's value may show in text once it has
// been filled into an engine URL: as it is, and escaped for a URL's parts
// and for an option value. Free-text redaction (of a driver's error
// messages) looks for all of them.
func SecretForms(s string) []string {
	return []string{s, escapeStrict(s), escapeValue(s), escapeValue(escapeStrict(s))}
}
