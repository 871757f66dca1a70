module example.com/cgosample

go 1.19
