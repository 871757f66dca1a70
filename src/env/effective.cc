// Effective values: Go's precedence (src/cmd/go/internal/cfg/cfg.go, EnvOrAndChanged and the go env -w file: non-empty OS variable > go env -w file >
// $GOROOT/go.env (go1.21+) > compiled-in default) and Go's defaulting rules for the selected
// version (src/cmd/go/internal/cfg/cfg.go, defaultContext CGO_ENABLED, src/cmd/dist/build.go and buildgo.go, defaultcc DefaultCC, src/internal/buildcfg/cfg.go sub-arch variables).
#include <future>

#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

struct Resolver {
  Environment& e;

  Value lookup(const std::string& name) const {
    Value v;
    v.name = name;
    auto p = e.process.find(name);
    const bool os_has = p != e.process.end();
    auto f = e.goenv.values.find(name);
    const bool file_has = f != e.goenv.values.end();
    const bool goroot_env_applies = e.version.at_least(21) && name != "GOROOT";
    auto g = e.goroot_env.values.find(name);
    const bool groot_has = goroot_env_applies && g != e.goroot_env.values.end();
    if (os_has && !p->second.empty()) {
      v.value = p->second;
      v.origin = Origin::process_env;
      if (file_has) v.shadowed_file_value = f->second;
      if (groot_has) v.shadowed_goroot_value = g->second;
      return v;
    }
    v.os_set_empty = os_has;
    if (file_has) {
      v.value = f->second;
      v.origin = Origin::goenv_file;
      v.detail = e.goenv.path;
      if (groot_has) v.shadowed_goroot_value = g->second;
      return v;
    }
    if (groot_has) {
      v.value = g->second;
      v.origin = Origin::goroot_go_env;
      v.detail = e.go.goroot + "/go.env";
    }
    return v;
  }

  std::string baked(const std::string& key) const {
    auto it = e.go.baked.find(key);
    return it == e.go.baked.end() ? std::string() : it->second;
  }
  bool has_baked(const std::string& key) const { return e.go.baked.count(key) != 0; }
  // Which generated file a compiled-in default was read from.
  std::string baked_file(const std::string& key) const {
    const std::string root = "$GOROOT/src/";
    if (key == "CGO_ENABLED")
      return root + (e.version.at_least(25) ? "internal/buildcfg/zbootstrap.go" : "go/build/zcgo.go");
    if (starts_with(key, "CC") || starts_with(key, "CXX") || key == "PKG_CONFIG")
      return root + "cmd/go/internal/cfg/zdefaultcc.go";
    return root + "internal/buildcfg/zbootstrap.go";
  }

  void set(Value v) { e.vars[v.name] = std::move(v); }

  void with_default(const std::string& name, const std::string& def, Origin origin,
                    const std::string& detail) {
    Value v = lookup(name);
    if (v.origin == Origin::unset) {
      v.value = def;
      v.origin = origin;
      v.detail = detail;
    }
    set(std::move(v));
  }

  std::string vname() const { return e.version.name() + (e.version_known ? "" : ", assumed"); }

  void goos_goarch() {
    for (const char* name : {"GOOS", "GOARCH"}) {
      Value v = lookup(name);
      if (e.target) {
        Value t;
        t.name = name;
        t.value = std::string(name) == "GOOS" ? e.target->goos : e.target->goarch;
        t.origin = Origin::command_line;
        t.detail = "--target";
        if (v.origin != Origin::unset) {
          if (v.origin == Origin::goenv_file) t.shadowed_file_value = v.value;
          else if (v.origin == Origin::process_env) t.detail += " (overrides $" + std::string(name) + "=" + v.value + ")";
        }
        set(t);
        continue;
      }
      if (v.origin == Origin::unset) {
        v.value = std::string(name) == "GOOS" ? e.go.host_goos : e.go.host_goarch;
        v.origin = Origin::toolchain_default;
        v.detail = "the go binary's own " + std::string(name) + ", from " + e.go.host_source;
      }
      set(std::move(v));
    }
  }

  void subarch() {
    const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
    auto sub = ports::subarch_for(goarch, goos, e.version);
    for (const auto& name : ports::subarch_variables()) {
      const bool applies = sub && sub->variable == name;
      Value v = lookup(name);
      if (applies && e.target && e.target->variant_variable() == name) {
        Value t;
        t.name = name;
        t.value = e.target->variant;
        t.origin = Origin::command_line;
        t.detail = "--target variant";
        if (v.origin == Origin::goenv_file) t.shadowed_file_value = v.value;
        set(t);
        continue;
      }
      if (v.origin == Origin::unset && applies) {
        if (name == "GOARM" && goos == "android") {
          v.value = "7";
          v.origin = Origin::go_rule;
          v.detail = sub->default_note;
        } else if (has_baked(name) && !baked(name).empty()) {
          v.value = baked(name);
          v.origin = Origin::toolchain_default;
          v.detail = baked_file(name);
        } else {
          v.value = sub->default_value;
          v.origin = Origin::go_rule;
          v.detail = sub->default_note;
        }
      }
      if (applies || v.origin != Origin::unset || v.os_set_empty) set(std::move(v));
    }
  }

  void cc_cxx() {
    const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
    const std::string pair = goos + "/" + goarch;
    for (const char* role_c : {"CC", "CXX"}) {
      const std::string role = role_c;
      Value v = lookup(role);
      if (v.origin == Origin::unset) {
        const bool cxx = role == "CXX";
        if (has_baked(role + ":" + pair)) {
          v.value = baked(role + ":" + pair);
          v.origin = Origin::toolchain_default;
          v.detail = "Default" + role + "(" + pair + ") in " + baked_file(role);
        } else if (has_baked(role) && !has_baked(role + "_CLANGOS")) {
          v.value = baked(role);
          v.origin = Origin::toolchain_default;
          v.detail = "Default" + role + " in " + baked_file(role);
        } else {
          std::string cc = ports::default_cc(goos, e.go.host_goos, e.version);
          v.value = cxx ? (cc == "clang" ? "clang++" : "g++") : cc;
          v.origin = Origin::go_rule;
          v.detail = e.version.at_least(21)
                         ? "cmd/dist fallback by target OS (clang for darwin/ios/freebsd/openbsd), " + vname()
                         : "cmd/dist fallback by host OS, " + vname();
        }
      }
      set(std::move(v));
    }
  }

  void cgo_enabled() {
    Value v = lookup("CGO_ENABLED");
    const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
    if (v.origin != Origin::unset && (v.value == "0" || v.value == "1")) {
      e.cgo_reason = "CGO_ENABLED=" + v.value + " set in the " + std::string(to_string(v.origin)) +
                     (v.detail.empty() ? "" : " (" + v.detail + ")");
      set(std::move(v));
      return;
    }
    std::string ignored;
    if (v.origin != Origin::unset)
      ignored = "CGO_ENABLED=" + v.value + " (" + std::string(to_string(v.origin)) +
                ") is not 0 or 1, so Go ignores it; ";
    Value out = v;
    out.origin = Origin::go_rule;
    const bool cross = e.cross();
    const std::string b = baked("CGO_ENABLED");
    const bool baked_set = b == "0" || b == "1";
    const int m = e.version.minor;
    auto decide = [&](const std::string& val, const std::string& why, Origin o = Origin::go_rule) {
      out.value = val;
      out.origin = o;
      out.detail = why;
      e.cgo_reason = ignored + why;
    };
    if (m >= 25 && baked_set) {
      decide(b, "the toolchain was built with CGO_ENABLED=" + b + " (" + baked_file("CGO_ENABLED") +
                    "); since go1.25 that applies to cross builds too",
             Origin::toolchain_default);
    } else if (cross) {
      decide("0", "cross-compiling (" + goos + "/" + goarch + " differs from the go binary's " +
                      e.go.host_goos + "/" + e.go.host_goarch +
                      "): cgo is off unless CGO_ENABLED=1 is set (" + vname() + ")");
    } else if (m < 25 && baked_set) {
      decide(b, "the toolchain was built with CGO_ENABLED=" + b + " (" + baked_file("CGO_ENABLED") + ")",
             Origin::toolchain_default);
    } else if (!ports::port_status(goos, goarch, e.version).cgo_supported) {
      decide("0", goos + "/" + goarch + " does not support cgo (" + vname() + ")");
    } else {
      auto os_cc = e.process.find("CC");
      const bool os_cc_set = os_cc != e.process.end() && !os_cc->second.empty();
      const std::string cc = e.get("CC");
      auto path_it = e.process.find("PATH");
      const std::string path = path_it == e.process.end() ? "" : path_it->second;
      auto words = split_quoted(cc);
      const bool cc_found = !words.empty() && find_executable(words[0], path).has_value();
      if (m >= 20 && !os_cc_set && !cc_found) {
        decide("0", "native build, but the default C compiler \"" + cc +
                        "\" is not in $PATH and $CC is not set in the OS environment (rule since go1.20)");
      } else if (!cc_found && m < 20) {
        decide("1", "native build on a cgo port; before go1.20 cgo stays on even though the C compiler \"" +
                        cc + "\" is not in $PATH");
      } else {
        decide("1", "native build on a cgo port with a C compiler (\"" + cc + "\")" +
                        (os_cc_set ? " from $CC" : " found in $PATH"));
      }
    }
    set(std::move(out));
  }

  void rest() {
    const std::string vn = vname();
    with_default("AR", "ar", Origin::go_rule, "cmd/go default");
    if (has_baked("PKG_CONFIG"))
      with_default("PKG_CONFIG", baked("PKG_CONFIG"), Origin::toolchain_default, baked_file("PKG_CONFIG"));
    else
      with_default("PKG_CONFIG", "pkg-config", Origin::go_rule, "cmd/go default");
    with_default("CGO_CFLAGS", "-g -O2", Origin::go_rule, "cmd/go default");
    with_default("CGO_CPPFLAGS", "", Origin::go_rule, "cmd/go default");
    with_default("CGO_CXXFLAGS", "-g -O2", Origin::go_rule, "cmd/go default");
    with_default("CGO_LDFLAGS", "-g -O2", Origin::go_rule, "cmd/go default");
    with_default("GOFLAGS", "", Origin::go_rule, "none");
    if (e.version.at_least(21))
      with_default("GOTOOLCHAIN", "local", Origin::toolchain_default,
                   "no $GOROOT/go.env entry (official releases ship GOTOOLCHAIN=auto there)");
    else
      with_default("GOTOOLCHAIN", "", Origin::go_rule, "GOTOOLCHAIN does not exist before go1.21 (" + vn + ")");
    with_default("GOEXPERIMENT", baked("GOEXPERIMENT"), Origin::toolchain_default,
                 has_baked("GOEXPERIMENT") ? baked_file("GOEXPERIMENT") : "none");
    auto home = e.process.find("HOME");
    with_default("GOPATH", home == e.process.end() || home->second.empty() ? "" : home->second + "/go",
                 Origin::go_rule, "$HOME/go");
    // GOENV and GOROOT are not read from the go env -w file the normal way.
    Value genv;
    genv.name = "GOENV";
    auto p = e.process.find("GOENV");
    if (p != e.process.end() && !p->second.empty()) {
      genv.value = p->second == "off" ? "" : p->second;  // go env GOENV prints nothing for off
      genv.origin = Origin::process_env;
      if (p->second == "off") genv.detail = "GOENV=off: no go env -w file";
    } else {
      genv.value = e.goenv.path;
      genv.origin = Origin::go_rule;
      genv.detail = e.goenv.state_note;
    }
    set(genv);
    Value root;
    root.name = "GOROOT";
    root.value = e.go.goroot;
    root.origin = e.go.goroot_source == "process environment" ? Origin::process_env
                  : e.go.goroot_source == "go env -w file"    ? Origin::goenv_file
                  : e.go.goroot.empty()                       ? Origin::unset
                                                              : Origin::toolchain_default;
    if (root.origin == Origin::toolchain_default) root.detail = e.go.goroot_source;
    if (root.origin == Origin::goenv_file) root.detail = e.goenv.path;
    set(root);
  }

  void attach_go_answers() {
    if (!e.go.go_env_ok) return;
    for (auto& [name, v] : e.vars) {
      auto it = e.go.go_env.find(name);
      if (it != e.go.go_env.end()) v.go_reports = it->second;
    }
  }
};

}  // namespace

void resolve(Environment& e) {
  if (e.go.version) {
    e.version = *e.go.version;
    e.version_known = true;
  } else {
    e.version = ports::GoVersion{ports::kLatestKnownMinor, 0, ""};
    e.version_known = false;
  }
  if (e.go.host_goos.empty()) {
    machine_platform(e.go.host_goos, e.go.host_goarch);
    e.go.host_source = "this machine (no go binary answered)";
  }
  e.vars.clear();
  Resolver r{e};
  r.goos_goarch();
  r.subarch();
  r.cc_cxx();
  r.cgo_enabled();
  r.rest();
  r.attach_go_answers();
}

bool c_toolchain_needed(const Environment& e) {
  if (cgo_on(e)) return true;
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (!ports::is_goos(goos) || !ports::is_goarch(goarch)) return false;
  return ports::must_link_external(goos, goarch, false, e.version, nullptr) ||
         (ports::default_pie(goos, goarch, false, e.version) &&
          !ports::internal_link_pie_supported(goos, goarch, e.version));
}

Environment collect(const CollectOptions& opt) {
  Environment e;
  e.process = opt.process;
  e.target = opt.target;
  e.cwd = opt.cwd;
  find_go(e.go, e.process, opt.go_path);
  std::string note;
  std::string path = goenv_file_path(e.process, &note);
  e.goenv = load_env_file(path, note);
  if (e.go.goroot_source != "process environment") {
    auto it = e.goenv.values.find("GOROOT");
    if (it != e.goenv.values.end() && !it->second.empty()) {
      e.go.goroot = it->second;
      e.go.goroot_source = "go env -w file";
    }
  }
  EnvMap probe = probe_environment(e.process, e.target);
  // A FIFO or device as the go env -w file makes go hang or read forever: never hand it over.
  if (!e.goenv.kind.empty() && e.goenv.kind != "directory") probe["GOENV"] = "off";
  // `go env` does not depend on `go version`'s answer: ask both at once (a hanging go costs one
  // timeout), the first into a copy that is merged below.
  GoToolchain asked = e.go;
  std::future<void> env_answer;
  if (opt.ask_tools)
    env_answer = std::async(std::launch::async, [&asked, &probe, &opt] { ask_go_env(asked, probe, opt.timeout_ms); });
  if (opt.ask_tools) {
    ask_go_version(e.go, e.process, opt.timeout_ms);
  } else if (!e.go.goroot.empty()) {
    if (auto t = read_small_file(e.go.goroot + "/VERSION", 4096)) {
      e.go.version = ports::GoVersion::parse(trim_copy(t->substr(0, t->find('\n'))));
      if (e.go.version) e.go.version_source = "$GOROOT/VERSION";
    }
  }
  if (env_answer.valid()) {
    env_answer.get();
    e.go.go_env = std::move(asked.go_env);
    e.go.go_env_ok = asked.go_env_ok;
    e.go.go_env_error = std::move(asked.go_env_error);
    e.go.go_env_goflags_error = std::move(asked.go_env_goflags_error);
    if (e.go.host_goos.empty() && !asked.host_goos.empty()) {
      e.go.host_goos = asked.host_goos;
      e.go.host_goarch = asked.host_goarch;
      e.go.host_source = asked.host_source;
    }
  }
  if (e.go.host_goos.empty()) {
    e.go.host_goos = opt.machine_goos;
    e.go.host_goarch = opt.machine_goarch;
    e.go.host_source = "this machine (no go binary answered)";
  }
  if (!e.go.goroot.empty()) {
    if (!e.go.version || e.go.version->at_least(21))
      e.goroot_env = load_env_file(e.go.goroot + "/go.env", "");
    read_baked_defaults(e.go);
    const std::string cgo_a = e.go.goroot + "/pkg/" + e.go.host_goos + "_" + e.go.host_goarch + "/runtime/cgo.a";
    e.go.prebuilt_runtime_cgo = path_exists(cgo_a);
  }
  e.gomod = find_gomod(opt.cwd);
  resolve(e);
  // CC and CXX are only run when the build would run them: cgo on (or explain --cgo), or a target
  // that links externally even without cgo (a default PIE Go's linker cannot link internally).
  if (opt.ask_tools && (opt.cgo_probe == CollectOptions::CgoProbe::always || c_toolchain_needed(e))) {
    probe_compilers(e, opt.timeout_ms);
    // go runs CC to answer for the CGO_* flags: only once CC has shown that it answers at all.
    const CompilerProbe* cc = e.compiler("CC");
    if (cc != nullptr && cc->found && cc->error.empty()) {
      ask_go_env_costly(e.go, probe, opt.timeout_ms);
      resolve(e);
    }
  }
  const bool prove = opt.ask_tools && (opt.cgo_probe == CollectOptions::CgoProbe::always ||
                                       (opt.cgo_probe == CollectOptions::CgoProbe::if_enabled && cgo_on(e)));
  if (prove) {
    const std::string& mod = e.gomod.path;
    e.module_use = scan_module_cgo_use(mod.empty() ? std::string() : mod.substr(0, mod.find_last_of('/')));
    probe_cgo_toolchain(e, opt.timeout_ms);
  }
  return e;
}

}  // namespace crossgo::env
