/* A one-function shared library; LIBFN names the function so one source gives every test
 * library (build-rootfs.sh compiles it with -DLIBFN=... and a matching -soname). */
int LIBFN(void) { return 1; }
