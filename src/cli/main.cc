#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include "cli/commands.h"

#ifndef CROSSGO_VERSION
#define CROSSGO_VERSION "dev"
#endif

namespace crossgo::cli {

bool use_colour() {
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && no_colour[0] != '\0') return false;
  return isatty(STDOUT_FILENO) != 0;
}

}  // namespace crossgo::cli

int main(int argc, char** argv) {
  using namespace crossgo::cli;
  CLI::App app{"crossgo: Go cross-compilation, checked before and after the build"};
  app.set_version_flag("--version", CROSSGO_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok; 1 doctor found errors; 2 usage error; 3 inspect could not read a file.\n"
             "Documentation: README.md and docs/ in the crossgo repository.");
  RunCommand commands[] = {add_inspect_command(app), add_doctor_command(app),
                           add_explain_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  auto selected = app.get_subcommands();
  for (size_t i = 0; i < app.get_subcommands({}).size() && i < std::size(commands); ++i) {
    if (!selected.empty() && selected.front() == app.get_subcommands({})[i]) return commands[i]();
  }
  return kExitUsage;
}
