package engine

import (
	"slices"
	"strings"
)

// URL is a parsed engine URL: [modifier+...]type://location[;option=value...].
//
// Build one with Parse (or Registry.Parse), which validates every part; a
// URL built by hand is only as good as its fields.
type URL struct {
	// Modifiers in written order: storage first (s3, gs, azblob, memblob,
	// fileblob), then compression (gz, zst). Nil when there are none.
	Modifiers []string
	// Type is the data format or engine: csv, tsv, json, ndjson, mem, file
	// (raw bytes), or a registered one.
	Type string
	// Location is a path, bucket/key or name, after template expansion. It
	// is taken literally: no percent-decoding, so it cannot contain ';'.
	Location string
	// Options are the validated, canonical option values (for example a csv
	// delimiter given as "tab" or "%09" is stored as "\t"). Nil when there
	// are none.
	Options map[string]string
}

// Compression names of the built-in compression modifiers, and storage
// names of the built-in storage modifiers. The URL methods below know only
// these: a modifier that a Registry adds later is found with
// Registry.Lookup.
var (
	compressionNames = []string{"gz", "zst"}
	storageNames     = []string{"s3", "gs", "azblob", "memblob", "fileblob"}
)

// String returns the canonical form: modifiers, type, location, then the
// options sorted by name with values percent-encoded where needed, so that
// Parse(u.String()) gives back u for any u that Parse returned.
func (u URL) String() string {
	return u.format(false)
}

// Redacted is String with secrets replaced by "xxxxx": the password of a
// user:password@host location, the password of an option value that is a
// URL (an s3 endpoint http://key:secret@host) and the values of options
// whose names look secret (password, secret, token, key, credential,
// signature, auth). Use it for logs and run records; a URL filled from a
// template with secrets is printed from its masked twin (ParseText).
func (u URL) Redacted() string {
	return u.format(true)
}

func (u URL) format(redact bool) string {
	var b strings.Builder
	for _, m := range u.Modifiers {
		b.WriteString(m)
		b.WriteByte('+')
	}
	b.WriteString(u.Type)
	b.WriteString("://")
	if redact {
		b.WriteString(redactLocation(u.Location))
	} else {
		b.WriteString(u.Location)
	}
	names := make([]string, 0, len(u.Options))
	for k := range u.Options {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		b.WriteByte(';')
		b.WriteString(k)
		b.WriteByte('=')
		switch {
		case redact && isSecretOption(k):
			b.WriteString(redactedValue)
		case redact:
			b.WriteString(escapeValue(redactURLValue(u.Options[k])))
		default:
			b.WriteString(escapeValue(u.Options[k]))
		}
	}
	return b.String()
}

// Compression returns "gz", "zst" or "" when the bytes are not compressed.
func (u URL) Compression() string {
	for _, m := range u.Modifiers {
		if slices.Contains(compressionNames, m) {
			return m
		}
	}
	return ""
}

// Storage says where the bytes live: "file" for the local file system, a
// blob store ("s3", "gs", "azblob", "memblob", "fileblob"), or "" for a mem
// dataset, which the runtime holds in memory, and for a database table
// (sqlite, postgres, mysql): storage never sees either.
func (u URL) Storage() string {
	for _, m := range u.Modifiers {
		if slices.Contains(storageNames, m) {
			return m
		}
	}
	if u.Type == "mem" || IsDatabase(u.Type) {
		return ""
	}
	return "file"
}

// HasWildcard reports whether the location is a pattern (it contains *, ?
// or [) that Glob expands into concrete locations. A database location
// is a connection string, never a pattern.
func (u URL) HasWildcard() bool {
	return !IsDatabase(u.Type) && hasWildcard(u.Location)
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?[") }

const redactedValue = "xxxxx"

// isSecretOption reports whether an option's value should never be logged.
func isSecretOption(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"password", "passwd", "pwd", "secret", "token", "key", "credential", "signature", "auth"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// redactLocation hides the password in a user:password@host location, as
// used by database engines. Only the part before the first '/' can be an
// authority, so file paths that contain '@' later are left alone.
func redactLocation(loc string) string {
	auth := loc
	if i := strings.IndexByte(loc, '/'); i >= 0 {
		auth = loc[:i]
	}
	at := strings.LastIndexByte(auth, '@')
	if at < 0 {
		return loc
	}
	colon := strings.IndexByte(auth[:at], ':')
	if colon < 0 {
		return loc
	}
	return loc[:colon+1] + redactedValue + loc[at:]
}

// redactURLValue hides the password of an option value that is itself a
// URL with user info, such as an s3 endpoint http://key:secret@host.
func redactURLValue(v string) string {
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok {
		return v
	}
	return scheme + "://" + redactLocation(rest)
}

// redactRaw applies the same redaction to text that may not parse, for
// error messages.
func redactRaw(s string) string {
	sep := strings.Index(s, "://")
	if sep < 0 {
		return s
	}
	head, rest := s[:sep+3], s[sep+3:]
	loc, opts, hasOpts := strings.Cut(rest, ";")
	out := head + redactLocation(loc)
	if !hasOpts {
		return out
	}
	parts := strings.Split(opts, ";")
	for i, p := range parts {
		if name, value, ok := strings.Cut(p, "="); ok && isSecretOption(name) {
			parts[i] = name + "=" + redactedValue
		} else if ok {
			parts[i] = name + "=" + redactURLValue(value)
		}
	}
	return out + ";" + strings.Join(parts, ";")
}

// escapeValue percent-encodes the bytes an option value cannot hold raw:
// '%' itself, ';' (the option separator) and control characters.
func escapeValue(v string) string {
	const hex = "0123456789ABCDEF"
	if !strings.ContainsFunc(v, func(r rune) bool { return r == '%' || r == ';' || r < 0x20 || r == 0x7f }) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '%' || c == ';' || c < 0x20 || c == 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// unescapeValue reverses escapeValue and accepts any %XX. It returns the
// offset (within v) of a malformed escape, or -1.
func unescapeValue(v string) (string, int) {
	if !strings.Contains(v, "%") {
		return v, -1
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '%' {
			b.WriteByte(v[i])
			continue
		}
		if i+2 >= len(v) || !isHex(v[i+1]) || !isHex(v[i+2]) {
			return "", i
		}
		b.WriteByte(unhex(v[i+1])<<4 | unhex(v[i+2]))
		i += 2
	}
	return b.String(), -1
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
