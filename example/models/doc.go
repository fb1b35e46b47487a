// Package models holds the example project's ETL models, each an
// ordinary struct of typed dataset handles with a Build method:
//
//   - FavouriteColours reads the survey answers (favourite_colours, CSV)
//     and writes how popular each colour is (colour_popularity, JSON),
//     checking its input before the build and its output after it.
//   - PaintOrders reads that popularity and writes the paint to buy
//     (paint_orders, NDJSON).
//   - LoadPopularity loads the popularity into a SQLite table
//     (colour_popularity_db, replaced atomically on each run), and
//     PopularColours reads it back with a query (Where with a bound
//     parameter, OrderBy) into popular_colours.csv.
//   - SiteDaily is partitioned: one partition per file of weather-station
//     readings (sensor_readings, gzipped CSV, a file a day), each counting
//     its stations' temperatures per day; Combine merges them into each
//     station's daily minimum, maximum and mean (site_daily, CSV).
//
// The models say nothing about where the data lives: the datasets'
// engine URLs ({data_root}/…, {output_root}/…) are filled from the
// environment chosen at run time (dev or prod in ../ayeaye.yaml), and the
// tests point the same models at fixtures with runtime/modeltest.
//
//	r := &runtime.Runner{Env: env}
//	if _, err := r.Run(ctx, "favourite_colours", models.NewFavouriteColours()); err != nil { … }
//	if _, err := r.Run(ctx, "paint_orders", models.NewPaintOrders()); err != nil { … }
//
// bench_test.go compares a model run by runtime.Runner with the same copy
// written by hand with the generated codecs (go test -bench . ./example/models).
package models
