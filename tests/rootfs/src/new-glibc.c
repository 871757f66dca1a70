/* Built on Debian 12 (glibc 2.36): __libc_start_main, pthread_create and pthread_join are bound
 * to GLIBC_2.34 (libpthread was merged into libc in 2.34), which Debian 11's glibc 2.31 lacks. */
#include <pthread.h>
#include <stdio.h>
static void *run(void *arg) { return arg; }
int main(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, run, NULL) != 0) return 1;
  pthread_join(t, NULL);
  puts("threads");
  return 0;
}
