// Plan 9 a.out reader: the 32-byte header (plus the 64-bit entry of HDR_MAGIC files) and the
// five parts that follow it back to back, text, data, syms, spsz, pcsz, named as Go's
// src/debug/plan9obj/file.go (NewFile) names them. Layout per the Plan 9 manual a.out(6).
// The header is the whole structure: a size that does not fit the file fails the read; the
// symbol table is walked lazily (plan9_symbols.cc).
#include <cstdio>
#include <string>

#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "formats/plan9/plan9_internal.h"
#include "formats/plan9/plan9_structs.h"
#include "crossgo/hex.h"

namespace crossgo {
namespace plan9 {

namespace {

struct Target {
  uint32_t magic;
  CpuArch arch;
  int bits;
  const char* machine;
  // Where the kernel maps the file (UTZERO: debug/plan9obj FileHeader.LoadAddress) and the
  // rounding between text and data (cmd/link/internal/{x86,amd64,arm}/obj.go archinit for
  // objabi.Hplan9: *FlagRound 4096, or 0x200000 on amd64; the data segment starts at the next
  // multiple, ld/data.go address()).
  uint64_t load_address;
  uint64_t round;
};

constexpr Target kTargets[] = {
    {kIMagic, CpuArch::x86, 32, "I_MAGIC (386)", 0x1000, 0x1000},
    {kSMagic, CpuArch::x86_64, 64, "S_MAGIC (amd64)", 0x200000, 0x200000},
    {kEMagic, CpuArch::arm, 32, "E_MAGIC (arm)", 0x1000, 0x1000},
};

const Target* target_for(uint32_t magic) {
  for (const auto& t : kTargets)
    if (t.magic == magic) return &t;
  return nullptr;
}

uint32_t be32(std::span<const uint8_t> b, size_t off) {
  return static_cast<uint32_t>(b[off]) << 24 | static_cast<uint32_t>(b[off + 1]) << 16 |
         static_cast<uint32_t>(b[off + 2]) << 8 | b[off + 3];
}

// The magic has no fixed bytes (0x000001eb is a plausible first word of many files), so a match
// also needs a header that describes an executable: text present and the entry inside it, and
// for HDR_MAGIC files a 64-bit entry that agrees with the 32-bit one. Sizes against the file are
// checked by read(), which sees the file size.
bool plan9_matches(std::span<const uint8_t> head) {
  if (head.size() < sizeof(Exec)) return false;
  const Target* t = target_for(be32(head, 0));
  if (t == nullptr) return false;
  const bool expanded = (t->magic & kHdrMagic) != 0;
  const uint64_t hdr = sizeof(Exec) + (expanded ? sizeof(ExecExpansion) : 0);
  if (head.size() < hdr) return false;
  const uint64_t text = be32(head, 4);
  uint64_t entry = be32(head, 20);
  if (expanded) {
    const uint64_t entry64 = static_cast<uint64_t>(be32(head, 32)) << 32 | be32(head, 36);
    // writePlan9Header stores uint32(entry &^ 0x80000000) in the short field.
    if (entry != (entry64 & 0x7fffffff) && entry != (entry64 & 0xffffffff)) return false;
    entry = entry64;
  }
  const uint64_t text_addr = t->load_address + hdr;
  return text != 0 && entry >= text_addr && entry - text_addr < text;
}

Result<Image> plan9_read(ByteSource& source) {
  try {
    const auto h = source.get<Exec>(0, Endian::big, "Plan 9 a.out header");
    const uint32_t magic = static_cast<uint32_t>(h[h->magic]);
    const Target* t = target_for(magic);
    if (t == nullptr)
      throw ParseError(h.at(h->magic), "Plan 9 magic " + hex(magic) +
                                           " is not I_MAGIC (0x1eb), S_MAGIC (0x8a97) or E_MAGIC (0x647)");
    Image image;
    image.format = Format::plan9;
    image.source = &source;
    // The header and symbol table are big-endian on every machine (a.out(6)), but the image's
    // own bytes (Go's build info, pclntab, string headers) are in the CPU's order: little-endian
    // on all three of Go's Plan 9 targets.
    image.endian = Endian::little;
    image.bits = t->bits;
    image.arch = t->arch;
    image.machine = t->machine;
    image.kind = ObjectKind::executable;  // a.out(6) describes executables only
    image.plan9 = Plan9Details{};
    Plan9Details& d = *image.plan9;
    d.magic = magic;
    d.text_size = static_cast<uint32_t>(h[h->text]);
    d.data_size = static_cast<uint32_t>(h[h->data]);
    d.bss_size = static_cast<uint32_t>(h[h->bss]);
    d.syms_size = static_cast<uint32_t>(h[h->syms]);
    d.sp_size = static_cast<uint32_t>(h[h->spsz]);
    d.pc_size = static_cast<uint32_t>(h[h->pcsz]);
    d.entry_field = static_cast<uint32_t>(h[h->entry]);
    d.has_header_expansion = (magic & kHdrMagic) != 0;
    uint64_t hdr = sizeof(Exec);
    image.entry = d.entry_field;
    if (d.has_header_expansion) {
      const auto x = source.get<ExecExpansion>(sizeof(Exec), Endian::big, "Plan 9 64-bit entry");
      image.entry = x[x->entry];
      hdr += sizeof(ExecExpansion);
    }

    // The parts follow the header back to back; each must end inside the file. 32-bit sizes
    // summed in 64 bits cannot overflow.
    struct Part {
      const char* name;
      uint64_t size, field_at;
    };
    const Part parts[] = {{"text", d.text_size, h.at(h->text)}, {"data", d.data_size, h.at(h->data)},
                          {"syms", d.syms_size, h.at(h->syms)}, {"spsz", d.sp_size, h.at(h->spsz)},
                          {"pcsz", d.pc_size, h.at(h->pcsz)}};
    uint64_t off = hdr;
    for (const Part& p : parts) {
      if (p.size > source.size() || off > source.size() - p.size)
        throw ParseError(p.field_at, std::string("Plan 9 ") + p.name + " size " + std::to_string(p.size) +
                                         " at file offset " + hex(off) +
                                         " extends past the end of the file (size " +
                                         std::to_string(source.size()) + ")");
      Section s;
      s.name = p.name;
      s.offset = off;
      s.size = p.size;
      s.has_file_data = p.size != 0;
      image.sections.push_back(s);
      off += p.size;
    }
    d.text_addr = t->load_address + hdr;
    const uint64_t text_end = d.text_addr + d.text_size;
    d.data_addr = (text_end + t->round - 1) / t->round * t->round;
    Section& text = image.sections[0];
    text.addr = d.text_addr;
    text.alloc = text.exec = true;
    Section& data = image.sections[1];
    data.addr = d.data_addr;
    data.alloc = data.write = true;
    image.segments.push_back(Segment{"", d.text_addr, d.text_size, text.offset, d.text_size, true, false, true});
    image.segments.push_back(Segment{"", d.data_addr, uint64_t{d.data_size} + d.bss_size, data.offset,
                                     d.data_size, true, true, false});
    if (d.syms_size > 0) {
      image.has_symtab = true;
      install_symbol_walk(source, image.sections[2], d.has_header_expansion ? 8 : 4, image);
    }
    return image;
  } catch (const ParseError& e) {
    return e.error();
  }
}

}  // namespace
}  // namespace plan9

const FormatReader kPlan9Reader = {Format::plan9, &plan9::plan9_matches, &plan9::plan9_read};

}  // namespace crossgo
