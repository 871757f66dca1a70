// Builds small ELF images in memory for the reader's unit tests: either class, either byte order,
// laid out per the System V gABI (header, program headers, section contents, .shstrtab, section
// headers), with helpers for the tables crossgo reads (dynamic entries, notes, symbol versions,
// symbols, ARM attributes). Written independently of the reader: fields are placed by offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_reader.h"

namespace crossgo::testing {

using Bytes = std::vector<uint8_t>;

// Appends or overwrites an n-byte integer at `at` in the given byte order, growing the buffer.
inline void put_int(Bytes& out, size_t at, uint64_t v, size_t n, Endian e) {
  if (out.size() < at + n) out.resize(at + n);
  for (size_t i = 0; i < n; ++i) {
    const size_t shift = 8 * (e == Endian::big ? n - 1 - i : i);
    out[at + i] = static_cast<uint8_t>(v >> shift);
  }
}

inline void append_int(Bytes& out, uint64_t v, size_t n, Endian e) { put_int(out, out.size(), v, n, e); }

inline void append_str(Bytes& out, std::string_view s, bool nul = true) {
  out.insert(out.end(), s.begin(), s.end());
  if (nul) out.push_back(0);
}

inline void pad_to(Bytes& out, size_t align) {
  while (out.size() % align != 0) out.push_back(0);
}

// A string table: "\0" first, add() returns each string's offset.
class StrTab {
 public:
  uint32_t add(std::string_view s) {
    const auto off = static_cast<uint32_t>(data_.size());
    append_str(data_, s);
    return off;
  }
  const Bytes& bytes() const { return data_; }

 private:
  Bytes data_{0};
};

inline constexpr uint32_t kShtProgbits = 1, kShtSymtab = 2, kShtStrtab = 3, kShtDynamic = 6,
                          kShtNote = 7, kShtNobits = 8, kShtDynsym = 11,
                          kShtGnuVerdef = 0x6ffffffd, kShtGnuVerneed = 0x6ffffffe, kShtGnuVersym = 0x6fffffff,
                          kShtArmAttributes = 0x70000003;
inline constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3, kPtNote = 4,
                          kPtGnuStack = 0x6474e551, kPtGnuRelro = 0x6474e552;
inline constexpr int64_t kDtNull = 0, kDtNeeded = 1, kDtStrtab = 5, kDtStrsz = 10, kDtSoname = 14,
                         kDtRpath = 15, kDtBindNow = 24, kDtRunpath = 29, kDtFlags = 30,
                         kDtFlags1 = 0x6ffffffb, kDtVerdef = 0x6ffffffc, kDtVerdefnum = 0x6ffffffd;
inline constexpr uint64_t kBaseAddress = 0x400000;

class ElfBuilder {
 public:
  struct Section {
    std::string name;
    uint32_t type = 0;
    Bytes data;
    uint32_t link = 0, info = 0;
    uint64_t align = 1, entsize = 0, flags = 2;  // SHF_ALLOC
    uint64_t size_override = UINT64_MAX;         // for SHT_NOBITS
  };
  struct Segment {
    uint32_t type = 0, flags = 4;  // PF_R
    std::string section;           // "" with whole_file: the whole file
    bool whole_file = false;
  };

  ElfBuilder(int bits, Endian endian, uint16_t machine, uint16_t type = 3)
      : bits_(bits), endian_(endian), machine_(machine), type_(type) {}

  bool is64() const { return bits_ == 64; }
  Endian endian() const { return endian_; }
  size_t word() const { return is64() ? 8 : 4; }

  // Returns the section's index in the file (0 is the null section).
  uint32_t add_section(Section s) {
    sections_.push_back(std::move(s));
    return static_cast<uint32_t>(sections_.size());
  }
  uint32_t add_section(std::string name, uint32_t type, Bytes data, uint32_t link = 0, uint32_t info = 0,
                       uint64_t align = 1, uint64_t entsize = 0) {
    Section s;
    s.name = std::move(name);
    s.type = type;
    s.data = std::move(data);
    s.link = link;
    s.info = info;
    s.align = align;
    s.entsize = entsize;
    return add_section(std::move(s));
  }
  void add_segment(uint32_t type, std::string section, uint32_t flags = 4) {
    segments_.push_back(Segment{type, flags, std::move(section), false});
  }
  void add_load_segment(uint32_t flags = 5) { segments_.push_back(Segment{kPtLoad, flags, "", true}); }

  void set_osabi(uint8_t v) { osabi_ = v; }
  void set_flags(uint32_t v) { eflags_ = v; }
  // Write e_shnum = 0, e_shstrndx = SHN_XINDEX and e_phnum = PN_XNUM and put the real values in
  // section 0 (sh_size, sh_link, sh_info), as the gABI prescribes for large counts.
  void use_extended_numbering() { xnum_ = true; }
  // Leave the section headers out (like sstrip): e_shoff = e_shnum = e_shstrndx = 0.
  void omit_section_headers() { no_sections_ = true; }

  // File offset a section's contents were placed at by the last build().
  uint64_t offset_of(std::string_view name) const {
    for (size_t i = 0; i < sections_.size(); ++i)
      if (sections_[i].name == name) return offsets_[i];
    return UINT64_MAX;
  }
  uint64_t address_of(std::string_view name) const { return kBaseAddress + offset_of(name); }

  Bytes build() {
    const size_t ehsize = is64() ? 64 : 52, phentsize = is64() ? 56 : 32, shentsize = is64() ? 64 : 40;
    StrTab shstr;
    std::vector<uint32_t> names;
    for (const auto& s : sections_) names.push_back(shstr.add(s.name));
    const uint32_t shstr_name = shstr.add(".shstrtab");

    Bytes out(ehsize + segments_.size() * phentsize, 0);
    offsets_.clear();
    for (const auto& s : sections_) {
      pad_to(out, s.align ? s.align : 1);
      offsets_.push_back(out.size());
      out.insert(out.end(), s.data.begin(), s.data.end());
    }
    const uint64_t shstr_off = out.size();
    out.insert(out.end(), shstr.bytes().begin(), shstr.bytes().end());
    pad_to(out, 8);
    const uint64_t shoff = out.size();
    const uint64_t shnum = sections_.size() + 2;
    const uint64_t shstrndx = shnum - 1;
    out.resize(out.size() + shnum * shentsize, 0);

    // Section headers; index 0 carries the extended counts when asked.
    auto shdr = [&](uint64_t index, uint32_t name, uint32_t type, uint64_t flags, uint64_t addr, uint64_t off,
                    uint64_t size, uint32_t link, uint32_t info, uint64_t align, uint64_t entsize) {
      const size_t h = shoff + index * shentsize;
      const size_t w = word();
      put_int(out, h, name, 4, endian_);
      put_int(out, h + 4, type, 4, endian_);
      put_int(out, h + 8, flags, w, endian_);
      put_int(out, h + 8 + w, addr, w, endian_);
      put_int(out, h + 8 + 2 * w, off, w, endian_);
      put_int(out, h + 8 + 3 * w, size, w, endian_);
      put_int(out, h + 8 + 4 * w, link, 4, endian_);
      put_int(out, h + 12 + 4 * w, info, 4, endian_);
      put_int(out, h + 16 + 4 * w, align, w, endian_);
      put_int(out, h + 16 + 5 * w, entsize, w, endian_);
    };
    if (xnum_) shdr(0, 0, 0, 0, 0, 0, shnum, static_cast<uint32_t>(shstrndx), static_cast<uint32_t>(segments_.size()), 0, 0);
    for (size_t i = 0; i < sections_.size(); ++i) {
      const Section& s = sections_[i];
      const uint64_t size = s.size_override != UINT64_MAX ? s.size_override : s.data.size();
      const uint64_t addr = (s.flags & 2) ? kBaseAddress + offsets_[i] : 0;
      shdr(i + 1, names[i], s.type, s.flags, addr, offsets_[i], size, s.link, s.info, s.align, s.entsize);
    }
    shdr(shstrndx, shstr_name, kShtStrtab, 0, 0, shstr_off, shstr.bytes().size(), 0, 0, 1, 0);

    // File header.
    out[0] = 0x7f, out[1] = 'E', out[2] = 'L', out[3] = 'F';
    out[4] = is64() ? 2 : 1;
    out[5] = endian_ == Endian::little ? 1 : 2;
    out[6] = 1;
    out[7] = osabi_;
    put_int(out, 16, type_, 2, endian_);
    put_int(out, 18, machine_, 2, endian_);
    put_int(out, 20, 1, 4, endian_);
    const size_t w = word();
    put_int(out, 24, kBaseAddress + 0x100, w, endian_);
    put_int(out, 24 + w, segments_.empty() ? 0 : ehsize, w, endian_);
    put_int(out, 24 + 2 * w, no_sections_ ? 0 : shoff, w, endian_);
    const size_t rest = 24 + 3 * w;
    put_int(out, rest, eflags_, 4, endian_);
    put_int(out, rest + 4, ehsize, 2, endian_);
    put_int(out, rest + 6, phentsize, 2, endian_);
    put_int(out, rest + 8, xnum_ ? 0xffff : segments_.size(), 2, endian_);
    put_int(out, rest + 10, shentsize, 2, endian_);
    put_int(out, rest + 12, no_sections_ ? 0 : (xnum_ ? 0 : shnum), 2, endian_);
    put_int(out, rest + 14, no_sections_ ? 0 : (xnum_ ? 0xffff : shstrndx), 2, endian_);

    // Program headers.
    for (size_t i = 0; i < segments_.size(); ++i) {
      const Segment& seg = segments_[i];
      uint64_t off = 0, size = out.size();
      if (!seg.whole_file && seg.section.empty()) {
        size = 0;  // PT_GNU_STACK and the like describe no bytes
      } else if (!seg.whole_file) {
        off = offset_of(seg.section);
        for (const auto& s : sections_)
          if (s.name == seg.section) size = s.data.size();
      }
      const size_t h = ehsize + i * phentsize;
      const uint64_t vaddr = kBaseAddress + off;
      if (is64()) {
        put_int(out, h, seg.type, 4, endian_);
        put_int(out, h + 4, seg.flags, 4, endian_);
        put_int(out, h + 8, off, 8, endian_);
        put_int(out, h + 16, vaddr, 8, endian_);
        put_int(out, h + 24, vaddr, 8, endian_);
        put_int(out, h + 32, size, 8, endian_);
        put_int(out, h + 40, size, 8, endian_);
        put_int(out, h + 48, seg.type == kPtLoad ? 0x1000 : 8, 8, endian_);
      } else {
        put_int(out, h, seg.type, 4, endian_);
        put_int(out, h + 4, off, 4, endian_);
        put_int(out, h + 8, vaddr, 4, endian_);
        put_int(out, h + 12, vaddr, 4, endian_);
        put_int(out, h + 16, size, 4, endian_);
        put_int(out, h + 20, size, 4, endian_);
        put_int(out, h + 24, seg.flags, 4, endian_);
        put_int(out, h + 28, seg.type == kPtLoad ? 0x1000 : 4, 4, endian_);
      }
    }
    return out;
  }

  // --- table contents ---------------------------------------------------------------------

  Bytes dynamic(const std::vector<std::pair<int64_t, uint64_t>>& entries) const {
    Bytes out;
    for (const auto& [tag, val] : entries) {
      append_int(out, static_cast<uint64_t>(tag), word(), endian_);
      append_int(out, val, word(), endian_);
    }
    return out;
  }

  // One note; name is written with its NUL (an empty name gets namesz 0).
  Bytes note(std::string_view name, uint32_t type, const Bytes& desc, size_t align = 4) const {
    Bytes out;
    append_int(out, name.empty() ? 0 : name.size() + 1, 4, endian_);
    append_int(out, desc.size(), 4, endian_);
    append_int(out, type, 4, endian_);
    if (!name.empty()) append_str(out, name);
    pad_to(out, align);
    out.insert(out.end(), desc.begin(), desc.end());
    pad_to(out, align);
    return out;
  }

  Bytes words32(const std::vector<uint32_t>& words) const {
    Bytes out;
    for (uint32_t v : words) append_int(out, v, 4, endian_);
    return out;
  }

  struct Vernaux {
    uint32_t name;  // offset in the string table
    uint16_t other;  // version index the symbols use
  };
  struct Verneed {
    uint32_t file;
    std::vector<Vernaux> aux;
  };
  // .gnu.version_r laid out as GNU ld does: each Elf_Verneed followed by its Elf_Vernaux records.
  Bytes version_needs(const std::vector<Verneed>& needs) const {
    Bytes out;
    for (size_t i = 0; i < needs.size(); ++i) {
      const size_t size = 16 * (1 + needs[i].aux.size());
      append_int(out, 1, 2, endian_);
      append_int(out, needs[i].aux.size(), 2, endian_);
      append_int(out, needs[i].file, 4, endian_);
      append_int(out, needs[i].aux.empty() ? 0 : 16, 4, endian_);
      append_int(out, i + 1 < needs.size() ? size : 0, 4, endian_);
      for (size_t j = 0; j < needs[i].aux.size(); ++j) {
        append_int(out, 0x0d696910, 4, endian_);  // vna_hash: not checked by readers of this kind
        append_int(out, 0, 2, endian_);
        append_int(out, needs[i].aux[j].other, 2, endian_);
        append_int(out, needs[i].aux[j].name, 4, endian_);
        append_int(out, j + 1 < needs[i].aux.size() ? 16 : 0, 4, endian_);
      }
    }
    return out;
  }

  struct Verdef {
    uint16_t flags;               // VER_FLG_BASE = 1, VER_FLG_WEAK = 2
    std::vector<uint32_t> names;  // string offsets: the version, then its parents
  };
  // .gnu.version_d laid out as GNU ld does: each Elf_Verdef (20 bytes) followed by its
  // Elf_Verdaux records (8 bytes), indices from 1.
  Bytes version_definitions(const std::vector<Verdef>& defs) const {
    Bytes out;
    for (size_t i = 0; i < defs.size(); ++i) {
      const size_t size = 20 + 8 * defs[i].names.size();
      append_int(out, 1, 2, endian_);  // vd_version
      append_int(out, defs[i].flags, 2, endian_);
      append_int(out, i + 1, 2, endian_);  // vd_ndx
      append_int(out, defs[i].names.size(), 2, endian_);
      append_int(out, 0x0d696910, 4, endian_);  // vd_hash: not checked by readers of this kind
      append_int(out, defs[i].names.empty() ? 0 : 20, 4, endian_);
      append_int(out, i + 1 < defs.size() ? size : 0, 4, endian_);
      for (size_t j = 0; j < defs[i].names.size(); ++j) {
        append_int(out, defs[i].names[j], 4, endian_);
        append_int(out, j + 1 < defs[i].names.size() ? 8 : 0, 4, endian_);
      }
    }
    return out;
  }

  // One Elf_Sym (index 0 must be the caller's all-zero symbol).
  Bytes symbol(uint32_t name, uint16_t shndx, uint64_t value = 0, uint8_t info = 0x12) const {
    Bytes out;
    append_int(out, name, 4, endian_);
    if (is64()) {
      out.push_back(info);
      out.push_back(0);
      append_int(out, shndx, 2, endian_);
      append_int(out, value, 8, endian_);
      append_int(out, 0, 8, endian_);
    } else {
      append_int(out, value, 4, endian_);
      append_int(out, 0, 4, endian_);
      out.push_back(info);
      out.push_back(0);
      append_int(out, shndx, 2, endian_);
    }
    return out;
  }

 private:
  int bits_;
  Endian endian_;
  uint16_t machine_, type_;
  uint8_t osabi_ = 0;
  uint32_t eflags_ = 0;
  bool xnum_ = false, no_sections_ = false;
  std::vector<Section> sections_;
  std::vector<Segment> segments_;
  std::vector<uint64_t> offsets_;
};

inline void append_uleb(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<uint8_t>(b | (v ? 0x80 : 0)));
  } while (v);
}

inline void append(Bytes& out, const Bytes& more) { out.insert(out.end(), more.begin(), more.end()); }

}  // namespace crossgo::testing
