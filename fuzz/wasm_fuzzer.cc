// libFuzzer harness for the WebAssembly reader and everything that consumes its Image: the Go
// layout adapter, the wasm analyzer and the details renderers. Any crash, sanitizer report, leak,
// timeout or out-of-memory is a bug; so is an Image that points outside the input.
#include <cstdint>
#include <cstdlib>
#include <span>

#include <nlohmann/json.hpp>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"
#include "output/details.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  if (!crossgo::kWasmReader.matches(bytes.first(std::min<size_t>(size, crossgo::kMagicBytes)))) return 0;
  crossgo::MemorySource source(bytes);
  crossgo::Result<crossgo::Image> image = crossgo::kWasmReader.read(source);
  if (!image) return 0;
  const crossgo::Image& im = *image;
  if (!im.wasm || im.bits != 32 || im.arch != crossgo::CpuArch::wasm32) std::abort();
  for (const auto& s : im.sections)
    if (!source.contains(s.offset, s.size)) std::abort();
  for (const auto& seg : im.segments)
    if (!source.contains(seg.offset, seg.filesz)) std::abort();
  for (const auto& c : im.wasm->customs)
    if (!source.contains(c.payload_offset, c.payload_size)) std::abort();

  const crossgo::GoLayout layout = crossgo::go_layout_wasm(im);
  for (const auto& r : layout.build_id_text)
    if (!source.contains(r.offset, r.size)) std::abort();
  const auto& a = crossgo::analysis::wasm_analyzer();
  crossgo::TargetFacts target;
  a.arch_flags(im, target);
  const auto votes = a.os_votes(im);
  const auto linkage = a.linkage(im);
  const auto libc = a.libc(im, linkage, crossgo::OsFacts{}, nullptr);
  const auto hardening = a.hardening(im, linkage);
  const auto checks = a.checks(im, target, crossgo::OsFacts{}, nullptr);
  (void)votes, (void)libc, (void)hardening, (void)checks;
  if (im.visit_symbols) im.visit_symbols([](const crossgo::SymbolRef&) { return false; });

  std::string json;
  crossgo::output::JsonWriter writer(json);
  crossgo::output::wasm_details_json(writer, *im.wasm);
  const auto text = crossgo::output::wasm_details_text(*im.wasm);
  // The writer's output must be JSON a strict parser accepts (UTF-8 included), whatever the names.
  if (!nlohmann::json::accept(json) || text.empty()) std::abort();
  return 0;
}
