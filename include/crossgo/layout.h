// On-disk structures read by name, in the spirit of mold's lib/integers.h and the struct
// templates of its src/elf.h: a structure is declared once with its fields in file order, each an
// unaligned byte array of the field's width; ByteSource::get<S>() checks that sizeof(S) bytes are
// in the file (one check per structure) and the view decodes each field in the file's byte
// order. No `p + 24` offsets in readers, no alignment or host-endianness assumptions.
//
//   struct Elf64Phdr { F32 p_type; F32 p_flags; F64 p_offset; ... };
//   auto ph = source.get<Elf64Phdr>(off, endian, "program header");
//   uint64_t offset = ph[ph->p_offset];             // decoded value
//   throw ParseError(ph.at(ph->p_offset), "...");   // file offset of the field, for errors
#pragma once

#include <cstddef>
#include <cstdint>

#include "crossgo/byte_reader.h"

namespace crossgo {

template <size_t N>
struct Field {
  uint8_t bytes[N];
};
using F8 = Field<1>;
using F16 = Field<2>;
using F32 = Field<4>;
using F64 = Field<8>;

template <class S>
class StructView {
 public:
  StructView(const S* s, Endian endian, uint64_t offset) : s_(s), endian_(endian), offset_(offset) {}

  const S* operator->() const { return s_; }
  const S& raw() const { return *s_; }
  Endian endian() const { return endian_; }
  // File offset of the structure.
  uint64_t offset() const { return offset_; }

  template <size_t N>
  uint64_t operator[](const Field<N>& f) const {
    static_assert(N == 1 || N == 2 || N == 4 || N == 8);
    uint64_t v = 0;
    if (endian_ == Endian::little) {
      for (size_t i = N; i-- > 0;) v = (v << 8) | f.bytes[i];
    } else {
      for (size_t i = 0; i < N; ++i) v = (v << 8) | f.bytes[i];
    }
    return v;
  }

  // File offset of one of this structure's fields.
  template <size_t N>
  uint64_t at(const Field<N>& f) const {
    return offset_ + static_cast<uint64_t>(f.bytes - reinterpret_cast<const uint8_t*>(s_));
  }

 private:
  const S* s_;
  Endian endian_;
  uint64_t offset_;
};

}  // namespace crossgo
