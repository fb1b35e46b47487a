package codec

// GeneratedVersion is the version of generated code this runtime works
// with. ayeaye-gen raises it when what it writes needs a different
// runtime (Codec in version 2).
const GeneratedVersion = 2

// GeneratedV2RunGoGenerate is the version guard of generated code: every
// generated package declares
//
//	const _ = codec.GeneratedV2RunGoGenerate
//
// with the version of the ayeaye-gen that wrote it. Only the current
// version's guard is defined, so code from an older or newer ayeaye-gen
// fails to build, on that line, with "undefined:
// codec.GeneratedV<N>RunGoGenerate": the name says what to do. The
// comment above the line in generated code says it too.
const GeneratedV2RunGoGenerate = GeneratedVersion
