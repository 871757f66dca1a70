// PLACEHOLDER until the XCOFF reader lands: recognises nothing, so such files are "not-binary".
#include "crossgo/format_registry.h"

namespace crossgo {

const FormatReader kXcoffReader = {Format::xcoff, [](std::span<const uint8_t>) { return false; },
                            [](ByteSource&) -> Result<Image> { return Error{"XCOFF reader missing", std::nullopt}; }};

}  // namespace crossgo
