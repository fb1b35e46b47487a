package schema

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// deref follows the $ref chain from node to the schema it names, calling
// visit (when not nil) on node and on every schema on the way. refs are
// the references followed from the root to here; it returns them with
// this chain's added. A reference that recurs or cannot be resolved ends
// the chain as a *Ref; a $ref that is not a string is an error.
func (r *reader) deref(node *object, ptr string, refs []string, visit func(*object, string) error) (*object, string, []string, *Ref, error) {
	for {
		if visit != nil {
			if err := visit(node, ptr); err != nil {
				return nil, "", nil, nil, err
			}
		}
		raw, ok := node.vals["$ref"]
		if !ok {
			return node, ptr, refs, nil, nil
		}
		ref, ok := raw.(string)
		if !ok {
			return nil, "", nil, nil, r.errAt(node, ptr, fmt.Sprintf("\"$ref\" is %s; write \"$ref\": \"#/$defs/Name\"", jsonKind(raw)))
		}
		if slices.Contains(refs, ref) {
			return nil, "", nil, &Ref{Ref: ref, Recursive: true}, nil
		}
		refs = append(refs[:len(refs):len(refs)], ref) // a copy: siblings share the parent's slice
		target, problem := r.resolve(ref)
		if problem == "" {
			if t, isObj := target.(*object); isObj {
				node, ptr = t, strings.TrimPrefix(ref, "#")
				continue
			}
			problem = fmt.Sprintf("names %s, not a schema object", jsonKind(target))
		}
		return nil, "", nil, &Ref{Ref: ref, Err: r.errAt(node, ptr, fmt.Sprintf("$ref %q %s", ref, problem))}, nil
	}
}

// resolve finds a local reference "#/a/b" (a JSON Pointer in a URL
// fragment) in the document; problem says why it cannot.
func (r *reader) resolve(ref string) (target any, problem string) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, "is not a local reference; only references inside the document (#/$defs/Name) are followed"
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, "is not a valid URL fragment: " + err.Error()
	}
	cur := r.doc.root
	if frag == "" {
		return cur, ""
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, "is not a JSON Pointer; write #/$defs/Name"
	}
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case *object:
			v, ok := c.vals[tok]
			if !ok {
				return nil, fmt.Sprintf("names nothing: there is no %q", tok)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Sprintf("names nothing: %q is not an index of an array of %d", tok, len(c))
			}
			cur = c[i]
		default:
			return nil, fmt.Sprintf("names nothing: %q is inside %s", tok, jsonKind(c))
		}
	}
	return cur, ""
}

// refKind is the kind of the type a reference that is not followed
// names, read from its target's "type" alone: an object for a recursive
// record, Any when that says nothing or the target is unknown.
func (r *reader) refKind(ref *Ref) Kind {
	if !ref.Recursive {
		return Any
	}
	target, _ := r.resolve(ref.Ref)
	o, ok := target.(*object)
	if !ok || o.get("$ref") != nil {
		return Any
	}
	if kinds, _, err := r.kinds(o, ""); err == nil && len(kinds) > 0 {
		return kinds[0]
	}
	if o.get("properties") != nil {
		return Object
	}
	return Any
}
