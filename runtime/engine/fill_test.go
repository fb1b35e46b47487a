package engine

import (
	"net/url"
	"strings"
	"testing"
)

// awkward are secrets holding every character the grammars give a
// meaning to.
var awkward = []string{
	"p@ss:w/rd?x#y%zQ", "ab;cd=ef;gh", "a b+c&d=e", "%41%zz", "ü€😀", "x", "}{", `"'\`, strings.Repeat("/@;?#", 40),
	"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
}

func secretText(before, name, secret, after string) Text {
	return Plain(before).append(Text{{S: secret, Secret: true, Name: name}}).append(Plain(after))
}

// TestParseTextEncodesSecrets fills each awkward secret into each place
// of a URL that decodes, and checks that the URL parses into what the
// template meant: the secret whole, where it was put.
func TestParseTextEncodesSecrets(t *testing.T) {
	places := []struct {
		name          string
		before, after string
		get           func(u URL) (string, error)
	}{
		{"postgres password", "postgres://etl:", "@127.0.0.1:5432/test;table=t", func(u URL) (string, error) {
			p, err := url.Parse("postgres://" + u.Location)
			if err != nil {
				return "", err
			}
			pw, _ := p.User.Password()
			return pw, nil
		}},
		{"mysql user", "mysql://", ":pw@127.0.0.1/test;table=t", func(u URL) (string, error) {
			p, err := url.Parse("mysql://" + u.Location)
			if err != nil {
				return "", err
			}
			return p.User.Username(), nil
		}},
		{"postgres database", "postgres://etl@127.0.0.1/", "?sslmode=disable;table=t", func(u URL) (string, error) {
			p, err := url.Parse("postgres://" + u.Location)
			if err != nil {
				return "", err
			}
			return strings.TrimPrefix(p.Path, "/"), nil
		}},
		{"postgres query", "postgres://etl@127.0.0.1/test?application_name=", ";table=t", func(u URL) (string, error) {
			p, err := url.Parse("postgres://" + u.Location)
			if err != nil {
				return "", err
			}
			return p.Query().Get("application_name"), nil
		}},
		{"s3 endpoint password", "s3+csv://bucket/key.csv;endpoint=http://ak:", "@127.0.0.1:9;region=x", func(u URL) (string, error) {
			p, err := url.Parse(u.Options["endpoint"])
			if err != nil {
				return "", err
			}
			pw, _ := p.User.Password()
			return pw, nil
		}},
	}
	for _, pl := range places {
		for _, s := range awkward {
			u, masked, err := ParseText(secretText(pl.before, "pw", s, pl.after))
			if err != nil {
				t.Errorf("%s %q: %v", pl.name, s, err)
				continue
			}
			got, err := pl.get(u)
			if err != nil || got != s {
				t.Errorf("%s %q: the URL gives %q, %v", pl.name, s, got, err)
			}
			if want := pl.before + "xxxxx" + pl.after; masked.String() != mustParse(t, want).String() {
				t.Errorf("%s %q: masked %s, want %s", pl.name, s, masked, want)
			}
		}
	}
}

func mustParse(t *testing.T, s string) URL {
	t.Helper()
	u, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestParseTextLiteralPlaces checks that a secret in a place nothing
// decodes goes in as it is, and that one that breaks the URL there is an
// error that names the secret but shows none of it.
func TestParseTextLiteralPlaces(t *testing.T) {
	u, _, err := ParseText(secretText("csv://data/", "dir", "a b@c", "/x.csv"))
	if err != nil || u.Location != "data/a b@c/x.csv" {
		t.Errorf("a file path: %v, %v", u, err)
	}
	_, _, err = ParseText(secretText("csv://data/", "dir", "ab;cdQQ=1", "/x.csv"))
	if err == nil || !strings.Contains(err.Error(), "{dir}") || strings.Contains(err.Error(), "cdQQ") {
		t.Errorf("a ';' in a file path: %v", err)
	}
	_, _, err = ParseText(secretText("postgres://etl:", "pw", "ab;cdQQ", "@h/db;tabel=t"))
	if err == nil || strings.Contains(err.Error(), "cdQQ") || !strings.Contains(err.Error(), "etl:xxxxx@h/db") {
		t.Errorf("a mistake elsewhere: %v", err)
	}
}

func TestExpandText(t *testing.T) {
	vars := map[string]Text{"dsn": secretText("postgres://etl:", "pw", "s;e", "@h/db"), "db": Plain("warehouse")}
	got, err := ExpandText("{dsn};table={db}", vars)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != "postgres://etl:s;e@h/db;table=warehouse" || got.Redacted() != "postgres://etl:xxxxx@h/db;table=warehouse" || len(got) != 3 {
		t.Errorf("got %#v", got)
	}
	if _, err := ExpandText("{nope}", vars); err == nil || !strings.Contains(err.Error(), "known names: db, dsn") {
		t.Errorf("unknown name: %v", err)
	}
}
