#include "crossgo/hex.h"

#include <charconv>

namespace crossgo {

std::string hex(uint64_t v, int width) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof digits, v, 16).ptr;
  const auto n = static_cast<size_t>(end - digits);
  std::string out = "0x";
  if (width > 0 && static_cast<size_t>(width) > n) out.append(static_cast<size_t>(width) - n, '0');
  out.append(digits, n);
  return out;
}

}  // namespace crossgo
