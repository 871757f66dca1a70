// libFuzzer harness for the ELF reader and the whole inspect pipeline on top of it. Any crash,
// sanitizer report, leak, timeout or out-of-memory is a bug: hostile files must only ever produce
// an Error or warnings. The checks below also catch reports that contradict themselves.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "crossgo/elf.h"
#include "crossgo/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  const crossgo::Result<crossgo::Image> image = crossgo::read_elf(bytes);
  if (image) {
    // Every view the reader hands out must lie inside the input.
    for (const auto& note : image->notes) {
      if (!note.desc.empty() &&
          (note.desc.data() < data || note.desc.data() + note.desc.size() > data + size))
        std::abort();
    }
    if (image->bits != 32 && image->bits != 64) std::abort();
  }
  const crossgo::ArtifactReport report = crossgo::inspect_bytes("fuzz-input", bytes);
  // inspect and read_elf must agree on whether the file is readable.
  if (report.format == "elf" && image.ok() == report.error.has_value()) std::abort();
  return 0;
}
