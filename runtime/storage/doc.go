// Package storage reads and atomically writes the bytes behind engine
// URLs: local files, and object storage (S3, Google Cloud Storage, Azure
// Blob, and the test stores memblob and fileblob) when the program links
// it, compressed or not. Formats are not its business: it hands out an
// io.ReadCloser and an io.Writer, and codecs sit on top.
//
// # Reading and writing
//
//	var st storage.Store // zero value ready; one per run
//	defer st.Close()
//
//	w, err := st.Create(ctx, u) // nothing appears at u yet
//	if err != nil { ... }
//	defer w.Abort()             // no-op after Commit
//	_, err = w.Write(data)
//	err = w.Commit()            // now u holds the new bytes, all at once
//
//	r, size, err := st.Open(ctx, u) // size: stored bytes, or -1
//	defer r.Close()
//
// Writes are all or nothing, so a failed run never leaves half a file
// where the previous good one was. A local file is written to a hidden
// temporary file (".name.tmp-OWNER-NNN", OWNER the writing process's host
// and pid) in the target's directory, fsynced, and renamed over the target
// on Commit; Abort, a failed Write, a cancelled context or a failed Commit
// remove it. A process killed mid-write cannot, so creating the target
// again (or RemoveStale) removes the temporary files of dead processes of
// this host beside it. Parent directories are created. An object is
// published by its storage only on Commit and discarded on Abort.
// WriteFile does the same for a small local file in one call.
//
// Lock serialises the writers of one dataset across processes of a host
// (flock on a .name.lock file beside it); see Lock for what holds on object
// storage.
//
// The gz and zst modifiers compress on write (at the URL's level option)
// and decompress on read, with github.com/klauspost/compress. Open
// reports the stored size for progress bars: the compressed size, since
// that is what is read from the store.
//
// Missing inputs fail with an error naming the file or object (and the
// working directory, for relative paths) that satisfies
// errors.Is(err, fs.ErrNotExist).
//
// # Object storage
//
// This package itself uses the standard library (and klauspost/compress)
// only, so a program that reads local files links no cloud SDK. Object
// storage is opt-in, as database drivers are for database/sql: package
// github.com/ayeaye-go/ayeaye/runtime/storage/blob implements the Objects
// interface with gocloud.dev/blob and registers itself when imported,
//
//	import (
//		_ "github.com/ayeaye-go/ayeaye/runtime/storage/blob"
//		_ "gocloud.dev/blob/s3blob" // gcsblob for gs, azureblob for azblob
//	)
//
// and ayeaye-gen generate writes these imports into the datasets package
// (ayeaye_drivers.go) for the storage its schemas name. A URL whose
// storage is not linked fails with an error naming the imports to add:
// the way to learn of an s3 URL given only at run time (-set). Store.Objects
// takes another implementation, or blob.New with a custom gocloud URLMux.
//
// memblob buckets live in the Store that created them, which makes them
// handy in tests and useless for the package-level functions, which
// therefore refuse them.
//
// # Wildcards
//
// Glob expands a wildcard URL (engine.Match syntax: *, ?, [...], and ** for
// any depth) into concrete URLs, sorted. Local patterns go to engine.Glob,
// object keys to the Objects (package blob lists them level by level, so
// raw/2024-*/orders-*.csv lists only the prefixes it can match).
//
// # Package-level functions
//
// Open, Create and Glob use a Store of their own that lives as long as the
// returned reader or writer. They suit one-off use; a run should share one
// Store so that each bucket's client is made once.
//
// Lock, WriteFile and RemoveStale are about local files only.
package storage
