package natsexec

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// ServerOptions configure an embedded server.
type ServerOptions struct {
	// Dir keeps the server's JetStream state (partitions and results), so
	// that a coordinator restarted in the same directory resumes its run.
	// Required; the command line uses .ayeaye/nats.
	Dir string
	// Host and Port to listen on; default 127.0.0.1 and any free port.
	// The default keeps the server to this machine.
	Host string
	Port int
	// Token is the secret clients must present; "" makes a random one,
	// so other users of the machine cannot reach the server.
	Token string
}

// Server is a JetStream server running inside this process: a NATS
// server, not an imitation of one, so a run behaves here as it does on
// a cluster.
type Server struct {
	ns     *server.Server
	token  string
	unlock func()
}

// StartServer starts an embedded server and waits until it takes
// connections. Only one server at a time may use a directory.
func StartServer(o ServerOptions) (*Server, error) {
	if o.Dir == "" {
		return nil, errors.New("natsexec: ServerOptions.Dir is empty; give the directory for the server's state, e.g. .ayeaye/nats")
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded NATS server: %w", err)
	}
	unlock, err := lockDir(filepath.Join(o.Dir, "lock"))
	if err != nil {
		return nil, fmt.Errorf("embedded NATS server: %s is in use by another run in this project (%v); wait for it to finish, or give that run a server with -executor nats://host:4222", o.Dir, err)
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	port := o.Port
	if port == 0 {
		port = server.RANDOM_PORT
	}
	if o.Token == "" {
		b := make([]byte, 24)
		_, _ = rand.Read(b) // crypto/rand.Read never fails
		o.Token = hex.EncodeToString(b)
	}
	ns, err := server.NewServer(&server.Options{
		ServerName:    "ayeaye-embedded",
		Host:          o.Host,
		Port:          port,
		JetStream:     true,
		StoreDir:      o.Dir,
		Authorization: o.Token,
		NoSigs:        true, // the program handles its own signals
		NoLog:         true,
		MaxPayload:    8 << 20, // results of partitions can be large summaries
	})
	if err != nil {
		unlock()
		return nil, fmt.Errorf("embedded NATS server: %w", err)
	}
	ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		unlock()
		return nil, fmt.Errorf("embedded NATS server: not ready after 30s (listening on %s:%d)", o.Host, o.Port)
	}
	return &Server{ns: ns, token: o.Token, unlock: unlock}, nil
}

// URL is the address clients connect to.
func (s *Server) URL() string {
	if a, ok := s.ns.Addr().(*net.TCPAddr); ok {
		return "nats://" + net.JoinHostPort(a.IP.String(), strconv.Itoa(a.Port))
	}
	return s.ns.ClientURL()
}

// Token is the secret clients present (see TokenEnv).
func (s *Server) Token() string { return s.token }

// Close shuts the server down, keeping its state on disk.
func (s *Server) Close() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
	s.unlock()
}
