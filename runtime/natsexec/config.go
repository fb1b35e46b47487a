package natsexec

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Environment variables through which credentials reach coordinators and
// workers: never a flag (visible in ps) and never a message.
const (
	TokenEnv = "AYEAYE_NATS_TOKEN" // a token the server requires
	CredsEnv = "AYEAYE_NATS_CREDS" // path of a NATS credentials (.creds) file
)

// Config says which server to use and how the work is laid out on it. A
// coordinator and its workers must agree on it, which is why all of it
// fits in one URL (see ParseURL).
type Config struct {
	// URL is one server, or several separated by commas (the members of
	// a cluster): nats://host:4222,nats://other:4222.
	URL string
	// Namespace names the stream, consumer and bucket, so that several
	// projects share a server without taking each other's partitions.
	// Letters, digits, - and _; default "ayeaye".
	Namespace string
	// Replicas is how many servers of a cluster keep each partition and
	// result (default 1; 3 survives the loss of one server).
	Replicas int
	// AckWait is how long a partition may go without a heartbeat before
	// the server gives it to another worker (default 30s). Workers send a
	// heartbeat every third of it.
	AckWait time.Duration
	// MaxDeliver caps how often the server hands out one partition, a
	// backstop under each model's own retry budget (default 100).
	MaxDeliver int
	// KeepFor is how long results stay in the bucket (default 7 days).
	KeepFor time.Duration
	// Token and Creds authenticate; the command line reads them from
	// $AYEAYE_NATS_TOKEN and $AYEAYE_NATS_CREDS.
	Token string
	Creds string
}

var namespaceRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// ParseURL reads a server URL as given to -executor: one or more servers
// separated by commas, then optional settings as a query:
//
//	nats://nats-0:4222,nats://nats-1:4222?namespace=colours&replicas=3&ack_wait=1m
func ParseURL(s string) (Config, error) {
	var c Config
	servers, query, _ := strings.Cut(strings.TrimSpace(s), "?")
	if servers == "" {
		return c, errors.New("no server given; write nats://host:4222")
	}
	for u := range strings.SplitSeq(servers, ",") {
		pu, err := url.Parse(strings.TrimSpace(u))
		if err != nil || pu.Host == "" {
			return c, fmt.Errorf("%q is not a server URL; write nats://host:4222", u)
		}
		switch pu.Scheme {
		case "nats", "tls", "ws", "wss":
		default:
			return c, fmt.Errorf("%q: unknown scheme %q; use nats://, tls://, ws:// or wss://", u, pu.Scheme)
		}
		if pu.User != nil {
			return c, fmt.Errorf("%q holds credentials; pass them in $%s or $%s instead, so they never show in a process list", pu.Redacted(), TokenEnv, CredsEnv)
		}
	}
	c.URL = servers
	q, err := url.ParseQuery(query)
	if err != nil {
		return c, fmt.Errorf("settings after ?: %v", err)
	}
	for k, vs := range q {
		v := vs[len(vs)-1]
		switch k {
		case "namespace":
			c.Namespace = v
		case "replicas":
			if c.Replicas, err = strconv.Atoi(v); err != nil || c.Replicas < 1 || c.Replicas > 5 {
				return c, fmt.Errorf("replicas=%s: give a number from 1 to 5", v)
			}
		case "ack_wait":
			if c.AckWait, err = time.ParseDuration(v); err != nil || c.AckWait < 100*time.Millisecond {
				return c, fmt.Errorf("ack_wait=%s: give a duration of at least 100ms, such as 30s", v)
			}
		case "max_deliver":
			if c.MaxDeliver, err = strconv.Atoi(v); err != nil || c.MaxDeliver < 2 {
				return c, fmt.Errorf("max_deliver=%s: give a number of at least 2", v)
			}
		default:
			return c, fmt.Errorf("unknown setting %q after ?; the settings are namespace, replicas, ack_wait and max_deliver", k)
		}
	}
	return c, c.check()
}

// check validates the settings and fills in defaults.
func (c *Config) check() error {
	if c.URL == "" {
		return errors.New("natsexec: Config.URL is empty; give the server, e.g. nats://127.0.0.1:4222")
	}
	if c.Namespace == "" {
		c.Namespace = "ayeaye"
	}
	if !namespaceRE.MatchString(c.Namespace) {
		return fmt.Errorf("namespace %q: use up to 64 letters, digits, - and _", c.Namespace)
	}
	if c.Replicas == 0 {
		c.Replicas = 1
	}
	if c.AckWait == 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver == 0 {
		c.MaxDeliver = 100
	}
	if c.KeepFor == 0 {
		c.KeepFor = 7 * 24 * time.Hour
	}
	return nil
}

// names of what a namespace holds on the server.
func (c *Config) stream() string   { return c.Namespace + "_tasks" }
func (c *Config) consumer() string { return c.Namespace + "_workers" }
func (c *Config) bucket() string   { return c.Namespace + "_partitions" }
func (c *Config) subjects() string { return c.Namespace + ".tasks.>" }

// taskSubject is where one partition's message goes: a subject per task
// lets the coordinator see which messages are still queued, and purge a
// run's in one call.
func (c *Config) taskSubject(run string, index int) string {
	return c.Namespace + ".tasks." + run + "." + strconv.Itoa(index)
}

func (c *Config) runSubjects(run string) string { return c.Namespace + ".tasks." + run + ".>" }

// conn is a connection with the namespace's stream, consumer and bucket.
type conn struct {
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	kv     jetstream.KeyValue
	cfg    Config
}

// dial connects to the server. The coordinator fails fast when the server
// is not there; a worker (waitForServer) keeps trying, so that workers may
// start before the server does.
func dial(ctx context.Context, c Config, name string, waitForServer bool) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1), // a restarted server is waited for, not given up on
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectJitter(100*time.Millisecond, time.Second),
		nats.Timeout(5 * time.Second),
	}
	if c.Token != "" {
		opts = append(opts, nats.Token(c.Token))
	}
	if c.Creds != "" {
		opts = append(opts, nats.UserCredentials(c.Creds))
	}
	if waitForServer {
		opts = append(opts, nats.RetryOnFailedConnect(true))
	}
	nc, err := nats.Connect(c.URL, opts...)
	if err != nil {
		if isAuthError(err) {
			return nil, authError(c, err)
		}
		return nil, fmt.Errorf("cannot reach the NATS server at %s: %w\n\thint: start one (nats-server -js), check the address, or use -executor nats for a server inside this process", c.URL, err)
	}
	if ctx.Err() != nil {
		nc.Close()
		return nil, ctx.Err()
	}
	return nc, nil
}

func isAuthError(err error) bool {
	return errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) || errors.Is(err, nats.ErrAuthRevoked)
}

func authError(c Config, err error) error {
	return fmt.Errorf("the NATS server at %s refused this client: %w\n\thint: give the server's token in $%s, or a credentials file in $%s", c.URL, err, TokenEnv, CredsEnv)
}

// setup makes sure the stream, consumer and bucket exist. The coordinator
// (update) brings their settings to c's; a worker only creates what is
// missing, so an old worker never changes a newer coordinator's settings.
func setup(ctx context.Context, nc *nats.Conn, c Config, update bool) (*conn, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	sc := jetstream.StreamConfig{
		Name:        c.stream(),
		Description: "Aye-aye partitions waiting for a worker",
		Subjects:    []string{c.subjects()},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Replicas:    c.Replicas,
		Duplicates:  10 * time.Minute,
		MaxAge:      c.KeepFor,
	}
	cc := consumerConfig(c)
	kc := jetstream.KeyValueConfig{
		Bucket:      c.bucket(),
		Description: "Aye-aye partition runs and results",
		History:     1,
		TTL:         c.KeepFor,
		Storage:     jetstream.FileStorage,
		Replicas:    c.Replicas,
	}
	cn := &conn{nc: nc, js: js, cfg: c}
	what := ""
	if update {
		what = "stream " + sc.Name
		if cn.stream, err = js.CreateOrUpdateStream(ctx, sc); err == nil {
			what = "consumer " + cc.Durable
			if _, err = cn.stream.CreateOrUpdateConsumer(ctx, cc); err == nil {
				what = "bucket " + kc.Bucket
				cn.kv, err = js.CreateOrUpdateKeyValue(ctx, kc)
			}
		}
	} else {
		what = "stream " + sc.Name
		if cn.stream, err = js.Stream(ctx, sc.Name); errors.Is(err, jetstream.ErrStreamNotFound) {
			cn.stream, err = js.CreateStream(ctx, sc)
		}
		if err == nil {
			what = "consumer " + cc.Durable
			if _, err = cn.stream.Consumer(ctx, cc.Durable); errors.Is(err, jetstream.ErrConsumerNotFound) {
				_, err = cn.stream.CreateConsumer(ctx, cc)
			}
		}
		if err == nil {
			what = "bucket " + kc.Bucket
			if cn.kv, err = js.KeyValue(ctx, kc.Bucket); errors.Is(err, jetstream.ErrBucketNotFound) {
				cn.kv, err = js.CreateKeyValue(ctx, kc)
			}
		}
	}
	if err != nil {
		hint := "is JetStream enabled on the server (nats-server -js)?"
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) {
			hint = "the server did not answer in time; is JetStream enabled (nats-server -js) and does the cluster have a leader?"
		}
		return nil, fmt.Errorf("setting up %s on %s: %w\n\thint: %s", what, c.URL, err, hint)
	}
	return cn, nil
}

// consumerConfig is the workers' shared durable consumer.
func consumerConfig(c Config) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       c.consumer(),
		Description:   "Aye-aye workers",
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.AckWait,
		MaxDeliver:    c.MaxDeliver,
		MaxAckPending: 100_000,
		FilterSubject: c.subjects(),
		Replicas:      c.Replicas,
	}
}
