package runstore

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
)

// redactedMark replaces passwords in printed DSNs.
const redactedMark = "xxxxx"

// passwordParam matches password settings in URL queries and key=value
// connection strings (password=…, sslpassword=…), quoted or not; what
// follows a closing quote up to the next separator goes too, in case the
// quoting was not what the regexp expects.
var passwordParam = regexp.MustCompile(`(?i)(password\s*=\s*)((?:'(?:[^'\\]|\\.)*'?)?[^&\s]*)`)

// Redact returns dsn fit to print: the password of its user info and any
// password parameter replaced by xxxxx. It never fails, so a DSN that is
// not a valid URL is redacted too, erring on the side of hiding more.
func Redact(dsn string) string {
	name, _ := redact(dsn)
	return name
}

// redact returns the printable DSN and the secrets it removed, which are
// also scrubbed from driver errors in case a driver quotes them.
func redact(dsn string) (string, []string) {
	var secrets []string
	out := dsn
	if scheme, rest, ok := strings.Cut(dsn, "://"); ok {
		// The last @ ends the user info even when the password holds an
		// unescaped @, / or ?; cutting too much only hides more.
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if user, pw, ok := strings.Cut(rest[:at], ":"); ok {
				secrets = append(secrets, pw)
				out = scheme + "://" + user + ":" + redactedMark + "@" + rest[at+1:]
			}
		}
	}
	for _, m := range passwordParam.FindAllStringSubmatch(out, -1) {
		secrets = append(secrets, strings.Trim(m[2], "'"))
	}
	out = passwordParam.ReplaceAllString(out, "${1}"+redactedMark)
	// Percent-encoded passwords may appear decoded in driver messages.
	for _, s := range secrets {
		if d, err := url.QueryUnescape(s); err == nil && d != s {
			secrets = append(secrets, d)
		}
	}
	kept := secrets[:0]
	for _, s := range secrets {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return out, kept
}

// scrubbed is an error whose message has had secrets removed; it still
// unwraps to the driver's error for errors.Is and errors.As.
type scrubbed struct {
	msg string
	err error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

// scrub removes secrets from err's message.
func scrub(err error, secrets []string) error {
	if err == nil || len(secrets) == 0 {
		return err
	}
	msg := err.Error()
	clean := msg
	for _, s := range secrets {
		clean = strings.ReplaceAll(clean, s, redactedMark)
	}
	if clean == msg {
		return err
	}
	var s *scrubbed
	if errors.As(err, &s) {
		return &scrubbed{msg: clean, err: s.err}
	}
	return &scrubbed{msg: clean, err: err}
}
