// ELF notes (gABI "Note Section") and the ARM build attributes (ARM IHI 0045, "Addenda to the ARM
// ELF": .ARM.attributes). Both are optional: damage becomes a warning.
#include "crossgo/limits.h"
#include "formats/elf_internal.h"

namespace crossgo::elf_detail {

namespace {

constexpr uint32_t kShtArmAttributes = 0x70000003;

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

void read_note_block(Context& ctx, const ByteReader& r, uint64_t alignment, const std::string& section) {
  uint64_t off = 0;
  while (off + 12 <= r.size()) {
    if (ctx.image.notes.size() >= limits::kMaxNotes)
      throw ParseError(r.base() + off, "more than " + std::to_string(limits::kMaxNotes) + " notes");
    const uint32_t namesz = r.u32(off), descsz = r.u32(off + 4), type = r.u32(off + 8);
    const uint64_t name_off = off + 12;
    r.require(name_off, namesz, "note name");
    const uint64_t desc_off = align_up(name_off + namesz, alignment);
    r.require(desc_off, descsz, "note descriptor");
    std::string_view name = r.str(name_off, namesz);
    while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
    Note note;
    note.owner = std::string(name);
    note.type = type;
    note.desc = r.bytes(desc_off, descsz);
    note.offset = r.base() + off;
    note.section = section;
    ctx.image.notes.push_back(std::move(note));
    off = align_up(desc_off + descsz, alignment);
  }
}

}  // namespace

void read_notes(Context& ctx) {
  Image& img = ctx.image;
  bool any_section = false;
  for (size_t i = 0; i < img.sections.size(); ++i) {
    if (img.sections[i].type != elf::SHT_NOTE || !img.sections[i].has_file_data) continue;
    any_section = true;
    ctx.optional_table(("note section " + img.sections[i].name).c_str(), [&] {
      const uint64_t align = ctx.raw[i].addralign == 8 ? 8 : 4;
      read_note_block(ctx, ctx.section_reader(i), align, img.sections[i].name);
    });
  }
  if (any_section) return;
  for (const auto& seg : img.segments) {
    if (seg.type != elf::PT_NOTE) continue;
    ctx.optional_table("PT_NOTE segment", [&] {
      read_note_block(ctx, ctx.file.sub(seg.offset, seg.filesz), 4, "");
    });
  }
}

void read_arm_attributes(Context& ctx) {
  Image& img = ctx.image;
  for (size_t i = 0; i < img.sections.size(); ++i) {
    const Section& s = img.sections[i];
    if (s.type != kShtArmAttributes && s.name != ".ARM.attributes") continue;
    if (!s.has_file_data) continue;
    ctx.optional_table(".ARM.attributes", [&] {
      ByteReader r = ctx.section_reader(i);
      if (r.size() > limits::kMaxAttributeBytes) throw ParseError(r.base(), "attribute section too large");
      if (r.u8(0) != 'A') throw ParseError(r.base(), "unknown attribute format version");
      uint64_t off = 1;
      while (off < r.size()) {
        const uint32_t len = r.u32(off);
        if (len < 5) throw ParseError(r.base() + off, "attribute subsection too short");
        ByteReader sub = r.sub(off, len);
        const std::string_view vendor = sub.cstr(4, 64);
        if (vendor == "aeabi") {
          uint64_t p = 4 + vendor.size() + 1;
          while (p < sub.size()) {
            const uint64_t start = p;
            const uint64_t tag = read_uleb128(sub, p);
            const uint32_t size = sub.u32(p);
            if (size < 5) throw ParseError(sub.base() + start, "attribute block too short");
            sub.require(start, size, "attribute block");
            uint64_t q = p + 4;
            const uint64_t end = start + size;
            if (tag == 1) {  // Tag_File: attributes of the whole file
              while (q < end) {
                const uint64_t attr = read_uleb128(sub, q);
                const bool is_string = attr == 4 || attr == 5 || attr == 65 || attr == 67 ||
                                       (attr > 32 && (attr & 1) == 1);
                if (attr == 32) {  // Tag_compatibility: uleb flag, then a string
                  read_uleb128(sub, q);
                  q += sub.cstr(q, limits::kMaxStringBytes).size() + 1;
                } else if (is_string) {
                  q += sub.cstr(q, limits::kMaxStringBytes).size() + 1;
                } else {
                  const uint64_t v = read_uleb128(sub, q);
                  const auto v32 = static_cast<uint32_t>(v);
                  if (attr == 6) img.arm_cpu_arch = v32;
                  if (attr == 10) img.arm_fp_arch = v32;
                  if (attr == 28) img.arm_vfp_args = v32;
                }
              }
            }
            p = end;
          }
        }
        off += len;
      }
    });
    return;
  }
}

}  // namespace crossgo::elf_detail
