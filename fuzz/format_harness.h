// The body shared by the per-format libFuzzer harnesses (plan9_fuzzer.cc, xcoff_fuzzer.cc …):
// the format's reader, its Go layout adapter and its format analyzer, then the whole inspect
// pipeline. Any crash, sanitizer report, leak, timeout or out-of-memory is a bug: hostile files
// must only ever produce an Error or warnings. The checks below also catch results that
// contradict themselves.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <span>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_info.h"
#include "crossgo/go_layout.h"
#include "crossgo/report.h"

namespace crossgo {

inline int fuzz_format_reader(const FormatReader& reader, const analysis::FormatAnalyzer& a, const char* format,
                              const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  MemorySource source(bytes);
  const bool matches = reader.matches(bytes.first(size < kMagicBytes ? size : kMagicBytes));
  Result<Image> image = reader.read(source);
  if (image) {
    const Image& img = *image;
    if (img.bits != 32 && img.bits != 64) std::abort();
    // Every section with file data must lie inside the input.
    for (const auto& s : img.sections)
      if (s.has_file_data && !source.contains(s.offset, s.size)) std::abort();
    uint64_t n = 0;
    if (img.visit_symbols) img.visit_symbols([&](const SymbolRef&) { return ++n > (1u << 20); });
    const GoLayout layout = go_layout(img);
    for (const auto& r : layout.buildinfo)
      if (r.size != 0 && !source.contains(r.offset, r.size)) std::abort();
    (void)read_go_buildinfo(img, layout);
    (void)read_go_build_id(img, layout);
    (void)find_go_pclntab(img, layout);
    (void)a.os_votes(img);
    const LinkageFacts link = a.linkage(img);
    (void)a.libc(img, link, OsFacts{}, nullptr);
    (void)a.hardening(img, link);
  }
  const std::vector<ArtifactReport> reports = inspect_bytes("fuzz-input", bytes);
  // What inspect recognises as this format must be what the matcher accepts.
  if (!reports.empty() && reports.front().format == format && !matches) std::abort();
  return 0;
}

}  // namespace crossgo
