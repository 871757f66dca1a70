// Custom section payloads the reader decodes. Only "producers" (WebAssembly tool-conventions,
// ProducersSection.md) has contents worth reading here: the tool names and versions that made the
// module. Whether a custom section is present at all ("name", "linking", ".debug_info" …) is
// decided from its name in wasm_reader.cc.
#include <string>

#include "formats/wasm/wasm_internal.h"

namespace crossgo::wasm_detail {
namespace {

// ProducersSection.md defines three fields (language, processed-by, sdk), each listed once, with a
// handful of tools each; these caps are far above that and keep a hostile section small.
constexpr uint64_t kMaxProducerFields = 16;
constexpr uint64_t kMaxProducerValues = 256;  // all fields together

}  // namespace

void parse_producers_section(Context& ctx, Cursor& c) {
  const uint64_t fields_at = c.pos();
  const uint32_t fields = c.u32("producers field count");
  if (fields > kMaxProducerFields) {
    throw ParseError(fields_at, "producers field count " + std::to_string(fields) + " exceeds the cap of " +
                                    std::to_string(kMaxProducerFields));
  }
  std::vector<WasmProducer> out;
  for (uint32_t f = 0; f < fields; ++f) {
    const std::string field = c.name("producers field name");
    const uint64_t values_at = c.pos();
    const uint32_t values = c.u32("producers value count");
    if (values > kMaxProducerValues - out.size()) {
      throw ParseError(values_at, "producers value count " + std::to_string(values) + " exceeds the cap of " +
                                      std::to_string(kMaxProducerValues) + " values");
    }
    for (uint32_t v = 0; v < values; ++v) {
      WasmProducer p;
      p.field = field;
      p.name = c.name("producers tool name");
      p.version = c.name("producers tool version");
      out.push_back(std::move(p));
    }
  }
  require_consumed(c, "producers custom");
  ctx.wasm.producers = std::move(out);
}

}  // namespace crossgo::wasm_detail
