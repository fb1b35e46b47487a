package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	gblob "gocloud.dev/blob"

	"github.com/ayeaye-go/ayeaye/runtime/engine"
)

// Glob lists the objects that match u, sorted. Keys are listed level by
// level with a "/" delimiter, so only the prefixes the pattern can match
// are listed; below a "**" everything is. A URL without wildcards is
// returned as is. fileblob results carry absolute paths.
func (o *Objects) Glob(ctx context.Context, u engine.URL) ([]engine.URL, error) {
	if !u.HasWildcard() {
		return []engine.URL{u}, nil // as storage.Store.Glob does
	}
	l, err := locate(u)
	if err != nil {
		return nil, fmt.Errorf("glob %w", err)
	}
	if _, err := engine.Match(l.key, ""); err != nil {
		return nil, fmt.Errorf("glob %s: %w", u.Redacted(), err)
	}
	b, err := o.bucket(ctx, l)
	if err != nil {
		return nil, fmt.Errorf("glob %s: %w", u.Redacted(), err)
	}
	g := &blobGlob{ctx: ctx, b: b, found: map[string]bool{}}
	elems := strings.Split(l.key, "/")
	w := slices.IndexFunc(elems, func(e string) bool { return strings.ContainsAny(e, "*?[") })
	prefix := ""
	if w > 0 {
		prefix = strings.Join(elems[:w], "/") + "/"
	}
	if err := g.walk(prefix, elems[w:]); err != nil {
		return nil, fmt.Errorf("glob %s: list %s: %w", u.Redacted(), l.display, err)
	}
	out := make([]engine.URL, 0, len(g.found))
	for _, key := range slices.Sorted(maps.Keys(g.found)) {
		c := u
		c.Modifiers = slices.Clone(u.Modifiers)
		c.Options = maps.Clone(u.Options)
		c.Location = l.prefix + key
		out = append(out, c)
	}
	return out, nil
}

type blobGlob struct {
	ctx   context.Context
	b     *gblob.Bucket
	found map[string]bool
}

// walk matches the pattern elements rest against the keys below prefix
// (which is "" or ends in "/").
func (g *blobGlob) walk(prefix string, rest []string) error {
	elem, last := rest[0], len(rest) == 1
	switch {
	case elem == "**":
		pattern := strings.Join(rest, "/")
		return g.list(prefix, "", func(o *gblob.ListObject) error {
			if strings.HasSuffix(o.Key, "/") {
				return nil // a "directory marker" object, not data
			}
			if ok, _ := engine.Match(pattern, strings.TrimPrefix(o.Key, prefix)); ok {
				g.found[o.Key] = true
			}
			return nil
		})
	case !strings.ContainsAny(elem, "*?["):
		if !last {
			return g.walk(prefix+elem+"/", rest[1:])
		}
		ok, err := g.b.Exists(g.ctx, prefix+elem)
		if ok {
			g.found[prefix+elem] = true
		}
		return err
	}
	// Only keys starting with the element's literal head can match it.
	head := elem[:strings.IndexAny(elem, `*?[\`)]
	return g.list(prefix+head, "/", func(o *gblob.ListObject) error {
		name := strings.TrimSuffix(strings.TrimPrefix(o.Key, prefix), "/")
		if ok, _ := engine.Match(elem, name); !ok {
			return nil
		}
		switch {
		case last && !o.IsDir:
			g.found[o.Key] = true
		case !last && o.IsDir:
			return g.walk(o.Key, rest[1:])
		}
		return nil
	})
}

// list calls fn for every object (and, with a delimiter, every
// "directory") whose key starts with prefix.
func (g *blobGlob) list(prefix, delim string, fn func(*gblob.ListObject) error) error {
	it := g.b.List(&gblob.ListOptions{Prefix: prefix, Delimiter: delim})
	for {
		o, err := it.Next(g.ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(o); err != nil {
			return err
		}
	}
}
