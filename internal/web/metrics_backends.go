package web

import (
	"sort"

	"github.com/prometheus/client_golang/prometheus"

	"healthqa/internal/store"
)

// WatchReplicas reports, read at each scrape, the pools of the replicas
// a store reads from (store.PooledReplicas), each as the pool "replica
// <name>" beside WatchPool's primary, and the state of every backend
// (store.Replicated), the states /readyz shows: a deployment can then
// alert on a replica lagging or down, and on a replica pool that waits,
// as on the primary's. A store without replicas reports its primary's
// state alone; nil Metrics watch nothing.
func (m *Metrics) WatchReplicas(st any) {
	if m == nil {
		return
	}
	if rp, ok := st.(store.PooledReplicas); ok {
		pools := rp.ReplicaPools()
		names := make([]string, 0, len(pools))
		for name := range pools {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			m.pools.add("replica "+name, pools[name])
		}
	}
	if r, ok := st.(store.Replicated); ok {
		m.reg.MustRegister(backendCollector{r})
	}
}

var backendStateDesc = prometheus.NewDesc("healthqa_db_backend_state",
	"1 for each database backend, labelled with its role, name and state as /readyz shows them (in use, standby, lagging, down…).",
	[]string{"role", "name", "state"}, nil)

// backendCollector reads the backends' states at each scrape.
type backendCollector struct{ r store.Replicated }

func (c backendCollector) Describe(ch chan<- *prometheus.Desc) { ch <- backendStateDesc }

// Collect sends each backend once: one replica given twice would
// otherwise be two equal series, which fails the whole scrape.
func (c backendCollector) Collect(ch chan<- prometheus.Metric) {
	seen := map[store.Backend]bool{}
	for _, b := range c.r.Backends() {
		b.Detail = ""
		if seen[b] {
			continue
		}
		seen[b] = true
		ch <- prometheus.MustNewConstMetric(backendStateDesc, prometheus.GaugeValue, 1, b.Role, b.Name, b.State)
	}
}
