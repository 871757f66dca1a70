// libFuzzer harness for the ar container reader and, through it, the Go object reader on the
// members (the _go_.o and __.PKGDEF of Go package archives). Any crash, sanitizer report, leak,
// timeout or out-of-memory is a bug: hostile archives must only ever produce an Error or warnings.
// The checks below also catch a split that contradicts itself.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"

namespace {

// Members read further per input: enough to reach every naming scheme of the seeds.
constexpr size_t kMembersRead = 64;

void read_member(crossgo::ByteSource& parent, const crossgo::ContainerMember& m) {
  crossgo::SliceSource slice(parent, m.offset, m.size);
  const auto head = slice.read_up_to(0, crossgo::kMagicBytes, "member head");
  if (!crossgo::kGoObjectReader.matches(head)) return;
  const auto image = crossgo::kGoObjectReader.read(slice);
  if (!image) return;
  if (image->format != crossgo::Format::goobj || image->source != &slice) std::abort();
  const crossgo::GoLayout layout = crossgo::go_layout(*image);
  (void)layout;
  const auto& analyzer = crossgo::analysis::format_analyzer(*image);
  (void)analyzer.os_votes(*image);
  const auto linkage = analyzer.linkage(*image);
  (void)analyzer.hardening(*image, linkage);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  crossgo::MemorySource source(std::span<const uint8_t>(data, size));
  const auto head = source.read_up_to(0, crossgo::kMagicBytes, "head");
  const bool matched = crossgo::kArArchiveReader.matches(head);
  const auto container = crossgo::kArArchiveReader.split(source);
  if (!matched && container.ok()) std::abort();  // only archives split
  if (!container) return 0;
  if (container->format != crossgo::Format::archive) std::abort();
  if (container->members.size() > 65536) std::abort();
  uint64_t end_of_previous = 8;
  for (size_t i = 0; i < container->members.size(); ++i) {
    const auto& m = container->members[i];
    // Every member lies inside the file, after the previous one, and has a bounded name.
    if (!source.contains(m.offset, m.size) || m.offset < end_of_previous) std::abort();
    if (m.name.size() > 4096) std::abort();
    end_of_previous = m.offset + m.size;
    if (i < kMembersRead) read_member(source, m);
  }
  return 0;
}
