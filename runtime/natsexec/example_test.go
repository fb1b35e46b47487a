package natsexec_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/ayeaye-go/ayeaye/runtime/natsexec"
	"github.com/ayeaye-go/ayeaye/runtime/partition"
)

// A coordinator and a worker on a server inside the process. In real use
// the worker is the same program started elsewhere (the worker command
// of runtime/cli), and the model is run by the runtime's Runner.
func Example() {
	dir, _ := os.MkdirTemp("", "natsexec")
	defer os.RemoveAll(dir)
	srv, err := natsexec.StartServer(natsexec.ServerOptions{Dir: dir})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	cfg := natsexec.Config{URL: srv.URL(), Token: srv.Token()}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	// The worker: builds partitions of the models it has.
	w := &natsexec.Worker{Config: cfg, Models: []string{"squares"},
		Handle: func(ctx context.Context, req *natsexec.Request) (json.RawMessage, error) {
			var n int
			if err := json.Unmarshal(req.Task.Payload, &n); err != nil {
				return nil, natsexec.Permanent(err)
			}
			return json.Marshal(n * n)
		}}
	go func() { _ = w.Run(ctx) }()

	// The coordinator: an executor for partition.Run.
	e, err := natsexec.Open(ctx, natsexec.Options{Config: cfg})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer e.Close()
	err = partition.Run(partition.WithExecutor(ctx, e), "squares",
		func(context.Context) ([]int, error) { return []int{1, 2, 3, 4}, nil },
		func(ctx context.Context, n int) (int, error) { return n * n, nil }, // what the worker runs
		func(ctx context.Context, squares []int) error { fmt.Println(squares); return nil })
	if err != nil {
		fmt.Println(err)
	}
	// Output: [1 4 9 16]
}

func ExampleParseURL() {
	cfg, err := natsexec.ParseURL("nats://nats-0:4222,nats://nats-1:4222,nats://nats-2:4222?namespace=colours&replicas=3&ack_wait=1m")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.URL)
	fmt.Println(cfg.Namespace, cfg.Replicas, cfg.AckWait)

	_, err = natsexec.ParseURL("nats://admin:hunter2@nats:4222")
	fmt.Println(err)
	// Output:
	// nats://nats-0:4222,nats://nats-1:4222,nats://nats-2:4222
	// colours 3 1m0s
	// "nats://admin:xxxxx@nats:4222" holds credentials; pass them in $AYEAYE_NATS_TOKEN or $AYEAYE_NATS_CREDS instead, so they never show in a process list
}
