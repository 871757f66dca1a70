module example.com/a

go 1.19

require example.com/b v0.1.0

require example.com/c v0.1.0 // indirect

replace (
	example.com/b => ../b
	example.com/c => ../c
)
