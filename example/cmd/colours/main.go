// Command colours runs the example pipeline end to end with the generated
// codecs: it reads people's favourite colours (CSV), counts how many chose
// each colour (JSON), and turns that into paint orders (NDJSON).
//
// Run it from the repository root:
//
//	go run ./example/cmd/colours
//
// Outputs go to example/output/ (or -out DIR). Each is written to a
// temporary file and renamed into place, so a failed run leaves the
// previous outputs as they were.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/ayeaye-go/ayeaye/example/datasets"
	"github.com/ayeaye-go/ayeaye/runtime/codec"
	"github.com/ayeaye-go/ayeaye/runtime/value"
)

func main() {
	data := flag.String("data", "example/data", "directory of the input data")
	out := flag.String("out", "example/output", "directory for the outputs")
	flag.Parse()
	if err := run(*data, *out); err != nil {
		fmt.Fprintln(os.Stderr, "colours:", err)
		os.Exit(1)
	}
}

func run(dataDir, outDir string) error {
	in := filepath.Join(dataDir, "favourite_colours.csv")
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := datasets.NewFavouriteColourCSVReader(f, codec.Options{File: in})
	if err != nil {
		return err
	}
	names := map[string][]string{}
	total := 0
	for rec, err := range r.All() {
		if err != nil {
			return err
		}
		names[rec.Colour] = append(names[rec.Colour], rec.Name)
		total++
	}
	var popularity []datasets.ColourPopularity
	for colour, who := range names {
		slices.Sort(who)
		popularity = append(popularity, datasets.ColourPopularity{
			Colour: colour, People: int32(len(who)), Share: float64(len(who)) / float64(total), Names: who,
		})
	}
	slices.SortFunc(popularity, func(a, b datasets.ColourPopularity) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Colour, b.Colour))
	})

	popPath := filepath.Join(outDir, "colour_popularity.json")
	if err := writeAtomic(popPath, func(w io.Writer) error {
		pw, err := datasets.NewColourPopularityJSONWriter(w, codec.Options{Indent: 2})
		if err != nil {
			return err
		}
		for i := range popularity {
			if err := pw.Write(&popularity[i]); err != nil {
				return err
			}
		}
		return pw.Close()
	}); err != nil {
		return err
	}

	ordersPath := filepath.Join(outDir, "paint_orders.ndjson")
	if err := writeAtomic(ordersPath, func(w io.Writer) error {
		ow, err := datasets.NewPaintOrderNDJSONWriter(w, codec.Options{})
		if err != nil {
			return err
		}
		for _, p := range popularity {
			tins := int64(p.People)
			order := datasets.PaintOrder{
				Colour:   p.Colour,
				Tins:     tins,
				Litres:   value.NewDecimal(25, 1).Mul(value.DecimalFromInt(tins)),
				Priority: datasets.PaintOrderPriorityNormal,
			}
			if p.Share >= 0.3 {
				order.Priority = datasets.PaintOrderPriorityHigh
			}
			if err := ow.Write(&order); err != nil {
				return err
			}
		}
		return ow.Close()
	}); err != nil {
		return err
	}
	fmt.Printf("read %d answers from %s\nwrote %s (%d colours)\nwrote %s\n", total, in, popPath, len(popularity), ordersPath)
	return nil
}

// writeAtomic writes path through a temporary file in the same directory
// and renames it into place only when write succeeded.
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return errors.Join(os.Rename(tmp.Name(), path))
}
