// libFuzzer harness for inspect's whole path as the CLI runs it, from a file to the terminal:
// the bytes are put in a memfd and read through FileSource (pread into held buffers, with its
// change check), then container splitting, format detection, the readers, every analyzer, both
// renderers, and the escaping of the per-file error the CLI prints to stderr. Hostile files put
// arbitrary bytes (not UTF-8, control characters) into names and paths, which must come out escaped
// and never throw.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "crossgo/inspect_output.h"
#include "crossgo/report.h"
#include "crossgo/text_escape.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = memfd_create("inspect", 0);
  if (fd < 0) return 0;
  if (write(fd, data, size) != static_cast<ssize_t>(size)) {
    close(fd);
    return 0;
  }
  const std::vector<crossgo::ArtifactReport> reports = crossgo::inspect_path("/proc/self/fd/" + std::to_string(fd));
  close(fd);
  if (reports.empty()) std::abort();
  // As `crossgo inspect --json` prints it (src/cli/inspect_cmd.cc).
  const std::string json = crossgo::reports_to_json(reports);
  // Whatever names the file holds, the output is JSON a strict parser accepts (UTF-8 included).
  if (!nlohmann::json::accept(json)) std::abort();
  for (const auto& report : reports) {
    const std::string text = crossgo::report_to_text(report, false);
    const std::string coloured = crossgo::report_to_text(report, true);
    if (text.empty() || coloured.empty()) std::abort();
    // Nothing from the file may reach a terminal unescaped: without colour, no ESC at all.
    if (text.find('\x1b') != std::string::npos) std::abort();
    if (report.error && crossgo::escape_for_terminal(report.error->to_string()).find('\x1b') != std::string::npos)
      std::abort();
  }
  return 0;
}
