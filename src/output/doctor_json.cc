// JSON for doctor and explain (schemas: docs/doctor.schema.json, docs/explain.schema.json).
// Unknown values are null, never guessed; keys are stable across versions of crossgo.
#include <nlohmann/json.hpp>

#include "crossgo/doctor_output.h"

namespace crossgo::output {
namespace {

using nlohmann::json;

json str_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json origin_json(env::Origin o) {
  switch (o) {
    case env::Origin::unset: return "unset";
    case env::Origin::command_line: return "command_line";
    case env::Origin::process_env: return "process_env";
    case env::Origin::goenv_file: return "goenv_file";
    case env::Origin::goroot_go_env: return "goroot_go_env";
    case env::Origin::toolchain_default: return "toolchain_default";
    case env::Origin::go_rule: return "go_rule";
  }
  return "unset";
}

json finding_json(const Finding& f) {
  return json{{"code", std::string(f.id())}, {"severity", std::string(to_string(f.severity()))},
              {"subject", f.subject},   {"message", f.message},
              {"expected", f.expected}, {"actual", f.actual},
              {"fix", f.fix}};
}

json prediction_json(const env::Prediction& p) {
  return json{
      {"target",
       {{"goos", p.target.goos},
        {"goarch", p.target.goarch},
        {"variant", str_or_null(p.target.variant)},
        {"variant_variable", str_or_null(p.target.variant_variable())}}},
      {"go_version", p.go_version},
      {"cgo", {{"enabled", p.cgo}, {"reason", p.cgo_reason}}},
      {"subarch", str_or_null(p.subarch)},
      {"buildmode", {{"value", p.buildmode}, {"reason", p.buildmode_reason}}},
      {"linkmode", {{"value", p.linkmode}, {"reason", p.linkmode_reason}}},
      {"format", p.format},
      {"linkage", {{"value", p.linkage}, {"reason", p.linkage_reason}}},
      {"interpreter", p.interpreter ? json(*p.interpreter) : json(nullptr)},
      {"libc", p.libc},
      {"net_resolver", p.resolver},
      {"os_user", p.os_user},
      {"will_build", p.will_build},
      {"failures", p.failure},
      {"missing", p.missing}};
}

// JSON must be valid UTF-8: values from files and the environment may not be.
std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

}  // namespace

std::string doctor_json(const env::Environment& e, const std::vector<Finding>& findings) {
  json vars = json::array();
  const std::vector<std::string> names = env::displayed_variables(e);
  for (const auto& n : names) {
    const auto& v = e.var(n);
    vars.push_back({{"name", n},
                    {"value", v.value},
                    {"origin", origin_json(v.origin)},
                    {"detail", v.detail},
                    {"go_env", v.go_reports ? json(*v.go_reports) : json(nullptr)},
                    {"os_set_empty", v.os_set_empty},
                    {"shadowed", {{"goenv_file", v.shadowed_file_value ? json(*v.shadowed_file_value) : json(nullptr)},
                                  {"goroot_go_env", v.shadowed_goroot_value ? json(*v.shadowed_goroot_value) : json(nullptr)}}}});
  }
  json comps = json::array();
  for (const auto& c : e.compilers) {
    comps.push_back({{"role", c.role},
                     {"command", c.command},
                     {"path", str_or_null(c.resolved)},
                     {"found", c.found},
                     {"dumpmachine", str_or_null(c.dumpmachine)},
                     {"kind", c.kind},
                     {"goos", str_or_null(c.target_goos)},
                     {"goarch", str_or_null(c.target_goarch)},
                     {"float_abi", str_or_null(c.float_abi)},
                     {"sysroot", str_or_null(c.sysroot)},
                     {"error", str_or_null(c.error)}});
  }
  auto probe_json = [](const env::BuildProbe& b) {
    return json{{"role", b.role},
                {"ran", b.ran},
                {"ok", b.ok},
                {"step", str_or_null(b.step)},
                {"problem", b.ran && !b.ok ? json(std::string(env::to_string(b.problem))) : json(nullptr)},
                {"missing", str_or_null(b.missing)},
                {"first_error", str_or_null(b.first_error)},
                {"compile_command", b.compile_argv},
                {"link_command", b.link_argv},
                {"output", str_or_null(b.output)},
                {"skipped", str_or_null(b.skipped)},
                {"cached", b.cached}};
  };
  json probes = json::array();
  for (const auto& b : e.build_probes) probes.push_back(probe_json(b));
  json pkg = nullptr;
  if (e.pkg_config.ran) {
    const auto& p = e.pkg_config;
    json dirs = json::object();
    for (const auto& [name, dir] : p.pc_dirs) dirs[name] = dir;
    pkg = json{{"command", p.command},
               {"packages", e.module_use.pkg_config},
               {"directive", e.module_use.pkg_config_where},
               {"found", p.found},
               {"error", str_or_null(p.error)},
               {"cflags", p.cflags},
               {"libs", p.libs},
               {"pc_dirs", dirs},
               {"host_dirs", p.host_dirs},
               {"build", p.build.ran ? probe_json(p.build) : json(nullptr)}};
  }
  json fs = json::array();
  int errors = 0, warnings = 0, infos = 0;
  for (const auto& f : findings) {
    fs.push_back(finding_json(f));
    const Severity sev = f.severity();
    (sev == Severity::error ? errors : sev == Severity::warning ? warnings : infos)++;
  }
  json goenv_vals = json::object();
  for (const auto& [k, v] : e.goenv.values) goenv_vals[k] = v;
  json j{{"schema_version", 1},
         {"go",
          {{"path", str_or_null(e.go.path)},
           {"version", e.version_known ? json(e.version.raw) : json(nullptr)},
           {"version_source", str_or_null(e.go.version_source)},
           {"rules_version", e.version.name()},
           {"knowledge_only", e.go.path.empty()},
           {"host", e.go.host_goos + "/" + e.go.host_goarch},
           {"host_source", e.go.host_source},
           {"goroot", str_or_null(e.go.goroot)},
           {"go_env_ok", e.go.go_env_ok},
           {"go_env_error", str_or_null(e.go.go_env_error)}}},
         {"goenv_file", {{"path", str_or_null(e.goenv.path)}, {"exists", e.goenv.exists}, {"note", e.goenv.state_note}, {"values", goenv_vals}}},
         {"goroot_go_env", {{"path", e.go.goroot.empty() ? json(nullptr) : json(e.go.goroot + "/go.env")}, {"exists", e.goroot_env.exists}}},
         {"gomod", {{"path", str_or_null(e.gomod.path)}, {"go", str_or_null(e.gomod.go_line)}, {"toolchain", str_or_null(e.gomod.toolchain_line)}}},
         {"target", e.get("GOOS") + "/" + e.get("GOARCH")},
         {"cross", e.cross()},
         {"variables", vars},
         {"cgo", {{"enabled", e.get("CGO_ENABLED") == "1"}, {"reason", e.cgo_reason}}},
         {"compilers", comps},
         {"build_probes", probes},
         {"pkg_config", pkg},
         {"module_cxx_files", e.module_use.cxx_files},
         {"findings", fs},
         {"summary", {{"errors", errors}, {"warnings", warnings}, {"infos", infos}}}};
  return dump(j);
}

std::string explain_json(const env::Prediction& p) {
  json j = prediction_json(p);
  j["schema_version"] = 1;
  return dump(j);
}

std::string matrix_json(const env::Environment& host, const std::vector<env::MatrixCase>& cases) {
  json rows = json::array();
  for (const auto& c : cases) {
    rows.push_back({{"goos_relation", c.same_goos ? "same" : "other"},
                    {"goarch_relation", c.same_goarch ? "same" : "other"},
                    {"cgo", c.cgo},
                    {"prediction", prediction_json(c.prediction)}});
  }
  json j{{"schema_version", 1},
         {"host", host.go.host_goos + "/" + host.go.host_goarch},
         {"go_version", host.version_known ? json(host.version.raw) : json(nullptr)},
         {"matrix", rows}};
  return dump(j);
}

}  // namespace crossgo::output
