//go:build cgo

int helper(void) { return 1; }
