package locale

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestFilesAreCanonical keeps vi.json and en.json sorted, one key per line, as the fold command
// writes them, so that branches adding words merge line by line.
func TestFilesAreCanonical(t *testing.T) {
	for _, l := range Languages {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(words[l]); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, want.Bytes()) {
			t.Errorf("%s.json is not sorted with one key per line: run go run ./locale/cmd/fold", l)
		}
	}
}

func TestFormat(t *testing.T) {
	if got := Text("en", "app"); got != "Organization and cadre work" {
		t.Errorf("Text(en, app) = %q", got)
	}
	if got := Text("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key shows itself, got %q", got)
	}
	if got := Text("xx", "app"); got != words["vi"]["app"] {
		t.Errorf("an unknown language falls back to Vietnamese, got %q", got)
	}
}
