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
// Its gzip and brotli encodings are made once, at start: every page
// links the style sheet and the script.
type asset struct {
	name    string    // "style.3f2a9c1e.css"
	encoded *rendered // the body in each encoding worth keeping, and its Content-Type
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
		enc := newRendered(http.StatusOK, mime.TypeByExtension(ext), body, 0)
		// Tagged by the fingerprinted name, each encoding by its own
		// suffix ("style.3f2a9c1e.css-gz"), before the encodings are made.
		enc.identity = *newVariant(body, `"`+name+`"`, "")
		enc.compress()
		a.byName[name] = asset{name: name, encoded: enc}
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
	p := as.encoded
	v := p.variantFor(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	h["Content-Type"] = p.hContentType
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if p.gzip != nil || p.br != nil {
		h["Vary"] = varyAcceptEncoding
	}
	h["Etag"] = v.hETag
	if notModified(r, v) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	if v.hCoding != nil {
		h["Content-Encoding"] = v.hCoding
	}
	h["Content-Length"] = v.hLength
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(v.body)
	}
	return true
}
