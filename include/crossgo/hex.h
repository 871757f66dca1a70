// Numbers in messages and details as readelf, otool and Go's %#x print them: "0x" and lower-case
// hex digits, zero-padded to `width` digits when given ("0x01eb").
#pragma once

#include <cstdint>
#include <string>

namespace crossgo {

std::string hex(uint64_t v, int width = 0);

}  // namespace crossgo
