// libFuzzer harness for the Mach-O reader and the fat splitter, with the Go layout, the Go
// metadata readers and the Mach-O analyzer on top, then the whole inspect pipeline. Any crash,
// sanitizer report, leak, timeout or out-of-memory is a bug: hostile files must only ever produce
// an Error or warnings. The aborts below catch results that contradict the input.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_info.h"
#include "crossgo/go_layout.h"
#include "crossgo/report.h"

namespace {

using namespace crossgo;

void exercise(ByteSource& source) {
  Result<Image> image = kMachOReader.read(source);
  if (!image) return;
  const Image& img = *image;
  if (img.bits != 32 && img.bits != 64) std::abort();
  if (!img.macho) std::abort();
  for (const Section& s : img.sections)
    if (s.has_file_data && !source.contains(s.offset, s.size)) std::abort();
  if (img.visit_symbols) {
    img.visit_symbols([](const SymbolRef& s) { return s.name.size() > (1u << 20); });
  }
  const GoLayout layout = go_layout(img);
  for (const FileRegion& r : layout.buildinfo)
    if (r.size != 0 && !source.contains(r.offset, r.size)) std::abort();
  (void)read_go_buildinfo(img, layout);
  (void)read_go_build_id(img, layout);
  const auto pclntab = find_go_pclntab(img, layout);
  (void)guess_go_version(img, layout, pclntab);
  const analysis::FormatAnalyzer& a = analysis::macho_analyzer();
  TargetFacts target;
  a.arch_flags(img, target);
  const auto votes = a.os_votes(img);
  OsFacts os;
  if (!votes.empty() && votes.front().candidates.size() == 1) os.goos = votes.front().candidates.front();
  const LinkageFacts link = a.linkage(img);
  (void)a.libc(img, link, os, nullptr);
  (void)a.hardening(img, link);
  (void)a.floors(img);
  (void)a.checks(img, target, os, nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  {
    MemorySource source(bytes);
    exercise(source);
  }
  {
    MemorySource source(bytes);
    if (kFatMachOReader.matches(source.read_up_to(0, kMagicBytes, "magic"))) {
      Result<Container> c = kFatMachOReader.split(source);
      if (c) {
        for (const ContainerMember& m : c->members) {
          if (!source.contains(m.offset, m.size)) std::abort();
          SliceSource slice(source, m.offset, m.size);
          exercise(slice);
        }
      }
    }
  }
  (void)inspect_bytes("fuzz-input", bytes);
  return 0;
}
