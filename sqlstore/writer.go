package sqlstore

// asyncWriter executes the statements of a large load on a goroutine of its own while the
// caller prepares the next rows, so that the caller's side (drawing, checking, encoding) and
// the engine's (executing) overlap instead of taking turns. Batches are written in the order
// they are sent. After the first error the writer only drains what it is sent, and send,
// failure and finish return that error. BulkPeople, BulkEntries and the import of people use
// it: at nation scale the two sides of a load each take minutes.
type asyncWriter[T any] struct {
	queue  chan T
	failed chan struct{} // closed at the writer's first error
	done   chan struct{} // closed when the writer has finished
	err    error         // the writer's first error: read only after failed or done is closed
	closed bool          // the queue is closed
}

// startWriter starts a writer that calls write for each batch sent, with depth batches queued
// at most.
func startWriter[T any](depth int, write func(T) error) *asyncWriter[T] {
	w := &asyncWriter[T]{queue: make(chan T, depth), failed: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for x := range w.queue {
			if w.err != nil {
				continue
			}
			if w.err = write(x); w.err != nil {
				close(w.failed)
			}
		}
	}()
	return w
}

// send queues a batch, waiting while the queue is full. The writer owns the batch from then on.
func (w *asyncWriter[T]) send(x T) error {
	if err := w.failure(); err != nil {
		return err
	}
	select {
	case w.queue <- x:
		return nil
	case <-w.failed:
		return w.err
	}
}

// failure returns the writer's error, if there is one yet, without waiting.
func (w *asyncWriter[T]) failure() error {
	select {
	case <-w.failed:
		return w.err
	default:
		return nil
	}
}

// finish waits for the writer to write what it was sent and returns its error. It may be called
// again (a deferred clean-up after the load's own call).
func (w *asyncWriter[T]) finish() error {
	if !w.closed {
		close(w.queue)
		w.closed = true
	}
	<-w.done
	return w.err
}
