#include "crossgo/inspect_output.h"

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
  json settings = json::object();
  if (bi)
    for (const auto& [k, v] : bi->settings) settings[k] = v;
  j["settings"] = std::move(settings);
  j["build_id"] = opt(go.build_id);
  j["cgo"] = json{{"linked", opt(go.cgo.linked)}, {"packages", go.cgo.packages}, {"evidence", go.cgo.evidence}};
  j["buildinfo_error"] = opt(go.buildinfo_error);
  return j;
}

}  // namespace

json report_to_json(const ArtifactReport& r) {
  json j;
  j["path"] = r.path;
  j["format"] = r.format;
  if (r.error) {
    j["error"] = json{{"message", r.error->message}, {"offset", opt(r.error->offset)}};
  } else {
    j["error"] = nullptr;
  }
  j["class"] = r.bits ? json(*r.bits == 64 ? "ELF64" : "ELF32") : json(nullptr);
  j["endian"] = opt(r.endian);
  j["kind"] = opt(r.kind);
  j["machine"] = r.machine.empty() ? json(nullptr) : json(r.machine);
  j["goarch"] = opt(r.goarch);
  j["arch_flags"] = r.arch_flags;
  j["goos"] = opt(r.goos);
  j["goos_candidates"] = r.goos_candidates;
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
  const HardeningReport& h = r.hardening;
  j["hardening"] = !r.bits ? json(nullptr) : json{{"pie", h.pie},         {"relro", h.relro}, {"nx_stack", opt(h.nx_stack)},
                        {"stripped", h.stripped}, {"dwarf", h.dwarf}, {"gnu_build_id", opt(h.gnu_build_id)}};
  j["go"] = r.go ? go_json(*r.go) : json(nullptr);
  j["warnings"] = r.warnings;
  return j;
}

json reports_to_json(const std::vector<ArtifactReport>& reports) {
  json arr = json::array();
  for (const auto& r : reports) arr.push_back(report_to_json(r));
  return json{{"schema_version", kInspectSchemaVersion}, {"artifacts", std::move(arr)}};
}

}  // namespace crossgo
