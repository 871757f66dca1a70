/* Calls LIBFN from a library it is linked against, so the link records that library's SONAME as
 * DT_NEEDED (build-rootfs.sh: -DLIBFN=...). */
int LIBFN(void);
int main(void) { return LIBFN() != 1; }
