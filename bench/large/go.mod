module crossgo.bench/large

go 1.19
