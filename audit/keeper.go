package audit

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// File names inside a Keeper's folder.
const (
	KeyFile  = "audit.key"  // 32 random bytes, hex, mode 0600
	HeadFile = "audit.head" // "<seq> <hex MAC>\n", replaced atomically
)

// Keeper holds what the audit trail keeps outside the database: the HMAC key and the chain
// head, in one folder. It is safe for concurrent use. The key never leaves the Keeper: stores
// sign and verify through it.
type Keeper struct {
	dir string
	key []byte
	// Log receives head-file write failures. They happen after the audited change committed,
	// so they cannot fail it; nil means slog.Default().
	Log *slog.Logger

	mu   sync.Mutex
	head *Head // the newest head this process wrote or found on disk
}

// OpenKeeper opens the folder dir for writing events, creating it (mode 0700) and a new random
// key if there is none yet. Use it in the server; use LoadKeeper to verify, where a missing key
// must be an error and not a fresh key that matches nothing.
func OpenKeeper(dir string) (*Keeper, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit folder: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); errors.Is(err, fs.ErrNotExist) {
		if err := createKey(dir); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
	}
	return LoadKeeper(dir)
}

// LoadKeeper opens an existing folder: the key must be there (an error wrapping
// fs.ErrNotExist if not); the head may be missing.
func LoadKeeper(dir string) (*Keeper, error) {
	key, err := readKey(filepath.Join(dir, KeyFile))
	if err != nil {
		return nil, err
	}
	k := &Keeper{dir: dir, key: key}
	if k.head, err = k.ReadHead(); err != nil {
		return nil, err
	}
	return k, nil
}

// Dir returns the Keeper's folder.
func (k *Keeper) Dir() string { return k.dir }

// createKey writes a new key with O_EXCL, so two processes starting together cannot each
// create one and sign with different keys: the loser gets fs.ErrExist and reads the winner's.
func createKey(dir string) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	path := filepath.Join(dir, KeyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("audit key: %w", err)
	}
	_, err = f.WriteString(hex.EncodeToString(b) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("audit key: %w", err)
	}
	return syncDir(dir)
}

func readKey(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	// Like ssh with private keys: a key others can read is a key others can forge with.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("audit key %s: mode %v lets other users read it; chmod 600 it", path, fi.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("audit key: %w", err)
	}
	key, err := hex.DecodeString(string(bytes.TrimSpace(b)))
	if err != nil || len(key) < 32 {
		return nil, fmt.Errorf("audit key %s: want at least 32 bytes in hex", path)
	}
	return key, nil
}

// Sign signs e as the event after prev (see Sign).
func (k *Keeper) Sign(prev []byte, e *Event) { Sign(k.key, prev, e) }

// Verify checks events against the Keeper's key and head (see Verify). A nil Keeper has no
// key: an empty log verifies, any event is reported as unverifiable.
func (k *Keeper) Verify(events iter.Seq2[*Event, error], head *Head) (Report, error) {
	if k == nil {
		return Verify(nil, events, head)
	}
	return Verify(k.key, events, head)
}

// Head returns the newest head this Keeper knows (read at open or written since), or nil.
func (k *Keeper) Head() *Head {
	if k == nil {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.head == nil {
		return nil
	}
	return &Head{Seq: k.head.Seq, MAC: bytes.Clone(k.head.MAC)}
}

// ReadHead reads the head file; nil (and no error) if there is none yet.
func (k *Keeper) ReadHead() (*Head, error) {
	path := filepath.Join(k.dir, HeadFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	h, err := ParseHead(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// Committed records that the event (seq, mac) is committed: it becomes the head unless a newer
// one is already known (concurrent writers finish in any order, and the head must never move
// back). The file is replaced atomically — temporary file, fsync, rename, fsync of the folder —
// so a crash leaves the old head or the new one, never a torn one. A failed write is logged and
// returned, and the in-memory head still advances, so this process keeps checking against what
// it knows was committed.
func (k *Keeper) Committed(seq int64, mac []byte) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.head != nil && seq <= k.head.Seq {
		return nil
	}
	h := &Head{Seq: seq, MAC: bytes.Clone(mac)}
	k.head = h
	err := writeHead(k.dir, h)
	if err != nil {
		log := k.Log
		if log == nil {
			log = slog.Default()
		}
		log.Error("audit head not written; the head file stays behind the log", "dir", k.dir, "seq", seq, "err", err)
	}
	return err
}

func writeHead(dir string, h *Head) error {
	text, err := h.MarshalText()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+HeadFile+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, HeadFile))
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename or a creation in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
