// PLACEHOLDER until the PE reader lands: recognises nothing, so such files are "not-binary".
#include "crossgo/format_registry.h"

namespace crossgo {

const FormatReader kPeReader = {Format::pe, [](std::span<const uint8_t>) { return false; },
                            [](ByteSource&) -> Result<Image> { return Error{"PE reader missing", std::nullopt}; }};

}  // namespace crossgo
