/* libloopuser.so.1: needs libloop.so.1, which its RUNPATH's first directory has only as a
 * symbolic link loop. */
int loop_fn(void);
int use_loop(void) { return loop_fn(); }
