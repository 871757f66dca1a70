/* A shared library that only uses symbols as old as GLIBC_2.2.5: it loads on Debian 11 too,
 * although it was built on Debian 12. */
#include <stdio.h>
void compat_hello(void) { puts("compat"); }
