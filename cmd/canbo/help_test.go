package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestEveryCommandAnswersHelp: every command and subcommand, asked for --help (or -h), prints
// its usage and succeeds; before, `canbo import --help` and `canbo user --help` answered
// "unknown command".
func TestEveryCommandAnswersHelp(t *testing.T) {
	cmds := [][]string{{"serve"}, {"demo"}, {"migrate"}, {"import"}, {"import", "admin-units"},
		{"user"}, {"user", "add"}, {"user", "disable"}, {"user", "reset-totp"}, {"user", "password"}, {"token"}, {"token", "create"}, {"token", "list"}, {"token", "revoke"},
		{"audit"}, {"audit", "verify"}, {"rules"}, {"rules", "retirement"},
		{"rules", "congress"}, {"rules", "versions"}, {"seed"}, {"bench"}, {"version"}, {"help"}}
	for _, c := range cmds {
		for _, h := range []string{"--help", "-h"} {
			args := append(append([]string{}, c...), h)
			var out, errw bytes.Buffer
			err := run(context.Background(), args, strings.NewReader(""), &out, &errw)
			if err != nil {
				t.Errorf("canbo %s: %v\n%s", strings.Join(args, " "), err, errw.String())
				continue
			}
			all := out.String() + errw.String()
			if strings.Contains(all, "unknown command") {
				t.Errorf("canbo %s printed %q", strings.Join(args, " "), all)
			}
		}
	}
	// A group without a subcommand lists its subcommands; an unknown one is still an error.
	var out bytes.Buffer
	if err := run(context.Background(), []string{"user", "--help"}, nil, &out, &out); err != nil ||
		!strings.Contains(out.String(), "canbo user add") || !strings.Contains(out.String(), "canbo user disable") {
		t.Errorf("canbo user --help: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"user", "frobnicate"}, nil, &out, &out); err == nil {
		t.Error("canbo user frobnicate: want an error")
	}
}
