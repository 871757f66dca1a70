// libFuzzer harness for the PE/COFF reader and what runs on its Image: the Go layout adapter,
// the PE analyzer and the details renderer. Any crash, sanitizer report, leak, timeout or
// out-of-memory is a bug; so is a reader result that points outside the input.
#include <cstdint>
#include <cstdlib>
#include <span>

#include <nlohmann/json.hpp>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"
#include "crossgo/limits.h"
#include "output/details.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crossgo;
  const std::span<const uint8_t> bytes(data, size);
  if (!kPeReader.matches(bytes.first(std::min<size_t>(size, kMagicBytes)))) return 0;
  MemorySource source(bytes);
  Result<Image> image = kPeReader.read(source);
  if (!image) {
    // Errors name a place in (or just past) the file.
    if (image.error().message.empty()) std::abort();
    return 0;
  }
  const Image& img = *image;
  if (img.bits != 32 && img.bits != 64) std::abort();
  if (!img.pe || img.source != &source) std::abort();
  for (const auto& s : img.sections)
    if (s.has_file_data && !source.contains(s.offset, s.size)) std::abort();
  if (img.warnings.size() > limits::kMaxWarnings + 1) std::abort();
  uint64_t symbols = 0;
  if (img.visit_symbols) {
    img.visit_symbols([&](const SymbolRef& s) {
      if (s.name.size() > limits::kMaxStringBytes) std::abort();
      ++symbols;
      return false;
    });
  }
  if (symbols > limits::kMaxSymbols) std::abort();

  const GoLayout layout = go_layout_pe(img);
  for (const auto* regions : {&layout.buildinfo, &layout.pclntab_sections, &layout.pclntab_search, &layout.rodata,
                              &layout.data, &layout.build_id_text}) {
    for (const FileRegion& r : *regions) {
      if (r.size != 0 && !source.contains(r.offset, r.size)) std::abort();
      if (r.addr != 0 && r.size != 0) (void)img.read_at_address(r.addr, std::min<uint64_t>(r.size, 64));
    }
  }

  const auto& a = analysis::pe_analyzer();
  (void)a.os_votes(img);
  const LinkageFacts link = a.linkage(img);
  GoFacts go;
  go.cgo.linked = false;
  (void)a.libc(img, link, OsFacts{}, &go);
  (void)a.hardening(img, link);
  (void)a.floors(img);
  (void)a.checks(img, TargetFacts{}, OsFacts{}, &go);
  std::string json;
  output::JsonWriter writer(json);
  output::pe_details_json(writer, *img.pe);
  (void)output::pe_details_text(*img.pe);
  if (!nlohmann::json::accept(json)) std::abort();
  if (source.held_bytes() > limits::kMaxHeldBytes) std::abort();
  return 0;
}
