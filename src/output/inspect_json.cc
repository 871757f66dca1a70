#include "crossgo/inspect_output.h"
#include "output/details.h"
#include "crossgo/text_escape.h"
#include <string_view>
#include <unordered_set>
#include <vector>

namespace crossgo {

namespace {

using json = nlohmann::ordered_json;

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json floor_json(const std::optional<VersionFloor>& f) {
  if (!f) return nullptr;
  return json{{"version", f->version}, {"symbol", f->symbol.empty() ? json(nullptr) : json(f->symbol)}};
}

json module_version_json(const GoModuleVersion& m) {
  return json{{"path", m.path}, {"version", m.version}, {"sum", m.sum.empty() ? json(nullptr) : json(m.sum)}};
}

json module_json(const GoModule& m) {
  json j = module_version_json(m);
  j["replace"] = m.replace ? module_version_json(*m.replace) : json(nullptr);
  return j;
}

json go_json(const GoReport& go) {
  json j;
  j["version"] = opt(go.version);
  j["version_source"] = go.version ? json(go.version_source) : json(nullptr);
  const GoBuildInfo* bi = go.buildinfo ? &*go.buildinfo : nullptr;
  j["path"] = bi && !bi->path.empty() ? json(bi->path) : json(nullptr);
  j["main"] = bi && bi->main ? module_json(*bi->main) : json(nullptr);
  json deps = json::array();
  if (bi)
    for (const auto& d : bi->deps) deps.push_back(module_json(d));
  j["deps"] = std::move(deps);
  // First occurrence wins (the analysis' rule; duplicates are warned about). ordered_json's own
  // insertion searches linearly, so the object is built directly: linear in the settings.
  json::object_t settings;
  if (bi) {
    std::unordered_set<std::string_view> seen;
    seen.reserve(bi->settings.size());
    for (const auto& [k, v] : bi->settings) {
      if (seen.insert(k).second) settings.std::vector<json::object_t::value_type>::emplace_back(k, v);
    }
  }
  j["settings"] = json(std::move(settings));
  j["build_id"] = opt(go.build_id);
  j["cgo"] = json{{"linked", opt(go.cgo.linked)}, {"packages", go.cgo.packages}, {"evidence", go.cgo.evidence}};
  j["buildinfo_error"] = opt(go.buildinfo_error);
  j["evidence"] = go.evidence;
  return j;
}

// RFC 6901: '~' → "~0", '/' → "~1".
std::string pointer_token(std::string_view key) {
  std::string t;
  for (char c : key) {
    if (c == '~') t += "~0";
    else if (c == '/') t += "~1";
    else t += c;
  }
  return t;
}

std::string hex(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// Pointers are unique by construction, so entries are appended without ordered_json's linear
// duplicate search (a file with 80,000 such strings must not cost 80,000² comparisons).
void add_raw(json::object_t& raw, std::string pointer, std::string_view bytes) {
  raw.std::vector<json::object_t::value_type>::emplace_back(std::move(pointer), hex(bytes));
}

void collect_non_utf8(const json& j, const std::string& pointer, json::object_t& raw) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (!is_valid_utf8(s)) add_raw(raw, pointer, s);
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) collect_non_utf8(j[i], pointer + "/" + std::to_string(i), raw);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string child = pointer + "/" + pointer_token(it.key());
      if (!is_valid_utf8(it.key())) add_raw(raw, child + "#key", it.key());
      collect_non_utf8(it.value(), child, raw);
    }
  }
}

}  // namespace

json report_to_json(const ArtifactReport& r) {
  json j;
  j["path"] = r.path;
  j["container"] = r.container ? json{{"path", r.container->path},
                                      {"format", r.container->format},
                                      {"member", r.container->member},
                                      {"offset", r.container->offset}}
                               : json(nullptr);
  j["format"] = r.format;
  if (r.error) {
    j["error"] = json{{"message", r.error->message}, {"offset", opt(r.error->offset)}};
  } else {
    j["error"] = nullptr;
  }
  // "class" is ELF's word (schema 1); "bits" says the same for every format.
  j["class"] = r.elf && r.bits ? json(*r.bits == 64 ? "ELF64" : "ELF32") : json(nullptr);
  j["bits"] = opt(r.bits);
  j["endian"] = opt(r.endian);
  j["kind"] = opt(r.kind);
  j["machine"] = r.machine.empty() ? json(nullptr) : json(r.machine);
  j["goarch"] = opt(r.goarch);
  j["arch_flags"] = r.arch_flags;
  j["goos"] = opt(r.goos);
  j["goos_candidates"] = r.goos_candidates;
  j["goos_unknown_because"] = r.goos || r.goos_unknown_because.empty() ? json(nullptr) : json(r.goos_unknown_because);
  j["os_evidence"] = r.os_evidence;
  j["linkage"] = opt(r.linkage);
  j["interpreter"] = opt(r.interpreter);
  j["needed"] = r.needed;
  j["rpath"] = r.rpath;
  j["runpath"] = r.runpath;
  j["soname"] = opt(r.soname);
  j["dt_flags"] = r.dt_flags;
  j["libc"] = json{{"flavour", r.libc.flavour.empty() ? "unknown" : r.libc.flavour}, {"evidence", r.libc.evidence}};
  j["min_glibc"] = floor_json(r.min_glibc);
  j["min_glibcxx"] = floor_json(r.min_glibcxx);
  j["min_cxxabi"] = floor_json(r.min_cxxabi);
  json floors = json::array();
  for (const auto& f : r.floors)
    floors.push_back(json{{"name", f.name}, {"version", f.version},
                          {"evidence", f.evidence.empty() ? json(nullptr) : json(f.evidence)}});
  j["floors"] = std::move(floors);
  if (r.hardening) {
    const HardeningReport& h = *r.hardening;
    j["hardening"] = json{{"pie", opt(h.pie)},
                          {"relro", opt(h.relro)},
                          {"nx_stack", opt(h.nx_stack)},
                          {"nx", opt(h.nx)},
                          {"aslr", opt(h.aslr)},
                          {"high_entropy_va", opt(h.high_entropy_va)},
                          {"cfg", opt(h.cfg)},
                          {"code_signature", opt(h.code_signature)},
                          {"stripped", h.stripped},
                          {"dwarf", h.dwarf},
                          {"gnu_build_id", opt(h.gnu_build_id)}};
  } else {
    j["hardening"] = nullptr;
  }
  j["go"] = r.go ? go_json(*r.go) : json(nullptr);
  if (!r.members.empty() || r.format == "macho-fat" || r.format == "archive") j["members"] = r.members;
  json details = json::object();
  if (r.elf) details["elf"] = output::elf_details_json(*r.elf);
  if (r.macho) details["macho"] = output::macho_details_json(*r.macho);
  if (r.pe) details["pe"] = output::pe_details_json(*r.pe);
  if (r.xcoff) details["xcoff"] = output::xcoff_details_json(*r.xcoff);
  if (r.plan9) details["plan9"] = output::plan9_details_json(*r.plan9);
  if (r.wasm) details["wasm"] = output::wasm_details_json(*r.wasm);
  j["details"] = details.empty() ? json(nullptr) : std::move(details);
  j["notes"] = r.notes;
  j["warnings"] = r.warnings;
  // JSON text must be UTF-8, so such strings are written with U+FFFD; "raw_hex" keeps their bytes
  // (JSON Pointer → hex), so "x\xff" and "x\xfe" stay distinguishable. Present only when needed.
  json::object_t raw;
  collect_non_utf8(j, "", raw);
  if (!raw.empty()) j["raw_hex"] = json(std::move(raw));
  return j;
}

std::string inspect_json_prefix() {
  return "{\"schema_version\": " + std::to_string(kInspectSchemaVersion) + ", \"artifacts\": [";
}

std::string inspect_json_suffix() { return "\n]}\n"; }

json reports_to_json(const std::vector<ArtifactReport>& reports) {
  json arr = json::array();
  for (const auto& r : reports) arr.push_back(report_to_json(r));
  return json{{"schema_version", kInspectSchemaVersion}, {"artifacts", std::move(arr)}};
}

}  // namespace crossgo
