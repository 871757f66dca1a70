// Bounds- and endian-checked reads over a byte span, in the spirit of mold's lib/integers.h:
// values are copied out with memcpy and byte-swapped when needed, so reads are independent of
// host endianness and alignment.
// A read outside the span throws ParseError carrying the *file* offset (base + relative offset),
// so every error message can name where in the file it happened.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "crossgo/error.h"

namespace crossgo {

enum class Endian { little, big };

class ByteReader {
 public:
  ByteReader() = default;
  ByteReader(std::span<const uint8_t> data, Endian endian, uint64_t base = 0)
      : data_(data), endian_(endian), base_(base) {}

  uint64_t size() const { return data_.size(); }
  Endian endian() const { return endian_; }
  uint64_t base() const { return base_; }
  std::span<const uint8_t> data() const { return data_; }

  bool contains(uint64_t off, uint64_t len) const {
    return off <= data_.size() && len <= data_.size() - off;
  }

  void require(uint64_t off, uint64_t len, const char* what) const {
    if (!contains(off, len)) {
      throw ParseError(base_ + off, std::string(what) + ": " + std::to_string(len) +
                                        " bytes needed, only " +
                                        std::to_string(off <= data_.size() ? data_.size() - off : 0) +
                                        " available");
    }
  }

  uint8_t u8(uint64_t off) const {
    require(off, 1, "read past end");
    return data_[off];
  }
  uint16_t u16(uint64_t off) const { return static_cast<uint16_t>(uint_n(off, 2)); }
  uint32_t u32(uint64_t off) const { return static_cast<uint32_t>(uint_n(off, 4)); }
  uint64_t u64(uint64_t off) const { return uint_n(off, 8); }
  // A target-sized word: 4 bytes in 32-bit files, 8 in 64-bit ones.
  uint64_t word(uint64_t off, bool is64) const { return uint_n(off, is64 ? 8 : 4); }

  std::span<const uint8_t> bytes(uint64_t off, uint64_t len) const {
    require(off, len, "range past end");
    return data_.subspan(off, len);
  }

  ByteReader sub(uint64_t off, uint64_t len) const {
    require(off, len, "range past end");
    return ByteReader(data_.subspan(off, len), endian_, base_ + off);
  }

  // A NUL-terminated string starting at off; the terminator must lie within the span and within
  // max bytes, otherwise it is an error (hostile string tables have no terminator).
  std::string_view cstr(uint64_t off, size_t max) const {
    if (off >= data_.size()) throw ParseError(base_ + off, "string offset past end of table");
    const uint64_t avail = data_.size() - off;
    const uint64_t limit = avail < max ? avail : max;
    const void* nul = std::memchr(data_.data() + off, 0, limit);
    if (nul == nullptr) throw ParseError(base_ + off, "unterminated string");
    return std::string_view(reinterpret_cast<const char*>(data_.data() + off),
                            static_cast<const uint8_t*>(nul) - (data_.data() + off));
  }

  std::string_view str(uint64_t off, uint64_t len) const {
    auto b = bytes(off, len);
    return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
  }

 private:
  // memcpy into a host integer (alignment-safe; compiles to one load) and swap when the file's
  // byte order is not the host's.
  template <class T>
  T load(uint64_t off) const {
    require(off, sizeof(T), "read past end");
    T v;
    std::memcpy(&v, data_.data() + off, sizeof(T));
    const bool host_little = std::endian::native == std::endian::little;
    if (host_little != (endian_ == Endian::little)) {
      if constexpr (sizeof(T) == 2) v = __builtin_bswap16(v);
      if constexpr (sizeof(T) == 4) v = __builtin_bswap32(v);
      if constexpr (sizeof(T) == 8) v = __builtin_bswap64(v);
    }
    return v;
  }

  uint64_t uint_n(uint64_t off, unsigned n) const {
    switch (n) {
      case 2: return load<uint16_t>(off);
      case 4: return load<uint32_t>(off);
      default: return load<uint64_t>(off);
    }
  }

  std::span<const uint8_t> data_;
  Endian endian_ = Endian::little;
  uint64_t base_ = 0;
};

// Unsigned LEB128 as used by Go (uvarint), wasm and DWARF. Throws on truncation or overflow.
uint64_t read_uleb128(const ByteReader& r, uint64_t& off);

}  // namespace crossgo
