// Command goclient is the bench's Go side: Go's crypto/tls client doing what the Java sides do in
// the same run, against the same servers.
//
//	goclient handshake  -addr A -ca FILE -name N -n COUNT -limit SECONDS
//	goclient throughput -addr A -ca FILE -name N -bytes TOTAL -write SIZE -rounds R -limit SECONDS
//
// handshake: COUNT full TLS 1.3 handshakes one after another (no session cache, so none resumes),
// each timed from before the dial until the handshake has finished; then, untimed, the request
// "GET / HTTP/1.0" and its answer read to the server's close. Prints one line per handshake: its
// nanoseconds.
//
// throughput: R connections to a sink server, each sending an 8-byte big-endian length, then TOTAL
// bytes in writes of SIZE, then reading the server's one-byte acknowledgement. Prints one line
// per connection: its MB/s (10^6 bytes per second), timed from the first payload byte to the
// acknowledgement.
//
// Every loop is bounded by its count and by -limit; a deadline on every connection bounds every
// read and write. Errors go to stderr with a non-zero exit status.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: goclient handshake|throughput [flags]"))
	}
	mode := os.Args[1]
	flags := flag.NewFlagSet(mode, flag.ExitOnError)
	addr := flags.String("addr", "", "server host:port")
	caFile := flags.String("ca", "", "PEM file of the root to trust")
	name := flags.String("name", "localhost", "server name to verify and send as SNI")
	count := flags.Int("n", 100, "handshakes")
	total := flags.Int64("bytes", 256<<20, "bytes per throughput connection")
	write := flags.Int("write", 64<<10, "bytes per write")
	rounds := flags.Int("rounds", 1, "throughput connections")
	limit := flags.Float64("limit", 120, "seconds the whole run may take")
	if err := flags.Parse(os.Args[2:]); err != nil {
		fail(err)
	}
	if *addr == "" || *caFile == "" {
		fail(errors.New("-addr and -ca are required"))
	}
	config, err := clientConfig(*caFile, *name)
	if err != nil {
		fail(err)
	}
	deadline := time.Now().Add(time.Duration(*limit * float64(time.Second)))
	switch mode {
	case "handshake":
		err = handshakes(*addr, config, *count, deadline)
	case "throughput":
		err = throughput(*addr, config, *total, *write, *rounds, deadline)
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "goclient:", err)
	os.Exit(2)
}

// clientConfig trusts only the given root, verifies name, speaks TLS 1.3 and keeps no sessions.
func clientConfig(caFile, name string) (*tls.Config, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no certificate in %s", caFile)
	}
	return &tls.Config{
		RootCAs:    roots,
		ServerName: name,
		MinVersion: tls.VersionTLS13,
		MaxVersion: tls.VersionTLS13,
	}, nil
}

func handshakes(addr string, config *tls.Config, count int, deadline time.Time) error {
	request := []byte("GET / HTTP/1.0\r\n\r\n")
	scratch := make([]byte, 4096)
	for i := 0; i < count; i++ {
		if time.Now().After(deadline) {
			return fmt.Errorf("time limit reached after %d of %d handshakes", i, count)
		}
		start := time.Now()
		conn, err := dial(addr, config, deadline)
		if err != nil {
			return err
		}
		took := time.Since(start)
		fmt.Println(took.Nanoseconds())
		if _, err := conn.Write(request); err == nil {
			drain(conn, scratch)
		}
		conn.Close()
	}
	return nil
}

// dial connects and completes the TLS handshake; every read and write of the connection ends by
// the deadline.
func dial(addr string, config *tls.Config, deadline time.Time) (*tls.Conn, error) {
	raw, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return nil, err
	}
	raw.SetDeadline(deadline)
	conn := tls.Client(raw, config)
	if err := conn.Handshake(); err != nil {
		raw.Close()
		return nil, err
	}
	return conn, nil
}

// drain reads to the end of the stream, at most 1 MiB; how the end is seen is not measured.
func drain(r io.Reader, scratch []byte) {
	for read := 0; read < 1<<20; {
		n, err := r.Read(scratch)
		read += n
		if err != nil {
			return
		}
	}
}

func throughput(addr string, config *tls.Config, total int64, write, rounds int, deadline time.Time) error {
	payload := make([]byte, write)
	for i := range payload {
		payload[i] = byte(i * 31)
	}
	for r := 0; r < rounds; r++ {
		conn, err := dial(addr, config, deadline)
		if err != nil {
			return err
		}
		header := make([]byte, 8)
		binary.BigEndian.PutUint64(header, uint64(total))
		if _, err := conn.Write(header); err != nil {
			conn.Close()
			return err
		}
		start := time.Now()
		for sent := int64(0); sent < total; {
			n := int64(write)
			if total-sent < n {
				n = total - sent
			}
			if _, err := conn.Write(payload[:n]); err != nil {
				conn.Close()
				return fmt.Errorf("after %d bytes: %w", sent, err)
			}
			sent += n
		}
		ack := make([]byte, 1)
		if _, err := io.ReadFull(conn, ack); err != nil {
			conn.Close()
			return fmt.Errorf("no acknowledgement: %w", err)
		}
		elapsed := time.Since(start)
		fmt.Printf("%.3f\n", float64(total)/elapsed.Seconds()/1e6)
		conn.Close()
	}
	return nil
}
