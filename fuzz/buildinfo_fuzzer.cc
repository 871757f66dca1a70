// libFuzzer harness for the Go metadata readers: the build info blob decoder (both layouts, with
// the input also mapped as the image so pre-1.18 pointers resolve into it), the module-info text
// parser, and the pclntab / build ID / version / cgo scanners over the same bytes, through the
// ELF Go layout and through a hand-made layout that names the whole input everywhere.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "crossgo/byte_source.h"
#include "crossgo/go_info.h"
#include "crossgo/go_layout.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crossgo;
  const std::span<const uint8_t> bytes(data, size);
  MemorySource source(bytes);

  // Map the whole input at a fixed base, as a writable PT_LOAD and as .go.buildinfo and
  // .gopclntab sections, so read_go_buildinfo's search and the pointer layout's address lookups
  // both see it.
  Image image;
  image.format = Format::elf;
  image.source = &source;
  image.bits = 64;
  image.elf = ElfDetails{};
  Segment load;
  load.read = load.write = true;
  load.vaddr = 0x10000;
  load.filesz = size;
  load.memsz = size;
  image.segments.push_back(load);
  Section info;
  info.name = ".go.buildinfo";
  info.addr = 0x10000;
  info.size = size;
  info.alloc = info.write = true;
  image.sections.push_back(info);
  Section pcln = info;
  pcln.name = ".gopclntab";
  image.sections.push_back(pcln);

  (void)decode_buildinfo_region(bytes, 0, &image);
  (void)decode_buildinfo_region(bytes, 0, nullptr);
  const GoLayout layout = go_layout(image);
  (void)read_go_buildinfo(image, layout);

  GoBuildInfo parsed;
  (void)parse_modinfo(std::string_view(reinterpret_cast<const char*>(data), size), parsed);

  (void)read_go_build_id(image, layout);
  const std::optional<GoPclntab> pclntab = find_go_pclntab(image, layout);
  (void)guess_go_version(image, layout, pclntab);
  (void)detect_go_cgo(image, pclntab);
  if (pclntab) (void)go_pclntab_files_matching(image, *pclntab, "runtime/os_", 16);

  // The searches: the whole input as a region to search for a pclntab, read-only and data
  // regions for the version, and build ID text.
  GoLayout search;
  const FileRegion all{0, size, 0x10000, "fuzz input"};
  search.pclntab_search = {all};
  search.rodata = {all};
  search.data = {all};
  search.build_id_text = {all};
  search.go_markers = {"fuzz"};
  (void)read_go_build_id(image, search);
  const std::optional<GoPclntab> found = find_go_pclntab(image, search);
  (void)guess_go_version(image, search, found);
  (void)detect_go_cgo(image, found);
  if (found) (void)go_pclntab_files_matching(image, *found, "runtime/os_", 16);
  return 0;
}
