/* A shared library needing libz.so.1 and only old glibc symbols: loads on Debian 11. */
const char *zlibVersion(void);
const char *zuser_version(void) { return zlibVersion(); }
