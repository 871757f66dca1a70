// PLACEHOLDER until the WebAssembly reader lands: recognises nothing, so such files are "not-binary".
#include "crossgo/format_registry.h"

namespace crossgo {

const FormatReader kWasmReader = {Format::wasm, [](std::span<const uint8_t>) { return false; },
                            [](ByteSource&) -> Result<Image> { return Error{"WebAssembly reader missing", std::nullopt}; }};

}  // namespace crossgo
