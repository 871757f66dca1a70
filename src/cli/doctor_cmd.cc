// Placeholder until the doctor command lands; prints a clear message and exits with usage error.
#include <cstdio>

#include "cli/commands.h"

namespace crossgo::cli {

RunCommand add_doctor_command(CLI::App& app) {
  app.add_subcommand("doctor", "(not yet available)");
  return [] {
    std::fprintf(stderr, "crossgo: doctor is not available in this build\n");
    return kExitUsage;
  };
}

}  // namespace crossgo::cli
