// crossgo cgo --json (docs/cgo.schema.json): the target and how go list ran, every package that
// uses cgo with its reasons, flags, chains (each step with its module) and CGO_ENABLED=0 fate, the
// prediction, the import subgraph, the binary join and the findings.
#include <nlohmann/json.hpp>

#include "crossgo/cgo_output.h"
#include "crossgo/finding_registry.h"

namespace crossgo::output {
namespace {

using json = nlohmann::ordered_json;
using cgo::CgoReport;

json finding_json(const Finding& f) {
  const FindingInfo& info = finding_info(f.code);
  return json{{"code", std::string(f.id())},
              {"name", std::string(info.name)},
              {"severity", std::string(to_string(f.severity()))},
              {"subject", f.subject},
              {"message", f.message},
              {"fix", f.fix.empty() ? json(nullptr) : json(f.fix)}};
}

json module_json(const CgoReport& r, const cgo::ListedPackage& p) {
  if (!p.module) return nullptr;
  const auto& m = r.list.modules[*p.module];
  json replace = nullptr;
  if (!m.replace_path.empty())
    replace = json{{"path", m.replace_path}, {"version", m.replace_version.empty() ? json(nullptr) : json(m.replace_version)}};
  return json{{"path", m.path},
              {"version", m.version.empty() ? json(nullptr) : json(m.version)},
              {"main", m.main},
              {"replace", replace},
              {"display", m.display()}};
}

json context_json(const gosrc::BuildContext& c, const std::string& go_version) {
  return json{{"goos", c.goos},           {"goarch", c.goarch},           {"go_version", go_version},
              {"compiler", c.compiler},   {"build_tags", c.build_tags},   {"tool_tags", c.tool_tags},
              {"release_tags", c.release_tags}};
}

json run_json(const cgo::GoListRun& run) {
  json set = json::object();
  for (const char* k : {"GOOS", "GOARCH", "GOARM", "GOAMD64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64",
                        "GOARM64", "CGO_ENABLED", "GIT_TERMINAL_PROMPT"})
    if (auto it = run.environment.find(k); it != run.environment.end()) set[k] = it->second;
  return json{{"argv", run.argv}, {"environment_set", set}};
}

json package_ref(const CgoReport& r, size_t i) {
  const auto& p = r.pkg(i);
  return json{{"import_path", p.import_path}, {"standard", p.standard}, {"module", module_json(r, p)}};
}

json cgo_package_json(const CgoReport& r, const cgo::CgoPackage& cp) {
  const auto& p = r.pkg(cp.package);
  json reasons = json::array();
  for (const auto& reason : cp.reasons)
    reasons.push_back(json{{"kind", std::string(cgo::to_string(reason.kind))}, {"files", reason.files}, {"detail", reason.detail}});
  json chains = json::array();
  for (const auto& chain : cp.chains) {
    json steps = json::array();
    for (size_t k = 0; k < chain.size(); ++k) {
      json step = package_ref(r, chain[k]);
      bool implicit = false;
      if (k > 0)
        for (const auto& e : r.graph_edges)
          if (e.from == chain[k - 1] && e.to == chain[k]) implicit = e.implicit;
      step["implicit"] = implicit;
      steps.push_back(std::move(step));
    }
    chains.push_back(std::move(steps));
  }
  json without = nullptr;
  if (r.without)
    without = json{{"effect", std::string(cgo::to_string(cp.without))},
                   {"detail", cp.without_detail},
                   {"files_lost", cp.files_lost},
                   {"files_gained", cp.files_gained}};
  return json{{"import_path", p.import_path},
              {"name", p.name},
              {"dir", p.dir},
              {"standard", p.standard},
              {"module", module_json(r, p)},
              {"reasons", reasons},
              {"cgo_flags",
               json{{"CFLAGS", p.cgo_cflags},
                    {"CPPFLAGS", p.cgo_cppflags},
                    {"CXXFLAGS", p.cgo_cxxflags},
                    {"FFLAGS", p.cgo_fflags},
                    {"LDFLAGS", p.cgo_ldflags},
                    {"pkg-config", p.cgo_pkg_config}}},
              {"chains", chains},
              {"chains_truncated", cp.chains_truncated},
              {"without_cgo", without}};
}

json disagreement_json(const cgo::RuleDisagreement& d) {
  return json{{"package", d.package}, {"file", d.file}, {"go_list_builds", d.go_list_builds}, {"crossgo_reason", d.crossgo_reason}};
}

}  // namespace

std::string cgo_json(const CgoReport& r, const cgo::GoListRun& run) {
  json packages = json::array();
  for (const auto& cp : r.cgo_packages) packages.push_back(cgo_package_json(r, cp));
  json roots = json::array();
  for (size_t i : r.roots) roots.push_back(r.pkg(i).import_path);
  json without = nullptr;
  if (r.without) {
    json errors = json::array();
    for (const auto& e : r.without->errors)
      errors.push_back(json{{"package", e.package},
                            {"file", e.file.empty() ? json(nullptr) : json(e.file)},
                            {"line", e.where.line > 0 ? json(e.where.line) : json(nullptr)},
                            {"column", e.where.column > 0 ? json(e.where.column) : json(nullptr)},
                            {"message", e.message}});
    without = json{{"builds", r.without->builds},
                   {"errors", errors},
                   {"dropped", r.without->dropped},
                   {"not_analysed", r.without->not_analysed}};
  }
  json nodes = json::array();
  for (size_t i : r.graph_nodes) nodes.push_back(package_ref(r, i));
  json edges = json::array();
  for (const auto& e : r.graph_edges)
    edges.push_back(json{{"from", r.pkg(e.from).import_path}, {"to", r.pkg(e.to).import_path}, {"implicit", e.implicit}});
  json binary = nullptr;
  if (r.binary) {
    const auto& b = *r.binary;
    binary = json{{"path", b.path},
                  {"error", b.error.empty() ? json(nullptr) : json(b.error)},
                  {"cgo_linked", b.cgo_linked ? json(*b.cgo_linked) : json(nullptr)},
                  {"packages", b.binary_packages},
                  {"both", b.both},
                  {"only_binary", b.only_binary},
                  {"only_source", b.only_source},
                  {"note", b.target_note.empty() ? json(nullptr) : json(b.target_note)}};
  }
  json disagreements = json::array();
  for (const auto& d : r.disagreements) disagreements.push_back(disagreement_json(d));
  json errors = json::array();
  for (const auto& e : r.package_errors)
    errors.push_back(json{{"message", e.message}, {"position", e.position.empty() ? json(nullptr) : json(e.position)}});
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(finding_json(f));
  json doc{{"schema_version", kCgoSchemaVersion},
           {"command", "cgo"},
           {"target", context_json(r.list.context, r.list.go_version)},
           {"go_list", run_json(run)},
           {"patterns", r.patterns},
           {"roots", roots},
           {"package_count", r.list.packages.size()},
           {"uses_cgo", r.uses_cgo()},
           {"packages", packages},
           {"without_cgo", without},
           {"graph", json{{"nodes", nodes}, {"edges", edges}}},
           {"binary", binary},
           {"disagreements", disagreements},
           {"package_errors", errors},
           {"findings", findings}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string cgo_files_json(const cgo::FilesReport& r, const cgo::GoListRun& run) {
  json files = json::array();
  auto decision = [](const gosrc::FileDecision& d) {
    return json{{"builds", d.builds}, {"rule", std::string(gosrc::to_string(d.rule))}, {"reason", d.reason}};
  };
  for (const auto& row : r.files) {
    const auto& d = row.with_cgo;
    files.push_back(json{{"name", d.name},
                         {"kind", std::string(gosrc::to_string(d.kind))},
                         {"constraint", d.constraint.empty() ? json(nullptr) : json(d.constraint)},
                         {"constraint_line", d.constraint_where.line > 0 ? json(d.constraint_where.line) : json(nullptr)},
                         {"with_cgo", decision(d)},
                         {"without_cgo", decision(row.without_cgo)}});
  }
  json disagreements = json::array();
  for (const auto& d : r.disagreements) disagreements.push_back(disagreement_json(d));
  std::string go_version = r.context.go_minor > 0 ? "go1." + std::to_string(r.context.go_minor) : "";
  json doc{{"schema_version", kCgoSchemaVersion},
           {"command", "cgo-files"},
           {"target", context_json(r.context, go_version)},
           {"go_list", run_json(run)},
           {"import_path", r.import_path},
           {"dir", r.dir},
           {"files", files},
           {"disagreements", disagreements}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace crossgo::output
