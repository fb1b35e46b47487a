// Package storage reads and atomically writes the bytes behind engine
// URLs: local files, blob stores (S3, Google Cloud Storage, Azure Blob,
// and the test stores memblob and fileblob), compressed or not. Formats
// are not its business: it hands out an io.ReadCloser and an io.Writer,
// and codecs sit on top.
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
// this host beside it. Parent directories are created. A blob is streamed
// through a gocloud.dev/blob writer that publishes the object only when
// closed on Commit, and is cancelled on Abort. WriteFile does the same for
// a small local file in one call.
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
// # Blob stores
//
// URL forms:
//
//	s3+csv://bucket/dir/key.csv        bucket s3://bucket, key dir/key.csv
//	gs+csv://bucket/dir/key.csv        bucket gs://bucket
//	azblob+csv://container/dir/key.csv bucket azblob://container
//	memblob+csv://bucket/dir/key.csv   an in-memory bucket, per Store
//	fileblob+csv:///abs/dir/key.csv    the local file, through the blob API
//
// The s3, gs and azblob options of the engine URL (region, endpoint,
// use_path_style, anonymous, storage_account, ...) become query parameters
// of the bucket URL; credentials come from the environment as the drivers
// document. This package imports only the core blob API and the memblob
// and fileblob test drivers, because the cloud drivers pull in large SDKs:
// a program that reads from S3 blank-imports the driver,
//
//	import _ "gocloud.dev/blob/s3blob"
//
// (gcsblob for gs, azureblob for azblob), and the error for a missing
// driver names the exact import line. Store.Mux can point at a custom
// blob.URLMux instead of the default one.
//
// memblob buckets live in the Store that created them, which makes them
// handy in tests and useless for the package-level functions, which
// therefore refuse them. fileblob exists to test the blob code paths on
// the local disk: its location is a file path, the bucket is the root of
// the file system and the key the rest of the absolute path.
//
// # Wildcards
//
// Glob expands a wildcard URL (engine.Match syntax: *, ?, [...], and ** for
// any depth) into concrete URLs, sorted. Local patterns go to engine.Glob;
// blob keys are listed level by level with a "/" delimiter, so a pattern
// such as raw/2024-*/orders-*.csv lists only the prefixes it can match.
//
// # Package-level functions
//
// Open, Create and Glob use a Store of their own that lives as long as the
// returned reader or writer. They suit one-off use; a run should share one
// Store so that each bucket's client is made once.
package storage
