// Where Go's linker puts its metadata in a Mach-O file, and where Go's own readers look:
//  * build info: debug/buildinfo machoExe.DataStart (Go 1.18 … 1.23): the section named
//    __go_buildinfo (cmd/link dodata puts it first in __DATA), else the first LC_SEGMENT with
//    vmaddr != 0, filesize != 0 and initprot == maxprot == VM_PROT_READ|VM_PROT_WRITE;
//  * pclntab: the section __gopclntab, in __TEXT up to Go 1.19 on amd64 and in __DATA_CONST on
//    arm64 and from Go 1.20 on (cmd/link/internal/ld/macho.go machoDataSect; checked on Go 1.19.8
//    and 1.23 binaries);
//  * runtime.buildVersion: its text in __rodata (__TEXT and, on newer linkers, __DATA_CONST), its
//    string header in __DATA,__data / __noptrdata;
//  * the build ID text: cmd/internal/buildid ReadFile reads the first 32 KiB of the file and, for
//    Mach-O (readMacho), the first 32 KiB of __TEXT,__text, where cmd/link writes it first.
#include <algorithm>

#include "crossgo/byte_source.h"
#include "crossgo/go_layout.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr uint32_t kRW = 3;  // VM_PROT_READ | VM_PROT_WRITE, debug/buildinfo's RW

void add_section(std::vector<FileRegion>& out, const Image& img, const char* segment, const char* name) {
  if (const Section* s = img.find_section(segment, name); s != nullptr && s->has_file_data) out.push_back(region_of(*s));
}

}  // namespace

GoLayout go_layout_macho(const Image& img) {
  GoLayout l;
  if (!img.macho || img.source == nullptr) return l;

  // DataStart matches __go_buildinfo in any segment (it compares the section name only).
  if (const Section* s = img.find_section("__go_buildinfo"); s != nullptr && s->has_file_data) {
    l.buildinfo.push_back(region_of(*s));
  } else {
    for (const MachOSegment& seg : img.macho->segments) {
      if (seg.vmaddr == 0 || seg.filesize == 0 || seg.initprot != kRW || seg.maxprot != kRW) continue;
      // Only what the file holds of it: a segment that claims more (a damaged or truncated
      // file) is searched as far as the file goes.
      const uint64_t file_size = img.source->size();
      if (seg.fileoff < file_size) {
        const uint64_t len = std::min({seg.filesize, seg.vmsize, file_size - seg.fileoff});
        l.buildinfo.push_back({seg.fileoff, len, seg.vmaddr, "first read-write segment " + seg.name});
      }
      break;
    }
  }

  for (const Section& s : img.sections) {
    if (s.name == "__gopclntab" && s.has_file_data) l.pclntab_sections.push_back(region_of(s));
  }
  // Without the section (a post-processed or hand-linked binary) the table is in read-only data.
  if (l.pclntab_sections.empty()) {
    add_section(l.pclntab_search, img, "__DATA_CONST", "__rodata");
    add_section(l.pclntab_search, img, "__TEXT", "__rodata");
  }

  add_section(l.rodata, img, "__TEXT", "__rodata");
  add_section(l.rodata, img, "__DATA_CONST", "__rodata");
  add_section(l.data, img, "__DATA", "__data");
  add_section(l.data, img, "__DATA", "__noptrdata");

  const uint64_t head = std::min<uint64_t>(img.source->size(), limits::kGoBuildIdScan);
  l.build_id_text.push_back({0, head, 0, "first 32 KiB of the file"});
  if (const Section* text = img.find_section("__TEXT", "__text"); text != nullptr && text->has_file_data) {
    FileRegion r = region_of(*text);
    r.size = std::min<uint64_t>(r.size, limits::kGoBuildIdScan);
    l.build_id_text.push_back(r);
    l.text_start = text->addr;
  }

  for (const char* name : {"__go_buildinfo", "__gopclntab", "__gosymtab"}) {
    if (const Section* s = img.find_section(name)) l.go_markers.push_back("Mach-O section " + s->segment + "," + s->name);
  }
  return l;
}

}  // namespace crossgo
