package schema

import (
	"fmt"
	"regexp"
)

// fingerprintRE is a schema fingerprint as manifests and ir.Dataset write
// it.
var fingerprintRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

const sourceExample = `e.g. {"manifest": "../sales/out/orders.csv.ayeaye.json", "fingerprint": "sha256:…"}`

// source checks x-ayeaye.source, the pin that ayeaye-gen import writes:
// which published manifest the schema was copied from, and the producer's
// schema fingerprint at the time. It changes nothing in the generated
// code; it is there so that a later import can tell what changed, and so
// that readers of the schema know whose contract it is.
func (b *builder) source(m *member) {
	v := m.value
	if v.kind != objectNode {
		b.errOn(v, v.pos, "write source as an object, "+sourceExample,
			"x-ayeaye.source must be an object, not %s", article(v.kind))
		return
	}
	valid := []string{"manifest", "fingerprint"}
	for i := range v.members {
		k := &v.members[i]
		switch k.key {
		case "manifest":
			if s, ok := b.str(k, nil); ok && s == "" {
				b.errOn(k.value, k.value.pos, "give the manifest the schema was imported from, or remove source", "x-ayeaye.source.manifest is empty")
			}
		case "fingerprint":
			if s, ok := b.str(k, nil); ok && !fingerprintRE.MatchString(s) {
				b.errOn(k.value, k.value.pos, "write \"sha256:\" and 64 lower-case hex digits, as the manifest's schema_fingerprint has it; ayeaye-gen import -f writes it anew",
					"x-ayeaye.source.fingerprint %q is not a schema fingerprint", short([]byte(s)))
			}
		default:
			b.errOn(k.value, k.keyPos, extHint(k.key, valid), "unknown x-ayeaye.source key %q", k.key)
		}
	}
	for _, key := range valid {
		if v.get(key) == nil {
			b.errOn(v, v.pos, fmt.Sprintf("add %q, %s", key, sourceExample), "x-ayeaye.source has no %s", key)
		}
	}
}
