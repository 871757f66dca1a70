module example.com/mid

go 1.19

require example.com/cdep v0.1.0

replace example.com/cdep => ../cdep
