// libFuzzer harness for the Go metadata readers: the build info blob decoder (both layouts, with
// the input also mapped as the image so pre-1.18 pointers resolve into it), the module-info text
// parser, and the pclntab / build ID / version / cgo scanners over the same bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "crossgo/go_info.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crossgo;
  const std::span<const uint8_t> bytes(data, size);

  // Map the whole input at a fixed base, as a writable PT_LOAD and as a .go.buildinfo section, so
  // read_go_buildinfo's search and the pointer layout's address lookups both see it.
  Image image;
  image.format = Format::elf;
  image.file = bytes;
  Segment load;
  load.type = 1;  // PT_LOAD
  load.flags = 6;  // R+W
  load.vaddr = 0x10000;
  load.filesz = size;
  load.memsz = size;
  image.segments.push_back(load);
  Section info;
  info.name = ".go.buildinfo";
  info.addr = 0x10000;
  info.size = size;
  image.sections.push_back(info);
  Section pcln = info;
  pcln.name = ".gopclntab";
  image.sections.push_back(pcln);

  (void)decode_buildinfo_region(bytes, 0, &image);
  (void)decode_buildinfo_region(bytes, 0, nullptr);
  (void)read_go_buildinfo(image);

  GoBuildInfo parsed;
  (void)parse_modinfo(std::string_view(reinterpret_cast<const char*>(data), size), parsed);

  (void)read_go_build_id(image);
  (void)guess_go_version(image);
  (void)detect_go_cgo(image);
  return 0;
}
