// String helpers and the small pieces of the public API that belong to no single concern.
#include "crossgo/env.h"
#include "crossgo/ports.h"
#include "env/internal.h"

namespace crossgo::env {

std::string_view to_string(Origin o) {
  switch (o) {
    case Origin::unset: return "unset";
    case Origin::command_line: return "command line";
    case Origin::process_env: return "process environment";
    case Origin::goenv_file: return "go env -w file";
    case Origin::goroot_go_env: return "$GOROOT/go.env";
    case Origin::toolchain_default: return "toolchain default";
    case Origin::go_rule: return "Go rule";
  }
  return "unset";
}

std::string trim_copy(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

const Value& Environment::var(const std::string& name) const {
  static const Value kEmpty{};
  auto it = vars.find(name);
  return it == vars.end() ? kEmpty : it->second;
}

bool Environment::cross() const {
  return get("GOOS") != go.host_goos || get("GOARCH") != go.host_goarch;
}

std::string Environment::subarch_variable() const {
  auto sub = ports::subarch_for(get("GOARCH"), get("GOOS"), version);
  return sub ? sub->variable : "";
}

const CompilerProbe* Environment::compiler(const std::string& role) const {
  for (const auto& c : compilers) {
    if (c.role == role) return &c;
  }
  return nullptr;
}

const BuildProbe* Environment::build_probe(const std::string& role) const {
  for (const auto& b : build_probes) {
    if (b.role == role) return &b;
  }
  if (role == "PKG_CONFIG" && pkg_config.build.ran) return &pkg_config.build;
  return nullptr;
}

std::vector<std::string> displayed_variables(const Environment& e) {
  std::vector<std::string> names;
  for (const auto& n : shown_variables()) {
    names.push_back(n);
    if (n != "GOARCH") continue;
    for (const auto& s : ports::subarch_variables())
      if (e.vars.count(s) != 0) names.push_back(s);
  }
  return names;
}

const std::vector<std::string>& shown_variables() {
  static const std::vector<std::string> kVars{
      "GOOS",       "GOARCH",     "CGO_ENABLED", "CC",          "CXX",          "AR",
      "PKG_CONFIG", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS", "GOFLAGS",
      "GOTOOLCHAIN", "GOENV",     "GOROOT",      "GOPATH",      "GOEXPERIMENT"};
  return kVars;
}

}  // namespace crossgo::env

extern char** environ;

namespace crossgo::env {

EnvMap current_process_environment() {
  EnvMap out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    out.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace crossgo::env
