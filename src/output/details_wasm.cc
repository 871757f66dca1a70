// PLACEHOLDER until the wasm details renderer lands.
#include "output/details.h"

namespace crossgo::output {

nlohmann::ordered_json wasm_details_json(const WasmDetails&) { return nlohmann::ordered_json::object(); }
DetailLines wasm_details_text(const WasmDetails&) { return {}; }

}  // namespace crossgo::output
