#include <cstdio>

#include "crossgo/byte_reader.h"
#include "crossgo/error.h"

namespace crossgo {

std::string Error::to_string() const {
  if (!offset) return message;
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(*offset));
  return "at offset " + std::string(buf) + ": " + message;
}

ParseError::ParseError(uint64_t offset, const std::string& message)
    : std::runtime_error(message), offset_(offset) {}

uint64_t read_uleb128(const ByteReader& r, uint64_t& off) {
  uint64_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (shift >= 64) throw ParseError(r.base() + off, "varint overflows 64 bits");
    uint8_t b = r.u8(off++);
    uint64_t chunk = b & 0x7f;
    if (shift == 63 && chunk > 1) throw ParseError(r.base() + off - 1, "varint overflows 64 bits");
    value |= chunk << shift;
    if ((b & 0x80) == 0) return value;
  }
}

}  // namespace crossgo
