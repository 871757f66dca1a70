// Hand-built Go build info blobs and images for the src/go unit tests: both blob layouts, both
// byte orders, 4- and 8-byte pointers, laid out the way cmd/link writes them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"

namespace crossgo::testing {

inline const std::string kMagic("\xff Go buildinf:", 14);
// cmd/go/internal/modload infoStart / infoEnd.
inline const std::string kInfoStart(
    "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6", 16);
inline const std::string kInfoEnd(
    "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2", 16);

inline std::string framed(std::string_view modinfo) {
  return kInfoStart + std::string(modinfo) + kInfoEnd;
}

inline void put_uvarint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

inline void put_word(std::vector<uint8_t>& out, size_t at, uint64_t v, int size, bool big) {
  if (out.size() < at + static_cast<size_t>(size)) out.resize(at + static_cast<size_t>(size));
  for (int i = 0; i < size; ++i) {
    const int shift = 8 * (big ? size - 1 - i : i);
    out[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> shift);
  }
}

inline void append(std::vector<uint8_t>& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }

// The Go >= 1.18 blob: header with zeroed pointer slots, then two uvarint-prefixed strings, padded
// to 16 bytes.
inline std::vector<uint8_t> inline_blob(std::string_view version, std::string_view mod,
                                        int ptr_size = 8, bool big = false) {
  std::vector<uint8_t> b;
  append(b, kMagic);
  b.push_back(static_cast<uint8_t>(ptr_size));
  b.push_back(static_cast<uint8_t>(0x2 | (big ? 1 : 0)));
  b.resize(32, 0);
  put_uvarint(b, version.size());
  append(b, version);
  put_uvarint(b, mod.size());
  append(b, mod);
  while (b.size() % 16 != 0) b.push_back(0);
  return b;
}

// A pre-1.18 image: one writable PT_LOAD mapping file offset 0 at kBase, the blob at file offset 0
// holding pointers to two Go string headers {data, len}, followed by the string bytes. The image
// reads its bytes through a MemorySource it owns (call finish_image after the bytes are final).
inline constexpr uint64_t kBase = 0x10000;

struct PointerImage {
  std::vector<uint8_t> bytes;
  std::unique_ptr<MemorySource> source;
  Image image;
};

inline void finish_image(PointerImage& p) {
  p.source = std::make_unique<MemorySource>(p.bytes);
  p.image.format = Format::elf;
  p.image.source = p.source.get();
  p.image.elf = ElfDetails{};
  Segment load;
  load.read = true;
  load.write = true;
  load.offset = 0;
  load.vaddr = kBase;
  load.filesz = p.bytes.size();
  load.memsz = p.bytes.size();
  p.image.segments = {load};
}

// A Go 1.16+ pclntab (magic 0xfffffffa: 1.16 layout; otherwise the 1.18+ layout with textStart):
// header, then the function-name table, cu table, file table, pc tables.
inline std::vector<uint8_t> pclntab(uint32_t magic, bool big, const std::string& funcnames, const std::string& files,
                                    int ptr = 8) {
  std::vector<uint8_t> t;
  put_word(t, 0, magic, 4, big);
  t.push_back(0);
  t.push_back(0);
  t.push_back(1);
  t.push_back(static_cast<uint8_t>(ptr));
  const size_t w = static_cast<size_t>(ptr);
  const size_t first = magic == 0xfffffffa ? 2 : 3;
  const size_t header = 8 + (first + 5) * w;
  const size_t funcname = header, cu = funcname + funcnames.size(), filetab = cu + 8,
               pctab = filetab + files.size(), pcln = pctab + 8;
  put_word(t, 8, 3, ptr, big);      // nfunc
  put_word(t, 8 + w, 2, ptr, big);  // nfiles
  put_word(t, 8 + first * w, funcname, ptr, big);
  put_word(t, 8 + (first + 1) * w, cu, ptr, big);
  put_word(t, 8 + (first + 2) * w, filetab, ptr, big);
  put_word(t, 8 + (first + 3) * w, pctab, ptr, big);
  put_word(t, 8 + (first + 4) * w, pcln, ptr, big);
  t.resize(header);
  append(t, funcnames);
  t.resize(cu + 8, 0);
  append(t, files);
  t.resize(pcln + 16, 0);
  return t;
}

inline void pointer_blob(PointerImage& p, std::string_view version, std::string_view mod,
                         int ptr_size, bool big) {
  auto& b = p.bytes;
  b.clear();
  append(b, kMagic);
  b.push_back(static_cast<uint8_t>(ptr_size));
  b.push_back(big ? 1 : 0);
  b.resize(32, 0);
  const size_t n = static_cast<size_t>(ptr_size);
  const size_t vers_hdr = 0x40, mod_hdr = 0x60, vers_data = 0x80;
  const size_t mod_data = vers_data + ((version.size() + 15) & ~size_t{15});
  put_word(b, 16, kBase + vers_hdr, ptr_size, big);
  put_word(b, 16 + n, kBase + mod_hdr, ptr_size, big);
  put_word(b, vers_hdr, kBase + vers_data, ptr_size, big);
  put_word(b, vers_hdr + n, version.size(), ptr_size, big);
  put_word(b, mod_hdr, kBase + mod_data, ptr_size, big);
  put_word(b, mod_hdr + n, mod.size(), ptr_size, big);
  b.resize(mod_data, 0);
  for (size_t i = 0; i < version.size(); ++i) b[vers_data + i] = static_cast<uint8_t>(version[i]);
  append(b, mod);
  while (b.size() % 16 != 0) b.push_back(0);
  finish_image(p);
}

}  // namespace crossgo::testing
