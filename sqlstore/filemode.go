package sqlstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// createPrivate creates an absent SQLite database file readable by its owner alone (0600),
// whatever the umask: it holds password hashes, TOTP secrets and identity numbers. SQLite
// gives the -wal and -shm files it creates later the database file's mode, so they are
// private too. An existing file keeps the mode its owner gave it.
func createPrivate(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database file: %w", err)
	}
	return f.Close()
}
