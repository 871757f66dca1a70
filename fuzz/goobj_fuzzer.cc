// libFuzzer harness for the Go object reader: MemorySource → kGoObjectReader → go_layout → the
// goobj analyzer. Hostile headers must only ever produce an Error or warnings.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"
#include "formats/goobj/goobj_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  crossgo::MemorySource source(std::span<const uint8_t>(data, size));
  const auto head = source.read_up_to(0, crossgo::kMagicBytes, "head");
  const bool matched = crossgo::kGoObjectReader.matches(head);
  const auto image = crossgo::kGoObjectReader.read(source);
  if (!image) return 0;
  // Only "go object " files are read, and what is read agrees with the header parser.
  if (!matched || image->format != crossgo::Format::goobj) std::abort();
  if (image->kind != crossgo::ObjectKind::relocatable || image->machine.rfind("go object ", 0) != 0) std::abort();
  const auto header = crossgo::goobj::read_go_object_header(source);
  if (!header || header->line_length > crossgo::goobj::kMaxHeaderLine || header->go_version.empty()) std::abort();
  if (image->machine != "go object " + header->goos + "/" + header->goarch) std::abort();
  const crossgo::GoLayout layout = crossgo::go_layout(*image);
  (void)layout;
  const auto& analyzer = crossgo::analysis::goobj_analyzer();
  const auto votes = analyzer.os_votes(*image);
  if (votes.size() > 1 || (votes.size() == 1 && votes[0].candidates != std::vector<std::string>{header->goos}))
    std::abort();
  const auto linkage = analyzer.linkage(*image);
  (void)analyzer.libc(*image, linkage, {}, nullptr);
  (void)analyzer.hardening(*image, linkage);
  return 0;
}
