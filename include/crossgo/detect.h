#pragma once

#include <cstdint>
#include <span>

#include "crossgo/image.h"

namespace crossgo {

// Identifies a file's format from its first bytes, the way debug/buildinfo and file(1) do.
Format detect_format(std::span<const uint8_t> head);

}  // namespace crossgo
