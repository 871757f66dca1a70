// Finding and asking the selected `go`: `go version` (with a scrubbed environment, so a poisoned
// go env -w file or bad GOAMD64 cannot stop it from telling its version) and `go env -json`
// (with the user's environment plus the target, so it answers for the build being checked).
// Always GOTOOLCHAIN=local and GOPROXY=off: a probe must never download a toolchain.
#include <climits>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

const char* const kGoEnvKeys[] = {
    "GOOS",        "GOARCH",      "CGO_ENABLED", "CC",          "CXX",       "AR",
    "GOFLAGS",     "GOTOOLCHAIN", "GOENV",       "GOROOT",      "GOPATH",    "GOEXPERIMENT",
    "GOHOSTOS",    "GOHOSTARCH",  "GOVERSION",   "GOAMD64",     "GOARM",     "GOARM64",
    "GO386",       "GOMIPS",      "GOMIPS64",    "GOPPC64",     "GORISCV64", "GOWASM"};
// Asking go for any of these makes it run the C compiler (cmd/go/internal/envcmd,
// ExtraEnvVarsCostly: GccCmd probes CC's flags), so they are asked only when the build would run
// the C toolchain anyway.
const char* const kGoEnvCostlyKeys[] = {"PKG_CONFIG", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS"};

std::string real_path(const std::string& p) {
  char buf[PATH_MAX];
  if (realpath(p.c_str(), buf) == nullptr) return p;
  return buf;
}

std::string parent_dir(const std::string& p) {
  auto slash = p.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

}  // namespace

void find_go(GoToolchain& go, const EnvMap& process, const std::string& explicit_go) {
  auto get = [&](const char* k) {
    auto it = process.find(k);
    return it == process.end() ? std::string() : it->second;
  };
  if (!explicit_go.empty()) {
    if (auto p = find_executable(explicit_go, get("PATH"))) {
      go.path = *p;
      go.path_source = "--go";
    } else {
      go.path_source = "--go " + explicit_go + " (not an executable)";
    }
  } else if (auto p = find_executable("go", get("PATH"))) {
    go.path = *p;
    go.path_source = "$PATH";
  } else if (!get("GOROOT").empty()) {
    if (auto q = find_executable(get("GOROOT") + "/bin/go", "")) {
      go.path = *q;
      go.path_source = "$GOROOT/bin";
    }
  }
  // GOROOT: the OS env wins; otherwise cmd/go derives it from its own executable's location.
  if (!get("GOROOT").empty()) {
    go.goroot = get("GOROOT");
    go.goroot_source = "process environment";
  } else if (!go.path.empty()) {
    std::string root = parent_dir(parent_dir(real_path(go.path)));
    if (is_directory(root + "/pkg/tool") || is_directory(root + "/src/runtime")) {
      go.goroot = root;
      go.goroot_source = "location of " + go.path;
    }
  }
}

EnvMap probe_environment(const EnvMap& process, const std::optional<Target>& target) {
  EnvMap env = process;
  env["GOTOOLCHAIN"] = "local";
  env["GOPROXY"] = "off";
  env["GOWORK"] = "off";
  if (target) {
    env["GOOS"] = target->goos;
    env["GOARCH"] = target->goarch;
    std::string var = target->variant_variable();
    if (!var.empty()) env[var] = target->variant;
  }
  return env;
}

void ask_go_version(GoToolchain& go, const EnvMap& process, int timeout_ms) {
  if (go.path.empty()) return;
  EnvMap env;
  for (const char* k : {"PATH", "HOME", "GOROOT", "TMPDIR"}) {
    auto it = process.find(k);
    if (it != process.end()) env[k] = it->second;
  }
  env["GOENV"] = "off";
  env["GOTOOLCHAIN"] = "local";
  env["GOFLAGS"] = "";
  auto r = run_tool({go.path, "version"}, env, timeout_ms);
  if (r.exit_code == 0) {
    // "go version go1.19.8 linux/amd64"
    auto words = split_quoted(r.out);
    if (words.size() >= 4 && words[0] == "go" && words[1] == "version") {
      go.version = ports::GoVersion::parse(words[2]);
      if (go.version) go.version_source = "`go version`";
      const std::string& plat = words.back();
      auto slash = plat.find('/');
      if (slash != std::string::npos) {
        go.host_goos = plat.substr(0, slash);
        go.host_goarch = plat.substr(slash + 1);
        go.host_source = "`go version`";
      }
    }
  }
  if (!go.version && !go.goroot.empty()) {
    if (auto t = read_small_file(go.goroot + "/VERSION", 4096)) {
      go.version = ports::GoVersion::parse(trim_copy(t->substr(0, t->find('\n'))));
      if (go.version) go.version_source = "$GOROOT/VERSION";
    }
  }
}

namespace {

void ask_go_env_once(GoToolchain& go, const EnvMap& probe_env, int timeout_ms, bool costly);

}  // namespace

bool parse_go_env_json(const std::string& text, EnvMap& out, std::string* error) {
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.is_object()) {
      if (error) *error = "not a JSON object";
      return false;
    }
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.value().is_string()) out[it.key()] = it.value().get<std::string>();
    }
    return true;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return false;
  }
}

void ask_go_env_costly(GoToolchain& go, const EnvMap& probe_env, int timeout_ms) {
  if (go.path.empty() || !go.go_env_ok) return;
  EnvMap env = probe_env;
  if (!go.go_env_goflags_error.empty()) env["GOFLAGS"] = "-trimpath=false";
  GoToolchain more = go;
  ask_go_env_once(more, env, timeout_ms, true);
  if (more.go_env_ok) go.go_env = std::move(more.go_env);
}

void ask_go_env(GoToolchain& go, const EnvMap& probe_env, int timeout_ms) {
  if (go.path.empty()) return;
  ask_go_env_once(go, probe_env, timeout_ms, false);
  if (go.go_env_ok) return;
  // A non-empty OS GOFLAGS is the only way to hide the go env -w one; -trimpath=false is a valid
  // build flag that `go env` ignores.
  EnvMap retry = probe_env;
  retry["GOFLAGS"] = "-trimpath=false";
  GoToolchain second = go;
  second.go_env_error.clear();
  ask_go_env_once(second, retry, timeout_ms, false);
  if (second.go_env_ok) {
    second.go_env_goflags_error = go.go_env_error;
    second.go_env.erase("GOFLAGS");
    go = std::move(second);
  }
}

namespace {

void ask_go_env_once(GoToolchain& go, const EnvMap& probe_env, int timeout_ms, bool costly) {
  std::vector<std::string> argv{go.path, "env", "-json"};
  if (costly) {
    for (const char* k : kGoEnvCostlyKeys) argv.emplace_back(k);
  } else {
    for (const char* k : kGoEnvKeys) argv.emplace_back(k);
  }
  auto r = run_tool(argv, probe_env, timeout_ms);
  if (r.timed_out) {
    go.go_env_error = "`go env -json` timed out" + (r.error.empty() ? std::string() : " (" + r.error + ")");
    return;
  }
  if (!r.started) {
    go.go_env_error = r.error;
    return;
  }
  if (r.exit_code != 0) {
    go.go_env_error = trim_copy(r.err.substr(0, 2000));
    if (go.go_env_error.empty()) go.go_env_error = "exit status " + std::to_string(r.exit_code);
    return;
  }
  std::string error;
  if (parse_go_env_json(r.out, go.go_env, &error)) go.go_env_ok = true;
  else go.go_env_error = "could not parse `go env -json`: " + error;
  if (go.go_env_ok && go.host_goos.empty()) {
    go.host_goos = go.go_env["GOHOSTOS"];
    go.host_goarch = go.go_env["GOHOSTARCH"];
    if (!go.host_goos.empty()) go.host_source = "`go env GOHOSTOS GOHOSTARCH`";
  }
}

}  // namespace

}  // namespace crossgo::env
