// libFuzzer harness for crossgo cgo's go list reader: the input is taken as `go list -deps -json`
// output (concatenated JSON documents) and, when it parses, analysed (reasons, chains, every path
// with a cap, the subgraph; the CGO_ENABLED=0 prediction is left out because it reads the files
// the packages name) and rendered as text, JSON, DOT and Mermaid. Its first line is also tried
// as a `go list -f '{{context…}}'` answer. Hostile streams (cycles, self-imports, huge lists,
// unknown fields, broken UTF-8) must only ever give errors: any crash, sanitizer report, hang or
// leak is a bug.
#include <cstdint>
#include <string_view>

#include "crossgo/cgo.h"
#include "crossgo/cgo_output.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)crossgo::cgo::parse_context_line(text.substr(0, text.find('\n')));
  auto parsed = crossgo::cgo::parse_go_list(text);
  if (!parsed) return 0;
  crossgo::cgo::AnalyzeOptions options;
  options.predict_without_cgo = false;
  options.all_paths = size % 2 == 0;
  options.max_chains = 8;
  crossgo::cgo::CgoReport report = crossgo::cgo::analyze(std::move(parsed.value()), {}, options);
  crossgo::cgo::GoListRun run;
  (void)crossgo::output::cgo_text(report, true, false);
  (void)crossgo::output::cgo_json(report, run);
  (void)crossgo::output::cgo_dot(report);
  (void)crossgo::output::cgo_mermaid(report);
  return 0;
}
