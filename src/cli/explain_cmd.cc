// Placeholder until the explain command lands; prints a clear message and exits with usage error.
#include <cstdio>

#include "cli/commands.h"

namespace crossgo::cli {

RunCommand add_explain_command(CLI::App& app) {
  app.add_subcommand("explain", "(not yet available)");
  return [] {
    std::fprintf(stderr, "crossgo: explain is not available in this build\n");
    return kExitUsage;
  };
}

}  // namespace crossgo::cli
