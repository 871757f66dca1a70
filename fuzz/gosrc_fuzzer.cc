// libFuzzer harness for src/gosrc, which reads Go and C sources crossgo does not control: both
// depths of scan_go_source, scan_other_source_header, the //go:build and // +build evaluators and
// the file-name rules, all on the same bytes. Checks the promises callers rely on: a result is
// either a scan or an error, never both; positions are 1-based and inside the text.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crossgo/go_source.h"

namespace {

using namespace crossgo::gosrc;

void check_position(const Position& p, std::string_view text) {
  if (p.line < 1 || p.column < 1) std::abort();
  if (static_cast<size_t>(p.column) > text.size() + 1) std::abort();
}

void check(const GoScanResult& r, std::string_view text) {
  if (r.scan.has_value() == !r.error.empty()) std::abort();
  if (!r.scan) return;
  for (const auto& d : r.scan->declarations) {
    if (d.name.empty()) std::abort();
    check_position(d.where, text);
  }
  for (const auto& u : r.scan->uses) {
    if (u.name.empty()) std::abort();
    check_position(u.where, text);
  }
  for (const auto& i : r.scan->imports) check_position(i.where, text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(scan_go_source(text, ScanDepth::header), text);
  check(scan_go_source(text, ScanDepth::full), text);
  // The CGO_ENABLED=0 prediction's second look (go_uses.cc): locals, qualified names, imports.
  if (auto uses = scan_go_uses(text)) {
    for (const auto& q : uses->qualified)
      if (q.where.line < 1 || q.where.column < 1) __builtin_trap();
  }
  const auto other = scan_other_source_header(text);
  if (other.scan.has_value() == !other.error.empty()) std::abort();

  BuildContext context;
  context.cgo_enabled = size % 2 == 0;
  context.go_minor = size % 3 == 0 ? 19 : 0;
  const std::string_view first_line = text.substr(0, text.find('\n'));
  std::string error;
  const auto value = eval_go_build(first_line, context, &error);
  if (value.has_value() == !error.empty()) std::abort();
  error.clear();
  (void)eval_plus_build({std::string(first_line)}, context, &error);
  (void)filename_excludes(first_line, context);
  (void)file_kind(first_line);
  return 0;
}
