// Helpers shared by the src/env/*.cc files; not part of the public API.
#pragma once

#include <optional>
#include <string>

#include "crossgo/env.h"

namespace crossgo::env {

std::optional<std::string> read_small_file(const std::string& path, size_t cap);
bool is_directory(const std::string& path);
bool path_exists(const std::string& path);
EnvMap parse_env_file(const std::string& text);
// Path of the `go env -w` file for this environment, and a note on how it was chosen.
std::string goenv_file_path(const EnvMap& process, std::string* note);
EnvFile load_env_file(const std::string& path, const std::string& note);
void read_baked_defaults(GoToolchain& go);

// toolchain.cc
void find_go(GoToolchain& go, const EnvMap& process, const std::string& explicit_go);
void ask_go_version(GoToolchain& go, const EnvMap& process, int timeout_ms);
void ask_go_env(GoToolchain& go, const EnvMap& probe_env, int timeout_ms);
// `go env -json` output: string values into `out`; false (with why) when it is not a JSON object.
bool parse_go_env_json(const std::string& text, EnvMap& out, std::string* error);
// The CGO_* flags and PKG_CONFIG, which make go run the C compiler: only for builds that would.
void ask_go_env_costly(GoToolchain& go, const EnvMap& probe_env, int timeout_ms);
// The environment used to run `go` for probes: the process env plus the target, with downloads
// and network off (GOTOOLCHAIN=local, GOPROXY=off).
EnvMap probe_environment(const EnvMap& process, const std::optional<Target>& target);

// compilers.cc: GNU triplet → Go names.
void triple_to_go(const std::string& triple, std::string& goos, std::string& goarch);
std::string triple_float_abi(const std::string& triple);

// Small string helpers.
std::string trim_copy(const std::string& s);
bool starts_with(const std::string& s, const std::string& prefix);
bool contains(const std::string& s, const std::string& part);
std::string join(const std::vector<std::string>& parts, const std::string& sep);

}  // namespace crossgo::env

namespace crossgo::env {

// rules_common.cc
// Where a value lives: its variable, and the file it comes from (go env -w, $GOROOT/go.env) if any.
Location location_of(const Value& v);
// Set by the user (environment, go env -w file, command line), not a default.
bool explicitly_set(const Value& v);
// "from the process environment", "from the go env -w file (/home/u/.config/go/env)", …
std::string where(const Value& v);
// Command that sets `name=value` where it is currently configured (export / go env -w).
std::string set_command(const Value& v, const std::string& value);
// Command that removes the current setting of v.
std::string unset_command(const Value& v);
// Visible form of a value: quotes, \r and other control characters escaped.
std::string shown(const std::string& value);
// The C cross compiler to suggest for a target: one found on PATH if any, else the usual name.
std::string suggested_cc(const Environment& e, bool cxx = false);

}  // namespace crossgo::env

namespace crossgo::env {

// predict.cc: consequences of cgo on/off for a target (src/net/conf.go and src/os/user).
std::string net_resolver(const std::string& goos, bool cgo, const ports::GoVersion& v);
std::string os_user_impl(const std::string& goos, bool cgo, const ports::GoVersion& v);
std::string linkage_summary(const std::string& goos, bool cgo);
bool cgo_on(const Environment& e);
// Whether `go build` would run the C toolchain for this environment (cgo, or forced external linking).
bool c_toolchain_needed(const Environment& e);

}  // namespace crossgo::env

namespace crossgo::env {

// cgo_probe.cc: one compile-and-link of a probe program, as `go build` would run it.
struct BuildRequest {
  std::string role;  // CC, CXX or PKG_CONFIG
  bool cxx = false;  // C++ source, compiled and linked with CXX
  std::vector<std::string> compiler;  // argv of CC/CXX, argv[0] absolute
  std::vector<std::string> compile_flags, link_flags;  // after Go's own compilerCmd flags
};
// CC (role "CC"/"PKG_CONFIG") or CXX with the effective CGO_* flags and runtime/cgo's LDFLAGS.
BuildRequest compiler_build_request(const Environment& e, const std::string& role);
BuildProbe run_build_probe(const Environment& e, const BuildRequest& request, int timeout_ms);
// pkg_config_probe.cc
PkgConfigProbe probe_pkg_config(const Environment& e, int timeout_ms);

}  // namespace crossgo::env

