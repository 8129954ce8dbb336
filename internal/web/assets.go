package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file served under a name that carries a
// hash of its content, so it can be cached for a year and still change.
type asset struct {
	name        string // "style.3f2a9c1e.css"
	body        []byte
	contentType string
}

type assets struct {
	byName map[string]asset // fingerprinted name → asset
	urls   map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]asset{}, urls: map[string]string{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		name := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.byName[name] = asset{name: name, body: body, contentType: mime.TypeByExtension(ext)}
		a.urls[e.Name()] = "/static/" + name
	}
	return a, nil
}

// url gives the fingerprinted address of a static file by its plain name.
func (a *assets) url(plain string) string { return a.urls[plain] }

func (a *assets) serve(w http.ResponseWriter, r *http.Request) bool {
	as, ok := a.byName[r.PathValue("name")]
	if !ok {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", as.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+as.name+`"`)
	if r.Header.Get("If-None-Match") == `"`+as.name+`"` {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	w.Write(as.body)
	return true
}
