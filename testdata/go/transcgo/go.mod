module example.com/transcgo

go 1.19

require example.com/mid v0.1.0

require example.com/cdep v0.1.0 // indirect

replace (
	example.com/cdep => ../cdep
	example.com/mid => ../mid
)
