// Terminal-safe text (see include/crossgo/text_escape.h). Hand-written: a dozen lines of UTF-8
// decoding is smaller than any dependency, and the rules (which code points are dangerous on a
// terminal) are ours to decide.
#include "crossgo/text_escape.h"

#include <cstdint>

namespace crossgo {
namespace {

// Length of the well-formed UTF-8 sequence at s[i] (1–4) and its code point, or 0 when invalid.
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
  const uint8_t c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t n = 0;
  uint32_t min = 0;
  if (c >= 0xc2 && c <= 0xdf) n = 2, cp = c & 0x1f, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef) n = 3, cp = c & 0x0f, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, cp = c & 0x07, min = 0x10000;
  else return 0;
  if (s.size() - i < n) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

bool dangerous(uint32_t cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

void hex_byte(std::string& out, uint8_t v) {
  static const char* kHex = "0123456789abcdef";
  out += "\\x";
  out += kHex[v >> 4];
  out += kHex[v & 15];
}

}  // namespace

std::string escape_for_terminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_sequence(s, i, cp);
    if (n == 0) {
      hex_byte(out, static_cast<uint8_t>(s[i]));
      ++i;
      continue;
    }
    if (!dangerous(cp)) {
      out.append(s.substr(i, n));
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp < 0x80) {
      hex_byte(out, static_cast<uint8_t>(cp));
    } else {
      char buf[16];
      static const char* kHex = "0123456789abcdef";
      size_t len = 0;
      for (uint32_t v = cp; v != 0; v >>= 4) buf[len++] = kHex[v & 15];
      out += "\\u{";
      while (len > 0) out += buf[--len];
      out += '}';
    }
    i += n;
  }
  return out;
}

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_sequence(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace crossgo
