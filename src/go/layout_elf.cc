// Where Go's linker puts its metadata in ELF files (cmd/link/internal/ld/elf.go, data.go):
//   - build info: section .go.buildinfo; without section headers, debug/buildinfo's elfExe
//     DataStart takes the first writable, non-executable PT_LOAD (Go 1.19–1.26);
//   - pclntab: .gopclntab (internal linking), .data.rel.ro.gopclntab (internal linking, PIE);
//     external linking of a PIE (cgo, -buildmode=pie with gcc) merges the Go object's .gopclntab
//     into .data.rel.ro, where Go's debug/gosym still finds it through runtime.pclntab; so with
//     other Go evidence and no named section, .data.rel.ro (then read-only data) is searched;
//   - build ID: the note "Go"/4 in .note.go.buildid (cmd/internal/buildid readELF);
//   - runtime.buildVersion: text in .rodata, its string header in .data / .noptrdata.
#include "crossgo/elf_constants.h"
#include "crossgo/go_layout.h"

namespace crossgo {
namespace {

constexpr uint32_t kGoBuildIdNote = 4;  // ELF_NOTE_GOBUILDID_TAG (cmd/link/internal/ld/elf.go)

void add_section(const Image& img, std::vector<FileRegion>& out, std::string_view name) {
  if (const Section* s = img.find_section(name); s != nullptr && s->has_file_data && s->size != 0)
    out.push_back(region_of(*s));
}

FileRegion region_of_segment(const Segment& seg, const std::string& where) {
  return FileRegion{seg.offset, seg.filesz, seg.vaddr, where};
}

}  // namespace

GoLayout go_layout_elf(const Image& img) {
  GoLayout l;
  const ElfDetails& elf = *img.elf;
  if (const Section* s = img.find_section(".go.buildinfo"); s != nullptr) {
    l.buildinfo.push_back(region_of(*s));
    l.go_markers.push_back("section .go.buildinfo");
  } else if (img.sections.empty()) {
    for (const auto& seg : img.segments) {
      if (!seg.write || seg.exec || seg.filesz == 0) continue;
      l.buildinfo.push_back(region_of_segment(seg, "first writable PT_LOAD"));
      break;
    }
  }
  for (const auto& n : elf.notes) {
    if (n.owner != "Go" || n.type != kGoBuildIdNote) continue;
    std::string_view id(reinterpret_cast<const char*>(n.desc.data()), n.desc.size());
    while (!id.empty() && id.back() == '\0') id.remove_suffix(1);
    l.build_id = std::string(id);
    l.go_markers.push_back("note Go build ID");
    break;
  }
  add_section(img, l.pclntab_sections, ".gopclntab");
  add_section(img, l.pclntab_sections, ".data.rel.ro.gopclntab");
  if (l.pclntab_sections.empty()) {
    if (img.sections.empty()) {
      // Section headers stripped (sstrip): the non-executable loaded segments.
      for (const auto& seg : img.segments)
        if (!seg.exec && seg.filesz != 0) l.pclntab_search.push_back(region_of_segment(seg, "PT_LOAD"));
    } else if (!l.go_markers.empty()) {
      add_section(img, l.pclntab_search, ".data.rel.ro");
      add_section(img, l.pclntab_search, ".rodata");
    }
  }
  for (const char* name : {".rodata", ".data.rel.ro"}) add_section(img, l.rodata, name);
  for (const char* name : {".noptrdata", ".data"}) add_section(img, l.data, name);
  if (img.sections.empty()) {
    for (const auto& seg : img.segments) {
      if (seg.filesz == 0 || seg.exec) continue;
      (seg.write ? l.data : l.rodata).push_back(region_of_segment(seg, seg.write ? "writable PT_LOAD" : "read-only PT_LOAD"));
    }
  }
  if (const Section* t = img.find_section(".text")) l.text_start = t->addr;
  return l;
}

}  // namespace crossgo
