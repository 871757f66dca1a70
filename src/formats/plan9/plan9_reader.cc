// PLACEHOLDER until the Plan 9 a.out reader lands: recognises nothing, so such files are "not-binary".
#include "crossgo/format_registry.h"

namespace crossgo {

const FormatReader kPlan9Reader = {Format::plan9, [](std::span<const uint8_t>) { return false; },
                            [](ByteSource&) -> Result<Image> { return Error{"Plan 9 a.out reader missing", std::nullopt}; }};

}  // namespace crossgo
