module example.com/b

go 1.19

require example.com/c v0.1.0

replace example.com/c => ../c
