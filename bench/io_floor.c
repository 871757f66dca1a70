/* bench/io_floor.c — the I/O floor for `crossgo inspect`: the least any inspector must do per file.
 *
 * For each path: open(O_RDONLY), fstat, pread 64 KiB at offset 0, close. Nothing is parsed and
 * nothing is printed, so the time it takes is the cost of the system calls and of getting the
 * first 64 KiB of every file into memory (page cache or disk); bench/inspect.sh reports crossgo's
 * time as a multiple of it.
 *
 * Parallel the same way crossgo is: `crossgo inspect` works with min(hardware threads, 8) worker
 * threads (src/cli/inspect_cmd.cc, std::thread::hardware_concurrency clamped to 1..8), each taking
 * the next file from a shared counter. This program does the same with pthreads and
 * sysconf(_SC_NPROCESSORS_ONLN) (what libstdc++'s hardware_concurrency returns), so the ratio
 * compares the work done per file, not one thread against eight.
 *
 * Usage: io_floor PATH...          paths as arguments (how the benchmark runs it, through xargs -0,
 *                                  batched exactly like crossgo)
 *        io_floor -0 LIST          paths NUL-separated in the file LIST ("-": standard input)
 * IO_FLOOR_THREADS=N overrides the thread count.
 * Exit status: 0 every file read; 1 some file could not be opened or read (reported on stderr,
 * the others are still read); 2 usage or out of memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { kChunk = 64 * 1024, kMaxThreads = 8 };

static char** paths;
static size_t npaths;
static atomic_size_t next_index;
static atomic_int failures;

static void* worker(void* arg) {
  (void)arg;
  /* One buffer per thread, on the heap: 64 KiB on each thread's stack would be fine too, but the
   * heap keeps the thread stacks at their default size whatever the libc. */
  char* buf = malloc(kChunk);
  if (!buf) {
    atomic_fetch_add(&failures, 1);
    return NULL;
  }
  for (size_t i = atomic_fetch_add(&next_index, 1); i < npaths; i = atomic_fetch_add(&next_index, 1)) {
    const char* p = paths[i];
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      fprintf(stderr, "io_floor: %s: open: %s\n", p, strerror(errno));
      atomic_fetch_add(&failures, 1);
      continue;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || pread(fd, buf, kChunk, 0) < 0) {
      fprintf(stderr, "io_floor: %s: %s\n", p, strerror(errno));
      atomic_fetch_add(&failures, 1);
    }
    close(fd);
  }
  free(buf);
  return NULL;
}

/* Reads a NUL-separated list (a trailing NUL is optional) into paths/npaths. */
static int read_list(const char* name) {
  FILE* f = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
  if (!f) {
    fprintf(stderr, "io_floor: %s: %s\n", name, strerror(errno));
    return -1;
  }
  size_t cap = 1024;
  paths = malloc(cap * sizeof *paths);
  char* line = NULL;
  size_t len = 0;
  ssize_t n;
  while (paths && (n = getdelim(&line, &len, '\0', f)) > 0) {
    if (line[n - 1] == '\0') --n;
    if (n == 0) continue;
    if (npaths == cap) {
      char** grown = realloc(paths, (cap *= 2) * sizeof *paths);
      if (!grown) { free(paths); paths = NULL; break; }
      paths = grown;
    }
    paths[npaths++] = strndup(line, (size_t)n);
  }
  free(line);
  if (f != stdin) fclose(f);
  if (!paths) {
    fputs("io_floor: out of memory\n", stderr);
    return -1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3 && strcmp(argv[1], "-0") == 0) {
    if (read_list(argv[2]) != 0) return 2;
  } else if (argc >= 2 && argv[1][0] != '-') {
    paths = argv + 1;
    npaths = (size_t)argc - 1;
  } else {
    fputs("usage: io_floor PATH... | io_floor -0 LIST\n", stderr);
    return 2;
  }

  long hw = sysconf(_SC_NPROCESSORS_ONLN);
  const char* env = getenv("IO_FLOOR_THREADS");
  if (env && *env) hw = strtol(env, NULL, 10);
  size_t threads = hw < 1 ? 1 : hw > kMaxThreads ? kMaxThreads : (size_t)hw;
  if (threads > npaths) threads = npaths ? npaths : 1;

  /* Like crossgo, the calling thread is one of the workers. */
  pthread_t pool[kMaxThreads];
  size_t started = 0;
  for (size_t t = 1; t < threads; ++t) {
    if (pthread_create(&pool[started], NULL, worker, NULL) != 0) break;
    ++started;
  }
  worker(NULL);
  for (size_t t = 0; t < started; ++t) pthread_join(pool[t], NULL);
  return atomic_load(&failures) ? 1 : 0;
}
