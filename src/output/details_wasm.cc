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

template <class T>
nlohmann::ordered_json optional_json(const std::optional<T>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

nlohmann::ordered_json wasm_details_json(const WasmDetails& d) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["version"] = d.version;
  auto sections = nlohmann::ordered_json::array();
  for (const auto& s : d.sections) {
    sections.push_back({{"id", s.id}, {"name", s.name}, {"offset", s.offset}, {"size", s.size}});
  }
  j["sections"] = std::move(sections);
  j["import_count"] = d.import_count;
  auto imports = nlohmann::ordered_json::array();
  for (const auto& imp : d.imports) {
    imports.push_back({{"module", imp.module}, {"name", imp.name}, {"kind", imp.kind}, {"kind_name", kind_name(imp.kind)}});
  }
  j["imports"] = std::move(imports);
  j["export_count"] = d.export_count;
  j["exports"] = d.exports;
  j["function_count"] = d.function_count;
  j["start_function"] = optional_json(d.start_function);
  j["data_segment_count"] = d.data_segment_count;
  j["active_data_segments"] = d.active_data_segments;
  j["data_count"] = optional_json(d.data_count);
  j["custom_sections"] = d.custom_sections;
  auto producers = nlohmann::ordered_json::array();
  for (const auto& p : d.producers) producers.push_back({{"field", p.field}, {"name", p.name}, {"version", p.version}});
  j["producers"] = std::move(producers);
  return j;
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
