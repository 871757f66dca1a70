#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/commands.h"
#include "crossgo/env.h"

#ifndef CROSSGO_VERSION
#define CROSSGO_VERSION "dev"
#endif

namespace crossgo::cli {

bool use_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && no_colour[0] != '\0') return false;
  return isatty(STDOUT_FILENO) != 0;
}

// A report that did not reach its reader is a failure, whatever the command found: a full disk
// or a closed pipe in CI must fail the step, not pass it with a truncated report.
int finish_output(int rc) {
  std::cout.flush();
  const bool cout_failed = !std::cout;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0 || cout_failed) {
    const int err = errno;
    std::fprintf(stderr, "crossgo: could not write the output: %s\n", err != 0 ? std::strerror(err) : "write error");
    return kExitOutput;
  }
  return rc;
}

}  // namespace crossgo::cli

int main(int argc, char** argv) {
  using namespace crossgo::cli;
#ifdef __GLIBC__
  // Tables of a few hundred KiB to a few MiB (symbol tables, string tables) are read for every
  // file and freed after it. Above glibc's default mmap threshold each one is a fresh mapping,
  // page-faulted in and unmapped again, and every munmap in a multi-threaded process is a TLB
  // shoot-down on every core: a tenth of the time of inspecting a few thousand libraries. Served
  // from the heap and kept there instead, they reuse pages already resident; what crossgo holds
  // is capped per file (limits::kMaxHeldBytes), so the heap does not grow with the file count.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
  crossgo::env::reap_orphaned_descendants();
  CLI::App app{"crossgo: Go cross-compilation, checked before and after the build"};
  app.set_version_flag("--version", CROSSGO_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok; 1 doctor found errors, a verify check failed, a file will not\n"
             "load (rootfs), a package uses cgo (cgo) or patch refused; 2 usage error; 3 inspect,\n"
             "verify, rootfs or patch could not read a file, or the go command failed (cgo); 4 the\n"
             "output could not be written.\n"
             "Documentation: README.md and docs/ in the crossgo repository.");
  RunCommand commands[] = {add_inspect_command(app), add_doctor_command(app),
                           add_explain_command(app), add_verify_command(app),
                           add_rootfs_command(app), add_cgo_command(app),
                           add_patch_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  auto selected = app.get_subcommands();
  for (size_t i = 0; i < app.get_subcommands({}).size() && i < std::size(commands); ++i) {
    if (!selected.empty() && selected.front() == app.get_subcommands({})[i]) return finish_output(commands[i]());
  }
  return kExitUsage;
}
