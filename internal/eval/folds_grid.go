package eval

import (
	"fmt"

	"healthqa/internal/search"
)

// Setting is one candidate of healthqa's ranking parameters, named as
// the cross-validation report shows it.
type Setting struct {
	Name   string
	Params search.Params
}

// ParamGrid is the small grid cross-validation chooses from: the
// defaults first (ties go to them), then focus bonus {0.5, 1, 1.5} ×
// type bonus {0.1, 0.3, 0.6} × page blend {0, 0.3, 0.6, 0.8} × k1 {0.9,
// 1.2, 1.6} × narrative {0.5, 1} (a topic named only in a long
// message's narrative counted half, or as any other; issue 11, class 6),
// each × topic salience {0, 1} (salienceWeights) × query expansion
// {off, 0.2, 0.4} (expansionWeights; class 5), the rest of
// search.DefaultParams kept. These are the knobs the hand sweep found
// to move the figures at all (docs/BENCHMARKS.md, "Ask: quality"), and
// salience, a topic's frequency in the message; field weights and b moved MAP by at most ±0.01 there
// and are left out to keep the grid, and the chance of fitting noise in
// 40-odd training questions, small. Every setting ranks from one index
// (search.Index.WithParams): the grid costs searches, not index builds.
func ParamGrid() []Setting {
	def := search.DefaultParams
	out := []Setting{{Name: "defaults", Params: def}}
	for _, focus := range []float64{0.5, 1, 1.5} {
		for _, typ := range []float64{0.1, 0.3, 0.6} {
			for _, page := range []float64{0, 0.3, 0.6, 0.8} {
				for _, k1 := range []float64{0.9, 1.2, 1.6} {
					for _, narr := range []float64{0.5, 1} {
						p := def
						p.Focus, p.Type, p.Page, p.K1, p.Narrative = focus, typ, page, k1, narr
						if p == def {
							continue // already first, as "defaults"
						}
						out = append(out, Setting{
							Name:   fmt.Sprintf("focus %.1f type %.1f page %.1f k1 %.1f narr %.1f", focus, typ, page, k1, narr),
							Params: p,
						})
					}
				}
			}
		}
	}
	return withExpansion(withSalience(out))
}

// salienceWeights are the topic salience powers (search.Params.Salience)
// the grid tries on every setting above: every topic named counts alike
// (0), or in proportion to how often the message names it (1).
var salienceWeights = []float64{0, 1}

// withSalience gives each setting each salience power. The defaults
// stay first (ties go to them); a setting equal to them is not repeated.
func withSalience(grid []Setting) []Setting {
	def := search.DefaultParams
	out := []Setting{grid[0]}
	for _, w := range salienceWeights {
		for _, s := range grid {
			s.Params.Salience = w
			if s.Params == def {
				continue
			}
			s.Name = fmt.Sprintf("%s salience %.0f", s.Name, w)
			out = append(out, s)
		}
	}
	return out
}

// expansionWeights are the weights of query expansion (lay wording,
// issue 11 class 5: search.Params.Expand) the grid tries on every
// setting above: off, as the defaults have it, and two weights well
// below the message's own words.
var expansionWeights = []float64{0.2, 0.4}

// withExpansion adds to the grid each setting with each expansion weight.
func withExpansion(grid []Setting) []Setting {
	out := grid
	for _, w := range expansionWeights {
		for _, s := range grid {
			s.Params.Expand = w
			s.Name = fmt.Sprintf("%s expand %.1f", s.Name, w)
			out = append(out, s)
		}
	}
	return out
}
