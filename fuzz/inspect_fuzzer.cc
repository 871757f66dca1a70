// libFuzzer harness for inspect's whole path from bytes to output: format detection, the ELF
// reader, every analyzer, then both renderers. Hostile files put arbitrary bytes (not UTF-8, control
// characters) into names and paths, which the renderers must carry without throwing.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "crossgo/inspect_output.h"
#include "crossgo/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const crossgo::ArtifactReport report = crossgo::inspect_bytes("fuzz-input", std::span<const uint8_t>(data, size));
  // As `crossgo inspect --json` prints it (src/cli/inspect_cmd.cc).
  const std::string json = crossgo::reports_to_json({report}).dump(
      2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  const std::string text = crossgo::report_to_text(report, false);
  const std::string coloured = crossgo::report_to_text(report, true);
  if (json.empty() || text.empty() || coloured.empty()) std::abort();
  return 0;
}
