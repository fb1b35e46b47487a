package collection_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

// browser starts headless Chromium with a fresh profile, or skips the test
// when there is none (fails instead with AYEAYE_REQUIRE_SERVICES=1).
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("AYEAYE_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "/usr/bin/chromium"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		msg := "no Chromium to test the HTML page in: install it (apt-get install -y chromium) or set AYEAYE_CHROMIUM to its path"
		if os.Getenv("AYEAYE_REQUIRE_SERVICES") == "1" {
			t.Fatal(msg + " (AYEAYE_REQUIRE_SERVICES=1 requires it)")
		}
		t.Skip(msg)
	}
	// Chromium's helpers can still write to the profile for a moment after
	// it stops, so the profile is removed with retries, not by t.TempDir.
	profile, err := os.MkdirTemp("", "ayeaye-chromium")
	if err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1400, 900),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove the browser profile %s", profile)
	})
	version, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	t.Logf("browser: %s (%s)", path, version)
	return ctx
}

// page is one tab showing a generated page, with everything it logged.
type page struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string // console errors and warnings, exceptions
	requests []string // paths the page asked the server for
}

func (p *page) report(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, fmt.Sprintf(format, args...))
}

// open serves html from 127.0.0.1 and loads it in a new tab of the
// browser, waiting until the page says it has drawn the graph.
func open(t *testing.T, browserCtx context.Context, html []byte) *page {
	t.Helper()
	p := &page{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.URL.Path)
		p.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(html)
	}))
	t.Cleanup(srv.Close)
	tab, cancelTab := chromedp.NewContext(browserCtx)
	ctx, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
	// Listen sees each event before the command after it returns, so
	// clean (below) sees everything the page logged up to then.
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *cdpruntime.EventConsoleAPICalled:
			if ev.Type == cdpruntime.ConsoleAPICalledTypeError || ev.Type == cdpruntime.ConsoleAPICalledTypeWarning || ev.Type == cdpruntime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				p.report("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *cdpruntime.EventExceptionThrown:
			d := ev.ExceptionDetails
			what := d.Text
			if d.Exception != nil {
				what += " " + d.Exception.Description
			}
			p.report("exception at line %d, column %d: %s", d.LineNumber+1, d.ColumnNumber+1, what)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				p.report("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
	if err != nil {
		t.Fatalf("listening to the tab: %v", err)
	}
	p.ctx = ctx
	start := time.Now()
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lineage.html"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	if err != nil {
		t.Fatalf("the page did not draw the graph: %v; it logged %q", err, p.problems)
	}
	t.Logf("page drawn in %v", time.Since(start).Round(time.Millisecond))
	return p
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, p *page, js string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// do runs browser actions in the page.
func (p *page) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// clean fails the test if the page logged an error or warning, threw, or
// asked for anything but itself.
func (p *page) clean(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.problems) > 0 {
		t.Errorf("the page reported problems:\n%s", strings.Join(p.problems, "\n"))
	}
	if d := cmp.Diff([]string{"/lineage.html"}, p.requests); d != "" {
		t.Errorf("requests (-want +got): the page must load nothing else\n%s", d)
	}
}

func (p *page) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	t.Logf("screenshot: %s", artefact(t, name, png))
}

// artefact saves b under $AYEAYE_ARTEFACTS (default: the temporary
// directory's ayeaye-artefacts) for people and CI to look at.
func artefact(t *testing.T, name string, b []byte) string {
	t.Helper()
	dir := os.Getenv("AYEAYE_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "ayeaye-artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
