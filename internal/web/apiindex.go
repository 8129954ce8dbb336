package web

import (
	"encoding/json"
	"sort"
	"strings"
)

// apiIndexView is the API's front door at /api/v1: where the OpenAPI
// document is and what resources there are, read from that document so
// the two cannot disagree.
type apiIndexView struct {
	Title     string    `json:"title"`
	OpenAPI   string    `json:"openapi"`
	Resources []apiLink `json:"resources"`
}

type apiLink struct {
	Href    string `json:"href"` // an RFC 6570 template where the path has parameters
	Title   string `json:"title"`
	Methods string `json:"methods"`
}

func (s *Server) apiIndex() (*apiIndexView, error) {
	b, err := openAPIFS.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	var doc struct {
		Info  struct{ Title string }
		Paths map[string]map[string]struct {
			Summary    string
			Parameters []struct{ Name, In string }
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	base := s.opts.BaseURL
	v := &apiIndexView{Title: doc.Info.Title, OpenAPI: base + "/api/openapi.json", Resources: []apiLink{}}
	for path, ops := range doc.Paths {
		if path == "/api/v1" {
			continue // this index itself
		}
		var query []string
		for _, p := range ops["get"].Parameters {
			if p.In == "query" {
				query = append(query, p.Name)
			}
		}
		href := base + path
		if len(query) > 0 {
			href += "{?" + strings.Join(query, ",") + "}"
		}
		v.Resources = append(v.Resources, apiLink{Href: href, Title: ops["get"].Summary, Methods: "GET, HEAD"})
	}
	sort.Slice(v.Resources, func(i, j int) bool { return v.Resources[i].Href < v.Resources[j].Href })
	return v, nil
}
