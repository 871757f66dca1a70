// PLACEHOLDER until the Mach-O reader lands: recognises nothing, so such files are "not-binary".
#include "crossgo/format_registry.h"

namespace crossgo {

const FormatReader kMachOReader = {Format::macho, [](std::span<const uint8_t>) { return false; },
                            [](ByteSource&) -> Result<Image> { return Error{"Mach-O reader missing", std::nullopt}; }};

}  // namespace crossgo
