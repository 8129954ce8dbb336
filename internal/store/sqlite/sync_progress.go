package sqlite

import "context"

// progress reports rows done to SyncOptions.Progress and, at the same
// pace, notices cancellation between statements.
type progress struct {
	ctx         context.Context
	done, total int
	fn          func(done, total int)
}

func (p *progress) start() {
	if p.fn != nil {
		p.fn(0, p.total)
	}
}

func (p *progress) step() error {
	p.done++
	if p.done%progressEvery != 0 {
		return nil
	}
	if err := p.ctx.Err(); err != nil {
		return err
	}
	if p.fn != nil {
		p.fn(p.done, p.total)
	}
	return nil
}

// finish reports completion once, unless step just did.
func (p *progress) finish() {
	if p.fn != nil && p.total%progressEvery != 0 {
		p.fn(p.total, p.total)
	}
}
