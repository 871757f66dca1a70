// libFuzzer harness for the ELF reader (kElfReader over a MemorySource) and the whole inspect
// pipeline on top of it. Any crash, sanitizer report, leak, timeout or out-of-memory is a bug:
// hostile files must only ever produce an Error or warnings. The checks below also catch reports
// that contradict themselves.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crossgo;
  const std::span<const uint8_t> bytes(data, size);
  MemorySource source(bytes);
  const Result<Image> image = kElfReader.read(source);
  if (image) {
    if (image->source != &source) std::abort();
    // Every view the reader hands out must lie inside the input (a MemorySource hands out views).
    for (const auto& note : image->elf->notes) {
      if (!note.desc.empty() && (note.desc.data() < data || note.desc.data() + note.desc.size() > data + size))
        std::abort();
    }
    if (image->bits != 32 && image->bits != 64) std::abort();
    // Only PT_LOAD ranges are segments; every program header is in the details.
    if (image->segments.size() > image->elf->program_headers.size()) std::abort();
    if (image->visit_symbols) {
      size_t n = 0;
      image->visit_symbols([&](const SymbolRef&) { return ++n > 100000; });
    }
  }
  const std::vector<ArtifactReport> reports = inspect_bytes("fuzz-input", bytes);
  if (reports.empty()) std::abort();
  // inspect and the reader must agree on whether the file is readable.
  const ArtifactReport& report = reports.front();
  if (report.format == "elf" && (reports.size() != 1 || image.ok() == report.error.has_value())) std::abort();
  return 0;
}
