package naming

import (
	"strings"
	"unicode"
)

// splitWords breaks a name into words. Anything that is not a letter or a
// digit separates words (spaces, punctuation, '_', '-', symbols, invalid
// UTF-8); combining marks are dropped without splitting, because Go
// identifiers cannot hold them. Inside a run of letters and digits, words
// break where the case changes:
//
//	mHz -> m Hz    HTTPServer -> HTTP Server    Sensor2ID -> Sensor2 ID
//
// Digits stay with the word before them (sensor2) and a digit followed by
// lower-case letters stays one word (2nd). A name with no lower-case
// letters at all is SCREAMING_CASE, so it is lower-cased first and its words
// break only at separators: ORDER_ID -> order id.
func splitWords(name string) []string {
	screaming := strings.IndexFunc(name, unicode.IsLower) < 0
	var words []string
	var run []rune
	flush := func() {
		if len(run) == 0 {
			return
		}
		if screaming {
			for i, r := range run {
				run[i] = unicode.ToLower(r)
			}
			words = append(words, string(run))
		} else {
			words = append(words, splitCase(run)...)
		}
		run = run[:0]
	}
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			run = append(run, r)
		case unicode.Is(unicode.M, r):
			// A combining mark (the accent of a decomposed "é") is dropped.
		default:
			flush()
		}
	}
	flush()
	return words
}

// splitCase breaks a run of letters and digits at case changes.
func splitCase(run []rune) []string {
	var words []string
	start := 0
	for i := 1; i < len(run); i++ {
		if !unicode.IsUpper(run[i]) {
			continue
		}
		prevUpper := unicode.IsUpper(run[i-1])
		// lower, digit or caseless letter, then upper: a new word (mHz, 2ID).
		boundary := !prevUpper
		// Upper, upper, lower: the last capital starts a word (HTTPServer),
		// unless the lower is a lone plural "s" ending the run (IDs, URLs).
		if prevUpper && i+1 < len(run) && unicode.IsLower(run[i+1]) {
			pluralS := run[i+1] == 's' && (i+2 == len(run) || !unicode.IsLower(run[i+2]))
			boundary = !pluralS
		}
		if boundary {
			words = append(words, string(run[start:i]))
			start = i
		}
	}
	return append(words, string(run[start:]))
}
