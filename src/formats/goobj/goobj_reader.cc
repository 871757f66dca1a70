// PLACEHOLDER until the Go object reader lands: recognises nothing, so such files are "not-binary".
#include "crossgo/format_registry.h"

namespace crossgo {

const FormatReader kGoObjectReader = {Format::goobj, [](std::span<const uint8_t>) { return false; },
                            [](ByteSource&) -> Result<Image> { return Error{"Go object reader missing", std::nullopt}; }};

}  // namespace crossgo
