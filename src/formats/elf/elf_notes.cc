// ELF notes (gABI "Note Section") and the ARM build attributes (ARM IHI 0045, "Addenda to the ARM
// ELF": .ARM.attributes). Both are optional: damage becomes a warning.
#include <algorithm>

#include "crossgo/limits.h"
#include "formats/elf/elf_internal.h"

namespace crossgo::elf_detail {

namespace {

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// Elf_Nhdr {namesz, descsz, type} (4-byte words in both classes), then the name and the
// descriptor, each padded to the alignment. Errors point at the size field that is wrong.
void read_note_block(Context& ctx, const ByteReader& r, uint64_t alignment, const std::string& section) {
  uint64_t off = 0;
  while (off < r.size()) {
    if (r.size() - off < 12) {
      throw ParseError(r.base() + off, "note header truncated: 12 bytes needed, only " +
                                           std::to_string(r.size() - off) + " left");
    }
    if (ctx.elf.notes.size() >= limits::kMaxNotes)
      throw ParseError(r.base() + off, "more than " + std::to_string(limits::kMaxNotes) + " notes");
    const uint32_t namesz = r.u32(off), descsz = r.u32(off + 4), type = r.u32(off + 8);
    const uint64_t name_off = off + 12;
    if (!r.contains(name_off, namesz)) {
      throw ParseError(r.base() + off, "note namesz " + std::to_string(namesz) + " runs past the end of the notes (" +
                                           std::to_string(r.size() - name_off) + " bytes left)");
    }
    const uint64_t desc_off = align_up(name_off + namesz, alignment);
    if (!r.contains(desc_off, descsz)) {
      throw ParseError(r.base() + off + 4, "note descsz " + std::to_string(descsz) +
                                               " runs past the end of the notes (" +
                                               std::to_string(desc_off <= r.size() ? r.size() - desc_off : 0) +
                                               " bytes left)");
    }
    std::string_view name = r.str(name_off, namesz);
    while (!name.empty() && name.back() == '\0') name.remove_suffix(1);
    ElfNote note;
    note.owner = name;
    note.type = type;
    note.desc = r.bytes(desc_off, descsz);
    note.offset = r.base() + off;
    note.section = section;
    ctx.elf.notes.push_back(std::move(note));
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
    ctx.optional_table("note section " + ctx.section_label(i), [&] {
      const uint64_t align = ctx.raw[i].addralign == 8 ? 8 : 4;
      read_note_block(ctx, ctx.section_reader(i), align, img.sections[i].name);
    });
  }
  if (any_section) return;
  const auto& phs = ctx.elf.program_headers;
  for (size_t i = 0; i < phs.size(); ++i) {
    if (phs[i].type != elf::PT_NOTE) continue;
    // GNU property notes are 8-aligned (p_align 8); every other note uses 4 (gABI "Note Section").
    const uint64_t align = phs[i].align == 8 ? 8 : 4;
    ctx.optional_table("PT_NOTE segment", [&] { read_note_block(ctx, ctx.segment_reader(i, "PT_NOTE"), align, ""); });
  }
}

// Subsections and attribute blocks are length-prefixed and the length counts its own 5-byte
// header (u32 length + tag or vendor NUL): it must cover that header and fit what is left of r.
// The error points at the length field.
static void require_record(const ByteReader& r, uint64_t at, uint64_t field, uint64_t len, const char* what,
                           const char* where) {
  if (len >= 5 && r.contains(at, len)) return;
  throw ParseError(r.base() + field,
                   std::string(what) + " " + std::to_string(len) +
                       (len < 5 ? std::string(" is shorter than its own header")
                                : " does not fit the " + std::to_string(r.size() - at) + " bytes left" + where));
}


// "A" then subsections {u32 length (including itself), NTBS vendor, data}; in the "aeabi"
// subsection, blocks {uleb tag, u32 size (from the tag), attributes}; Tag_File (1) blocks hold
// the file's attributes as (uleb tag, uleb or NTBS value) pairs.
void read_arm_attributes(Context& ctx) {
  Image& img = ctx.image;
  for (size_t i = 0; i < img.sections.size(); ++i) {
    const Section& s = img.sections[i];
    if (s.type != elf::SHT_ARM_ATTRIBUTES && s.name != ".ARM.attributes") continue;
    if (!s.has_file_data) continue;
    ctx.optional_table(".ARM.attributes", [&] {
      const ByteReader r = ctx.section_reader(i);
      if (r.size() > limits::kMaxAttributeBytes) throw ParseError(r.base(), "attribute section too large");
      if (r.size() == 0) throw ParseError(r.base(), "empty attribute section");
      if (r.u8(0) != 'A') throw ParseError(r.base(), "unknown attribute format version " + hex(r.u8(0)));
      uint64_t off = 1;
      while (off < r.size()) {
        const uint64_t len = r.contains(off, 4) ? r.u32(off) : 0;
        require_record(r, off, off, len, "attribute subsection length", "");
        const ByteReader sub = r.sub(off, len);
        const std::string_view vendor = sub.cstr(4, 64);
        if (vendor == "aeabi") {
          uint64_t p = 4 + vendor.size() + 1;
          while (p < sub.size()) {
            const uint64_t start = p;
            const uint64_t tag = read_uleb128(sub, p);
            const uint64_t size = sub.contains(p, 4) ? sub.u32(p) : 0;
            require_record(sub, start, p, size, "attribute block size", " in the subsection");
            // Attributes are read from the block alone, so a bad one cannot run into the next.
            const ByteReader block = sub.sub(start, size);
            uint64_t q = p + 4 - start;
            if (tag == 1) {  // Tag_File: attributes of the whole file
              while (q < block.size()) {
                const uint64_t attr = read_uleb128(block, q);
                const bool is_string = attr == 4 || attr == 5 || attr == 65 || attr == 67 ||
                                       (attr > 32 && (attr & 1) == 1);
                if (attr == 32) {  // Tag_compatibility: uleb flag, then a string
                  read_uleb128(block, q);
                  q += block.cstr(q, limits::kMaxStringBytes).size() + 1;
                } else if (is_string) {
                  q += block.cstr(q, limits::kMaxStringBytes).size() + 1;
                } else {
                  const uint64_t v = read_uleb128(block, q);
                  // Values beyond 32 bits are no known encoding; keep them visibly out of range.
                  const auto v32 = static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX));
                  if (attr == 6) ctx.elf.arm_cpu_arch = v32;
                  if (attr == 10) ctx.elf.arm_fp_arch = v32;
                  if (attr == 28) ctx.elf.arm_vfp_args = v32;
                }
              }
            }
            p = start + size;
          }
        }
        off += len;
      }
    });
    return;
  }
}

// Small sections read whole, each capped: .MIPS.abiflags (MIPS ABI extension: fp_abi is byte 7)
// and .comment (the compilers' identification strings, NUL-separated), which say which C
// toolchain made the objects linked in.
void read_small_sections(Context& ctx) {
  constexpr uint64_t kMaxCommentBytes = 4096;
  constexpr size_t kMaxComments = 16;
  for (size_t i = 0; i < ctx.image.sections.size(); ++i) {
    const Section& s = ctx.image.sections[i];
    if (!s.has_file_data) continue;
    if (s.name == ".MIPS.abiflags" && s.size >= 8 && s.size <= 64) {
      ctx.optional_table(".MIPS.abiflags", [&] { ctx.elf.mips_fp_abi = ctx.section_reader(i).u8(7); });
    } else if (s.name == ".comment" && s.size > 0) {
      ctx.optional_table(".comment", [&] {
        const auto bytes = ctx.src.read(s.offset, std::min(s.size, kMaxCommentBytes), ".comment");
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        for (size_t at = 0; at < text.size() && ctx.elf.comments.size() < kMaxComments;) {
          size_t end = text.find('\0', at);
          if (end == std::string_view::npos) end = text.size();
          if (end > at) {
            const std::string one(text.substr(at, end - at));
            if (std::find(ctx.elf.comments.begin(), ctx.elf.comments.end(), one) == ctx.elf.comments.end())
              ctx.elf.comments.push_back(one);
          }
          at = end + 1;
        }
      });
    }
  }
}

}  // namespace crossgo::elf_detail
