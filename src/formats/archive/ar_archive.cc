// PLACEHOLDER until the container reader lands: recognises nothing.
#include "crossgo/format_registry.h"

namespace crossgo {

const ContainerReader kArArchiveReader = {Format::archive, [](std::span<const uint8_t>) { return false; },
                               [](ByteSource&) -> Result<Container> { return Error{"container reader missing", std::nullopt}; }};

}  // namespace crossgo
