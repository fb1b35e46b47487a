package roundtrip

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

var units = []string{"C", "F", "kPa", "%RH"}

// reading is row i of the benchmark data set: six mixed columns, every
// tenth delta null.
func reading(i int, rng *rand.Rand) (id int64, sensor string, at time.Time, v float64, delta float64, null bool, unit string) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return int64(i), fmt.Sprintf("sensor-%03d", i%500), base.Add(time.Duration(i) * time.Second),
		float64(rng.IntN(2000000))/1000 - 1000, rng.NormFloat64(), i%10 == 0, units[i%len(units)]
}

func readingsCSV(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("id,sensor,taken_at,value,delta,unit\n")
	for i := range n {
		id, sensor, at, v, d, null, unit := reading(i, rng)
		ds := strconv.FormatFloat(d, 'g', -1, 64)
		if null {
			ds = ""
		}
		fmt.Fprintf(&b, "%d,%s,%s,%s,%s,%s\n", id, sensor, at.Format(time.RFC3339), strconv.FormatFloat(v, 'g', -1, 64), ds, unit)
	}
	return b.Bytes()
}

func readingsNDJSON(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for i := range n {
		id, sensor, at, v, d, null, unit := reading(i, rng)
		ds := strconv.FormatFloat(d, 'g', -1, 64)
		if null {
			ds = "null"
		}
		fmt.Fprintf(&b, `{"id":%d,"sensor":%q,"taken_at":%q,"value":%s,"delta":%s,"unit":%q}`+"\n",
			id, sensor, at.Format(time.RFC3339), strconv.FormatFloat(v, 'g', -1, 64), ds, unit)
	}
	return b.Bytes()
}
