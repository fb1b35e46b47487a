// Package natsexec runs the partitions of partitioned models on many
// worker processes, on many machines, through NATS JetStream: a proven,
// embeddable message server with work queues, acknowledgements,
// redelivery and a key-value store, rather than a scheduler of our own.
//
// The model does not change. A model written with runtime/partition runs
// its partitions on whatever executor the context carries; Executor is
// one more, next to partition.Serial and partition.Local:
//
//	e, err := natsexec.Open(ctx, natsexec.Options{Config: natsexec.Config{URL: "nats://nats:4222"}})
//	…
//	defer e.Close()
//	_, err = runner.Run(partition.WithExecutor(ctx, e), "site_stats", model)
//
// and each worker is the user's own program, which has the same models:
//
//	w := &natsexec.Worker{Config: cfg, Models: names, Handle: build}
//	err := w.Run(ctx)
//
// The command line (runtime/cli) does both once the program imports this
// package, which registers it (runtime/cli/executor; a program that does
// not import it links no NATS code): `run -executor nats://host:4222`
// is the coordinator and `worker -executor nats://host:4222` a worker, on
// any machine; `run -executor nats` starts a server inside the run (its
// state in .ayeaye/nats) and -workers local worker processes (Spawn), so
// one machine gets process-level parallelism with nothing to set up.
// DEPLOY.md shows a three-node cluster and Kubernetes.
//
// # How a run goes
//
// Each partition is one message on a work-queue stream (one subject per
// partition: <namespace>.tasks.<run>.<index>), with a deduplication id
// (run/model/index), so sending it again never makes two. A worker takes
// one message at a time, only when idle, so partitions wait in the
// stream where any idle worker can take them. While it builds, it tells
// the server the partition is in progress every third of the ack wait;
// a worker that dies or hangs stops doing so, and the server hands the
// partition to another worker after the ack wait.
//
// A worker stores the result in a key-value bucket with a create that
// fails if the key exists, and acknowledges the message only after that:
// a partition is committed exactly once, even when two workers built it
// (the first thought dead, then back), and a result is never lost to a
// crash between building and acknowledging. A failed attempt is handed
// back with a delay (the model's backoff, doubling); when the model's
// retry budget is spent, or the failure is a panic or marked Permanent,
// the worker stores the failure and terminates the message. A delivery
// past the budget (the workers before it died) is failed without
// building. The consumer's max_deliver is a backstop under all this:
// the coordinator watches the server's max-deliveries advisories and
// fails a partition that reaches it, rather than leave the run hanging.
//
// The coordinator watches the bucket for outcomes, reports each finished
// partition to the run's provenance (partition runs appear in the run
// store and OpenLineage as local ones do, with the worker's host), and
// fails the run, or keeps going, as the local executors do. Every few
// seconds it also checks that each unfinished partition still has its
// message (one lost to an operator's purge is sent again) and warns when
// no worker is asking for work.
//
// # Restarts
//
// A run's record lives in the bucket under a key derived from what it
// computes: the model, its partitions, the environment and the code. A
// coordinator started again on the same job (after a crash, or Ctrl-C)
// finds it, resumes the run, keeping every partition already committed,
// and sends only what is neither done nor queued. On a server of its
// own (Options.Private: the embedded one), partitions that the killed
// run's workers held are handed out again at once rather than after the
// ack wait, since those workers died with it. Runs are resumed within
// Options.ResumeWithin (default an hour) of their coordinator's last
// heartbeat; a finished run is never resumed, and Options.Fresh starts
// over. The stream and bucket are kept on disk (file storage), so a
// server restarted mid-run loses nothing; clients reconnect on their own.
//
// # Environments, secrets and code
//
// The message names the environment the coordinator runs in, with its
// -var and -set (Env), never a secret: a worker resolves the environment
// itself, so secrets come from the worker's own environment variables
// and files. Credentials for the server come from $AYEAYE_NATS_TOKEN or
// $AYEAYE_NATS_CREDS, never from a command line. A worker refuses, with a
// clear error, partitions of models it does not have, and partitions
// from another build of the program (module, version, VCS revision,
// modified tree), unless told to allow the mismatch, which is then noted
// in the coordinator's log.
//
// # Settings
//
// The coordinator and its workers must agree on a server and a layout,
// so all of it is one URL (ParseURL): servers separated by commas, then
// ?namespace= (several projects on one server), replicas= (copies in a
// cluster), ack_wait= and max_deliver=.
//
// # Tests and figures
//
// The tests run against the embedded server and against a NATS server on
// 127.0.0.1:4222 (skipped when absent, failed when
// AYEAYE_REQUIRE_SERVICES=1). The fault tests kill a worker with SIGKILL
// mid-partition, freeze one with SIGSTOP, kill and restart the
// coordinator, and restart the server mid-run; each checks that the
// output equals the serial executor's and that no partition was
// committed twice. BenchmarkOverhead and BenchmarkSpeedup measure the
// cost per partition and the speed-up of two worker processes.
package natsexec
