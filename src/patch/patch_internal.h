// Shared between src/patch/'s files.
#pragma once

#include <cstdint>
#include <string>

#include "crossgo/finding.h"

namespace crossgo::patch::detail {

// A well-formed file crossgo patch will not change (extended numbering, two PT_DYNAMICs …):
// refused with CG895, unlike damage (ParseError, exit 3).
Finding refusal(Code code, const std::string& file, std::string message, std::string fix = {});

struct Unsupported {
  uint64_t offset = 0;
  std::string message;
};

}  // namespace crossgo::patch::detail
