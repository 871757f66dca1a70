/* libouter.so.1: needs libinner.so.1 and has no search path of its own, so the loader can find
 * libinner only through what the executable that loads it says (DT_RPATH is inherited by the
 * executable's dependencies, DT_RUNPATH is not). */
int inner(void);
int outer(void) { return inner() + 1; }
