package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	"canbo/sqlstore"
	"canbo/web"
)

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("serve")
	db := fs.str("db", "", "database: SQLite file or postgres:// URL")
	addr := fs.str("addr", "127.0.0.1:8080", "listen address")
	cert := fs.str("tls-cert", "", "TLS certificate file (PEM)")
	key := fs.str("tls-key", "", "TLS private key file (PEM)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := requireDB(*db); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	store, err := sqlstore.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	return serve(ctx, store, *addr, *cert, *key, stderr, nil)
}

// serve runs the web server on store until ctx ends; ready, if set, is called with the URL
// once the server listens.
func serve(ctx context.Context, store *sqlstore.DB, addr, cert, key string, stderr io.Writer, ready func(url string)) error {
	log := newLogger(stderr)
	srv, err := web.New(store, store, log)
	if err != nil {
		return err
	}
	srv.TLS = cert != ""
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if srv.TLS {
		scheme = "https"
	}
	host := ln.Addr().String()
	if strings.HasPrefix(host, "0.0.0.0:") || strings.HasPrefix(host, "[::]:") {
		host = "localhost:" + host[strings.LastIndex(host, ":")+1:]
	}
	url := scheme + "://" + host
	log.Info("canbo listening", "url", url, "engine", store.Engine())
	if ready != nil {
		ready(url)
	}
	return srv.Serve(ctx, ln, cert, key)
}
