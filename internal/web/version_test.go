package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestVersionMemo(t *testing.T) {
	var asked atomic.Int64
	var current atomic.Int64
	m := &versionMemo{ttl: time.Hour, ask: func(context.Context) (int64, error) {
		asked.Add(1)
		return current.Load(), nil
	}}
	current.Store(7)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := m.get(context.Background()); err != nil || v != 7 {
				t.Errorf("get = %d, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if asked.Load() != 1 {
		t.Errorf("the store was asked %d times within one ttl, want once", asked.Load())
	}
	current.Store(8)
	m.checked.Store(time.Now().Add(-2 * time.Hour).UnixNano()) // the ttl has passed
	if v, _ := m.get(context.Background()); v != 8 || asked.Load() != 2 {
		t.Errorf("after the ttl: version %d after %d asks, want 8 after 2", v, asked.Load())
	}
}
