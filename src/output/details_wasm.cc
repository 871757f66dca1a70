// WebAssembly details as the module states them (docs/formats/wasm.md documents every key;
// docs/schema/details-wasm.schema.json is their schema).
#include <string>

#include "output/details.h"

namespace crossgo::output {
namespace {

// Import/export description kinds (core spec §5.5.5; tag: exception-handling proposal).
const char* kind_name(uint8_t kind) {
  switch (kind) {
    case 0: return "func";
    case 1: return "table";
    case 2: return "memory";
    case 3: return "global";
    case 4: return "tag";
    default: return "unknown";
  }
}


std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void wasm_details_json(JsonWriter& w, const WasmDetails& d) {
  w.begin_object();
  w.field("version", d.version);
  w.key("sections");
  w.begin_array();
  for (const auto& s : d.sections) {
    w.begin_object();
    w.field("id", s.id);
    w.field("name", s.name);
    w.field("offset", s.offset);
    w.field("size", s.size);
    w.end_object();
  }
  w.end_array();
  w.field("import_count", d.import_count);
  w.key("imports");
  w.begin_array();
  for (const auto& imp : d.imports) {
    w.begin_object();
    w.field("module", imp.module);
    w.field("name", imp.name);
    w.field("kind", imp.kind);
    w.field("kind_name", kind_name(imp.kind));
    w.end_object();
  }
  w.end_array();
  w.field("export_count", d.export_count);
  w.field("exports", d.exports);
  w.field("function_count", d.function_count);
  w.field("start_function", d.start_function);
  w.field("data_segment_count", d.data_segment_count);
  w.field("active_data_segments", d.active_data_segments);
  w.field("data_count", d.data_count);
  w.field("custom_sections", d.custom_sections);
  w.key("producers");
  w.begin_array();
  for (const auto& p : d.producers) {
    w.begin_object();
    w.field("field", p.field);
    w.field("name", p.name);
    w.field("version", p.version);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

DetailLines wasm_details_text(const WasmDetails& d) {
  DetailLines lines;
  lines.emplace_back("wasm version", std::to_string(d.version));
  std::vector<std::string> modules;
  for (const auto& imp : d.imports) {
    bool seen = false;
    for (const auto& m : modules) seen = seen || m == imp.module;
    if (!seen) modules.push_back(imp.module);
  }
  lines.emplace_back("imports", std::to_string(d.import_count) + (modules.empty() ? "" : " from " + join(modules)));
  lines.emplace_back("exports", std::to_string(d.export_count) + (d.exports.empty() ? "" : ": " + join(d.exports)));
  lines.emplace_back("functions", std::to_string(d.function_count));
  if (d.start_function) lines.emplace_back("start function", std::to_string(*d.start_function));
  lines.emplace_back("data segments", std::to_string(d.data_segment_count) + " (" +
                                          std::to_string(d.active_data_segments) + " at constant addresses)");
  if (!d.custom_sections.empty()) lines.emplace_back("custom sections", join(d.custom_sections));
  for (const auto& p : d.producers) lines.emplace_back("producer " + p.field, p.name + " " + p.version);
  return lines;
}

}  // namespace crossgo::output
