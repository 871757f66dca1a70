module example.com/app

go 1.19

require example.com/a v0.1.0

require (
	example.com/b v0.1.0 // indirect
	example.com/c v0.1.0 // indirect
)

replace (
	example.com/a => ../a
	example.com/b => ../b
	example.com/c => ../c
)
