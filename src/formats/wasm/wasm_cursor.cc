// The cursor over a section's contents: LEB128 integers (core spec §5.2.2 "Integers") and names
// (§5.2.4 "Names"), read through a small buffer refilled with ByteSource::read_into (nothing held).
#include <algorithm>
#include <cstring>

#include "formats/wasm/wasm_internal.h"

namespace crossgo::wasm_detail {
namespace {

// Well-formed UTF-8 (Unicode §3.9 Table 3-7), as §5.2.4 requires of names: no overlong forms, no
// surrogates, nothing above U+10FFFF.
bool valid_utf8(const std::string& s, size_t& bad_at) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const uint8_t b = p[i];
    size_t len = 0;
    uint8_t lo = 0x80, hi = 0xbf;  // allowed range of the second byte
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b == 0xe0) { len = 3; lo = 0xa0; }
    else if (b >= 0xe1 && b <= 0xec) len = 3;
    else if (b == 0xed) { len = 3; hi = 0x9f; }
    else if (b >= 0xee && b <= 0xef) len = 3;
    else if (b == 0xf0) { len = 4; lo = 0x90; }
    else if (b >= 0xf1 && b <= 0xf3) len = 4;
    else if (b == 0xf4) { len = 4; hi = 0x8f; }
    else { bad_at = i; return false; }
    if (len > n - i) { bad_at = i; return false; }
    for (size_t k = 1; k < len; ++k) {
      const uint8_t c = p[i + k];
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xbf)) { bad_at = i; return false; }
    }
    i += len;
  }
  return true;
}

}  // namespace

void Cursor::need(uint64_t n, const char* what) const {
  if (n > end_ - pos_) {
    throw ParseError(pos_, std::string(what) + ": " + std::to_string(n) + " bytes needed at " + hex(pos_) +
                               ", only " + std::to_string(end_ - pos_) + " left before " +
                               hex(end_) + " (the end of the section or file)");
  }
}

uint8_t Cursor::u8(const char* what) {
  need(1, what);
  if (pos_ < buf_start_ || pos_ >= buf_start_ + buf_len_) {
    const uint64_t want = std::min<uint64_t>(kBufferBytes, end_ - pos_);
    buf_len_ = 0;
    source_.read_into(pos_, want, buf_, what);  // copies, holds nothing
    buf_start_ = pos_;
    buf_len_ = want;
    if (buf_len_ == 0) throw ParseError(pos_, std::string(what) + ": no bytes could be read at " + hex(pos_));
  }
  return buf_[pos_++ - buf_start_];
}

uint64_t Cursor::leb(unsigned max_bits, bool is_signed, const char* what) {
  const uint64_t start = pos_;
  const unsigned max_bytes = (max_bits + 6) / 7;
  uint64_t value = 0;
  for (unsigned i = 0;; ++i) {
    const uint64_t at = pos_;
    const uint8_t b = u8(what);
    const unsigned shift = 7 * i;
    if (i + 1 == max_bytes) {
      // The last byte may carry only the bits that are left (§5.2.2: "integer too large"); for a
      // signed value they must all equal the sign bit ("integer representation too long").
      const unsigned used = max_bits - shift;  // 1..7
      if (b & 0x80) {
        throw ParseError(at, std::string(what) + ": LEB128 at " + hex(start) + " is longer than the " +
                                 std::to_string(max_bytes) + " bytes a " + std::to_string(max_bits) +
                                 "-bit integer may take");
      }
      const uint8_t extra = static_cast<uint8_t>((b & 0x7f) >> (used - (is_signed ? 1 : 0)));
      const uint8_t all = static_cast<uint8_t>(0x7f >> (used - (is_signed ? 1 : 0)));
      if (extra != 0 && !(is_signed && extra == all)) {
        throw ParseError(at, std::string(what) + ": LEB128 at " + hex(start) + " overflows " +
                                 std::to_string(max_bits) + " bits (last byte " + hex(b) + ")");
      }
    }
    value |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      if (is_signed && (b & 0x40) && shift + 7 < 64) value |= ~uint64_t{0} << (shift + 7);
      return value;
    }
  }
}

uint32_t Cursor::u32(const char* what) { return static_cast<uint32_t>(leb(32, false, what)); }
uint64_t Cursor::u64(const char* what) { return leb(64, false, what); }
int32_t Cursor::s32(const char* what) { return static_cast<int32_t>(static_cast<uint32_t>(leb(32, true, what))); }
void Cursor::skip_s33(const char* what) { leb(33, true, what); }
void Cursor::skip_s64(const char* what) { leb(64, true, what); }

void Cursor::skip(uint64_t n, const char* what) {
  need(n, what);
  pos_ += n;
}

std::string Cursor::name(const char* what) {
  const uint64_t at = pos_;
  const uint32_t len = u32(what);
  if (len > kMaxNameBytes) {
    throw ParseError(at, std::string(what) + ": name length " + std::to_string(len) + " exceeds the cap of " +
                             std::to_string(kMaxNameBytes) + " bytes");
  }
  if (len > remaining()) {
    throw ParseError(at, std::string(what) + ": name length " + std::to_string(len) + " at " + hex(at) +
                             " runs past the end of the section (" + std::to_string(remaining()) + " bytes left)");
  }
  std::string s(len, '\0');
  for (uint32_t i = 0; i < len; ++i) s[i] = static_cast<char>(u8(what));
  if (size_t bad = 0; !valid_utf8(s, bad)) {
    throw ParseError(at, std::string(what) + ": name at " + hex(at) + " is not valid UTF-8 (byte " +
                             std::to_string(bad) + " of " + std::to_string(len) + ")");
  }
  return s;
}

void require_consumed(const Cursor& c, const char* section) {
  if (!c.at_end()) {
    throw ParseError(c.pos(), std::string(section) + " section: " + std::to_string(c.remaining()) +
                                  " bytes at " + hex(c.pos()) + " are left over after its contents (section size mismatch)");
  }
}

}  // namespace crossgo::wasm_detail
