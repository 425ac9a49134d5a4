package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"canbo"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestServeBehindTLSProxy: behind a proxy that ends TLS, --behind-tls-proxy gives the session
// cookie its __Host- prefix and Secure flag and turns on HSTS, although the server itself
// speaks plain HTTP; without it, none of them (a Secure cookie would never come back over HTTP).
func TestServeBehindTLSProxy(t *testing.T) {
	for _, behind := range []bool{true, false} {
		dsn := sqltest.DSN(t, sqlstore.SQLite)
		store, err := openStore(context.Background(), dsn, "")
		if err != nil {
			t.Fatal(err)
		}
		hash, _ := auth.HashPassword("một mật khẩu dài")
		if err := store.CreateUser(canbo.SystemContext(context.Background()), &canbo.User{Username: "bn", Role: canbo.RoleAdmin}, hash); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			done <- serve(ctx, store, serveOptions{addr: "127.0.0.1:0", behindTLSProxy: behind}, io.Discard, func(u string) { ready <- u })
		}()
		base := <-ready
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.PostForm(base+"/login", url.Values{"username": {"bn"}, "password": {"một mật khẩu dài"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		var cookie *http.Cookie
		for _, c := range res.Cookies() {
			if strings.Contains(c.Name, "canbo_session") {
				cookie = c
			}
		}
		hsts := res.Header.Get("Strict-Transport-Security")
		switch {
		case cookie == nil:
			t.Errorf("behind=%v: no session cookie (%d)", behind, res.StatusCode)
		case behind && (cookie.Name != "__Host-canbo_session" || !cookie.Secure || !strings.Contains(hsts, "max-age=")):
			t.Errorf("behind a TLS proxy: cookie %s secure=%v, HSTS %q", cookie.Name, cookie.Secure, hsts)
		case !behind && (cookie.Name != "canbo_session" || cookie.Secure || hsts != ""):
			t.Errorf("plain HTTP: cookie %s secure=%v, HSTS %q", cookie.Name, cookie.Secure, hsts)
		}
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		store.Close()
	}
	// The variable works like the flag; with a certificate the flag makes no sense.
	t.Setenv("CANBO_BEHIND_TLS_PROXY", "1")
	err := cmdServe(context.Background(), []string{"--db", sqltest.DSN(t, sqlstore.SQLite), "--tls-cert", "c.pem", "--tls-key", "k.pem"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--behind-tls-proxy") {
		t.Errorf("CANBO_BEHIND_TLS_PROXY with --tls-cert: %v", err)
	}
}
