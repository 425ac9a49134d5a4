package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"
)

// TestParallelUploadsShareTheMemoryBound: six uploads decoded at once hold at most
// cap(decoding) decoded images in memory, not six (four parallel uploads took a server from
// 298 MB to 2.2 GB). Each generated image decodes to about 16 MB; without the semaphore the
// heap grew by about 100 MB here, with it by about 35.
func TestParallelUploadsShareTheMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes six 16-megapixel images")
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 4000, 4000)), &jpeg.Options{Quality: 50}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, _, err := Portrait(b, JPEG); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := int64(peak) - int64(base.HeapAlloc)
	limit := int64(4 * 16 << 20) // two decodes at once (the semaphore), and garbage not yet collected
	t.Logf("heap grew by %d MB (limit %d MB)", grew>>20, limit>>20)
	if grew > limit {
		t.Errorf("six parallel decodes grew the heap by %d MB, more than %d MB", grew>>20, limit>>20)
	}
}
