package main

import (
	"os"

	"github.com/ayeaye-go/ayeaye/gen/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
