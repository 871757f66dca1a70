// The Go cross-build environment as `go build` will see it, with where each value comes from.
//
// collect() reads the sources Go reads (process environment, the `go env -w` file, $GOROOT/go.env,
// the toolchain's compiled-in defaults in $GOROOT/src) and asks the selected `go` and C compilers
// (argv, timeout, explicit environment; never a shell, never the network). resolve() applies Go's
// precedence (src/cmd/go/internal/cfg/cfg.go, EnvOrAndChanged and the go env -w file) and defaulting rules (src/cmd/go/internal/cfg/cfg.go, defaultContext; src/internal/buildcfg/cfg.go) for the selected Go version.
// Rules (findings) and predict() (explain) are pure functions of the result, so tests can build
// an Environment by hand or from a temp HOME with fake `go`/compiler scripts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/finding.h"
#include "crossgo/limits.h"
#include "crossgo/platform.h"
#include "crossgo/ports.h"

namespace crossgo::env {

using EnvMap = std::map<std::string, std::string>;

// ---- subprocess (toolchain.cc) ------------------------------------------------------------
struct ProcessResult {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1 when killed by a signal or not started
  std::string out;
  std::string err;
  bool out_truncated = false, err_truncated = false;  // more arrived than the cap kept
  std::string error;  // why it could not start
};
// Runs argv (argv[0] resolved with PATH from `env`) with exactly `env`, stdin from /dev/null,
// stdout/stderr captured up to a cap (stdout's is max_stdout), killed after timeout_ms.
ProcessResult run_process(const std::vector<std::string>& argv, const EnvMap& env, int timeout_ms,
                          const std::string& cwd = "/", size_t max_stdout = limits::kMaxProcessOutput);
// Like run_process, for asking a tool a question (go version, go env, CC -dumpmachine,
// pkg-config). Within a run (begin_run) the same question in the same environment is answered
// once, and a tool that timed out is not asked again (a hanging go costs one timeout, not six);
// outside a run it is run_process.
ProcessResult run_tool(const std::vector<std::string>& argv, const EnvMap& env, int timeout_ms,
                       const std::string& cwd = "/");
// Starts a run (one doctor/explain command): forgets earlier tools' answers, and sets one overall
// time limit (--timeout) for every tool run from now on: each is cut to what is left, and once it
// is spent tools are not started.
void begin_run(int seconds_from_now);
// Makes this process the subreaper of the tools it runs, so that descendants which leave the
// tool's process group (setsid) are killed when the tool is done. Only for a process that starts
// no other children (the crossgo CLI calls it): every child it did not start through run_process
// is taken for such an orphan.
void reap_orphaned_descendants();
// First executable `name` in the colon-separated `path`; relative names with '/' are made absolute
// against the working directory; empty and relative PATH entries are skipped (as Go's os/exec).
std::optional<std::string> find_executable(const std::string& name, const std::string& path);
// cmd/go's quoted.Split: words split on spaces, single or double quotes group.
std::vector<std::string> split_quoted(const std::string& s, std::string* error = nullptr);

// ---- sources --------------------------------------------------------------------------------
enum class Origin {
  unset,
  command_line,       // crossgo --target / --cgo
  process_env,        // OS environment (non-empty)
  goenv_file,         // `go env -w` file
  goroot_go_env,      // $GOROOT/go.env (go1.21+)
  toolchain_default,  // compiled into this toolchain ($GOROOT/src/.../z*.go)
  go_rule,            // Go's documented rule for this version, applied by crossgo
};
std::string_view to_string(Origin o);

struct EnvFile {
  std::string path;  // empty when there is none (GOENV=off, no home)
  bool exists = false;
  std::string state_note;  // "GOENV=off", "no HOME/XDG_CONFIG_HOME", "unreadable: …"
  EnvMap values;
  // What the path is when it is not a regular file: "directory", "FIFO", "character device",
  // "block device", "socket" (Go ignores a directory; a FIFO or /dev/zero makes go hang or read
  // forever, so crossgo never hands such a GOENV to the go it asks).
  std::string kind;
  uint64_t size = 0;
  bool truncated = false;  // larger than crossgo reads (limits::kMaxEnvFileScan): later lines unseen
};

struct GoToolchain {
  std::string path;  // selected `go` binary; empty = none found
  std::string path_source;  // "--go", "PATH", "$GOROOT/bin"
  std::optional<ports::GoVersion> version;
  std::string version_source;  // "go version", "$GOROOT/VERSION"
  std::string host_goos, host_goarch;  // of the go binary (`go version`), else this machine
  std::string host_source;
  std::string goroot, goroot_source;
  bool go_env_ok = false;
  std::string go_env_error;
  EnvMap go_env;  // `go env -json` answer
  // `go env` also reads GOFLAGS (e.g. a stray -w from an unquoted -ldflags value breaks it): when
  // the first probe fails, it is retried with GOFLAGS neutralised and the first error kept here.
  std::string go_env_goflags_error;
  // Compiled-in defaults read from $GOROOT/src (zbootstrap.go, zcgo.go, zdefaultcc.go):
  // keys GOARM, GOAMD64, GO386, …, GOEXPERIMENT, GO_LDSO, CGO_ENABLED, CC:<goos/goarch>, CC, CXX,
  // PKG_CONFIG. Missing key = unknown.
  EnvMap baked;
  std::string baked_source;
  bool prebuilt_runtime_cgo = false;  // $GOROOT/pkg/<host>/runtime/cgo.a (distro Go < 1.20)
};

struct CompilerProbe {
  std::string role;     // "CC" or "CXX"
  std::string command;  // as configured
  std::vector<std::string> argv;
  std::string resolved;  // absolute path of argv[0] or empty
  bool found = false;
  bool asked = false;
  std::string dumpmachine;  // triple the compiler reports
  std::string kind;         // gcc | clang | zig | unknown
  std::string error;
  std::string target_goos, target_goarch;  // what the triple means in Go terms ("" = unknown)
  std::string float_abi;  // ARM: hard | soft | "" (from triple or -mfloat-abi)
  std::string sysroot;    // --sysroot from argv / CGO flags
};

// ---- can the C toolchain build for the target? (cgo_probe.cc, pkg_config_probe.cc) -----------
// doctor does not trust that a cross compiler which exists and names the right triplet can build:
// it compiles and links a tiny program that includes the headers runtime/cgo includes, with the
// flags `go build` passes (cmd/go/internal/work/exec.go, compilerCmd and gccArchArgs, plus the
// effective CGO_* flags), in a private temporary directory, and reads what the linker produced.
enum class ProbeProblem {
  none,                    // built, and the output is for the target
  headers,                 // compile: a header is missing (no target C library headers)
  libc,                    // link: -lc / -lpthread / -lm … not found
  startup_files,           // link: crt1.o, Scrt1.o, crti.o … not found
  libgcc,                  // link: libgcc / crtbegin*.o not found
  wrong_linker,            // link: the linker cannot produce this target (emulation, file format)
  wrong_output,            // linked, but for another architecture than the target
  library_other_arch,      // link: a library that exists is for another architecture
  library_missing,         // link: a library named by -l (pkg-config) does not exist
  timed_out,
  other,                   // failed for a reason not classified: first_error says which
};
std::string_view to_string(ProbeProblem p);

struct BuildProbe {
  std::string role;  // "CC", "CXX", or "PKG_CONFIG" (CC with the pkg-config flags added)
  bool ran = false;
  bool ok = false;
  std::string step;  // where it failed: "compile" or "link"
  ProbeProblem problem = ProbeProblem::none;
  std::string missing;      // what the compiler says is missing: "bits/wordsize.h", "crt1.o", "-lc"
  std::string first_error;  // the compiler's own first error line
  std::vector<std::string> compile_argv, link_argv;  // exactly what ran (file names relative)
  std::string output;       // what the linked program is: "linux/arm64 (hard-float)"
  std::string skipped;      // why it did not run ("" when it ran)
  bool cached = false;      // answered from this run's probe cache
};

// What the main module's own files say about cgo (module_scan.cc): C++ files (CXX builds them)
// and `#cgo pkg-config:` directives (PKG_CONFIG is run for them). Bounded walk of the module
// directory only; dependencies are not scanned.
struct ModuleCgoUse {
  std::string root;                      // module directory; empty = no module
  std::vector<std::string> cxx_files;    // first few, relative to root
  std::vector<std::string> pkg_config;   // package names, in first-seen order
  std::string pkg_config_where;          // "file.go:12" of the first directive
  bool truncated = false;                // the walk stopped at its cap
};
ModuleCgoUse scan_module_cgo_use(const std::string& module_root);

struct PkgConfigProbe {
  bool ran = false;
  std::string command;  // effective PKG_CONFIG
  bool found = false;
  std::string error;    // pkg-config's own first error line
  std::string cflags, libs;
  std::vector<std::pair<std::string, std::string>> pc_dirs;  // package → directory of its .pc file
  std::vector<std::string> host_dirs;  // pc_dirs that are the build machine's own library dirs
  BuildProbe build;     // CC build with --cflags / --libs added
};

struct GoMod {
  std::string path;  // go.mod or go.work found upward from cwd; empty = none
  std::string go_line;
  std::string toolchain_line;
  int go_line_number = 0;  // 1-based, 0 when there is no such line
  int toolchain_line_number = 0;
  std::string error;
};
// Reads the go/toolchain lines of the nearest go.work or go.mod (gomod.cc). Bounded read.
GoMod find_gomod(const std::string& dir);

// ---- effective environment ------------------------------------------------------------------
struct Value {
  std::string name;
  std::string value;
  Origin origin = Origin::unset;
  std::string detail;  // file path, or rule with the Go version it applies to
  std::optional<std::string> go_reports;  // what `go env -json` said, when asked
  bool os_set_empty = false;              // present in the OS env but empty (does not override)
  std::optional<std::string> shadowed_file_value;  // go env -w value hidden by the OS env
  std::optional<std::string> shadowed_goroot_value;
};

struct CollectOptions {
  EnvMap process;                // the process environment to use
  std::optional<Target> target;  // --target
  std::string go_path;           // --go
  std::string cwd = ".";
  int timeout_ms = 10000;
  bool ask_tools = true;         // false: knowledge only, run nothing
  // When to prove the C toolchain with a real compile and link: when cgo is effectively on, or
  // also when it is off (explain --cgo predicts a cgo build), or never.
  enum class CgoProbe { if_enabled, always, never };
  CgoProbe cgo_probe = CgoProbe::if_enabled;
  std::string machine_goos = "linux", machine_goarch = "amd64";  // fallback host (uname)
};

struct Environment {
  EnvMap process;
  std::optional<Target> target;
  std::string cwd;
  EnvFile goenv;
  EnvFile goroot_env;
  GoToolchain go;
  GoMod gomod;
  ports::GoVersion version;  // selected Go version (assumed latest known if unknown)
  bool version_known = false;
  std::map<std::string, Value> vars;  // every variable shown by doctor, effective values
  std::string cgo_reason;             // why CGO_ENABLED has its value
  std::vector<CompilerProbe> compilers;
  ModuleCgoUse module_use;
  std::vector<BuildProbe> build_probes;  // CC, and CXX when set or the module has C++ files
  PkgConfigProbe pkg_config;             // ran only when the module uses #cgo pkg-config:

  const Value& var(const std::string& name) const;
  std::string get(const std::string& name) const { return var(name).value; }
  bool cross() const;  // GOOS/GOARCH differ from the go binary's own
  std::string subarch_variable() const;  // GOARM for arm, …; empty if none
  const CompilerProbe* compiler(const std::string& role) const;
  const BuildProbe* build_probe(const std::string& role) const;
};

// Variables doctor always shows, in display order (the sub-arch one is inserted after GOARCH).
const std::vector<std::string>& shown_variables();
// shown_variables() plus the sub-architecture variables that have a value in `env`, each right
// after GOARCH: the rows every doctor renderer shows.
std::vector<std::string> displayed_variables(const Environment& env);

Environment collect(const CollectOptions& options);
// Effective values and CGO default from already-gathered sources (collect() calls it; tests may).
void resolve(Environment& env);
// Asks CC / CXX what they target (collect() calls it when ask_tools).
void probe_compilers(Environment& env, int timeout_ms);
// Compiles and links for the target with CC (and CXX, and pkg-config's flags) as `go build` would;
// results are cached for the process per (compiler, mtime, flags, target). collect() calls it.
void probe_cgo_toolchain(Environment& env, int timeout_ms);
// Classifies a compiler/linker failure from its stderr (exposed for tests).
ProbeProblem classify_compiler_failure(const std::string& step, const std::string& stderr_text,
                                       std::string* missing, std::string* first_error);

// This process's environment (environ), for CollectOptions::process.
EnvMap current_process_environment();

// Machine this process runs on, in Go terms (uname).
void machine_platform(std::string& goos, std::string& goarch);

// ---- findings (rules_*.cc) -------------------------------------------------------------------
std::vector<Finding> check_target(const Environment& env);     // CG1xx
std::vector<Finding> check_goenv(const Environment& env);      // CG2xx
std::vector<Finding> check_cgo(const Environment& env);        // CG3xx
std::vector<Finding> check_compilers(const Environment& env);  // CG401-CG409
std::vector<Finding> check_cgo_toolchain(const Environment& env);  // CG410-CG416: the build probes
std::vector<Finding> check_linking(const Environment& env);    // CG5xx
std::vector<Finding> check_toolchain(const Environment& env);  // CG6xx
std::vector<Finding> check_goflags(const Environment& env);    // CG7xx
std::vector<Finding> check_agreement(const Environment& env);  // CG9xx
// All of the above, sorted, minus ignored codes.
std::vector<Finding> diagnose(const Environment& env, const std::vector<Code>& ignore);

// GOFLAGS (goflags.cc)
struct GoFlag {
  std::string word;   // as written
  std::string name;   // without dashes and value
  bool has_value = false;
  std::string value;
};
std::vector<GoFlag> parse_goflags(const std::string& goflags, std::string* error);
bool is_go_command_flag(const std::string& name, const ports::GoVersion& v);
bool is_build_flag(const std::string& name);

// ---- prediction (predict.cc) ------------------------------------------------------------------
struct Prediction {
  Target target;
  std::string go_version;
  bool cgo = false;
  std::string cgo_reason;
  std::string buildmode;  // exe | pie | c-shared | c-archive (what -buildmode=default becomes)
  std::string buildmode_reason;
  std::string linkmode;  // internal | external | "internal (std-only cgo) / external (own C code)"
  std::string linkmode_reason;
  std::string format;    // ELF, PE, Mach-O …
  std::string linkage;   // static | dynamic | static-pie? | n/a
  std::string linkage_reason;
  std::optional<std::string> interpreter;
  std::string libc;      // glibc | musl | none | system (darwin/windows) | bionic
  std::string resolver;  // net package
  std::string os_user;
  std::string subarch;   // "GOARM=7 (default …)"
  bool will_build = true;  // false when Go or the C toolchain will stop the build
  std::vector<std::string> failure;  // what will fail, with Go's message
  std::vector<std::string> missing;  // what is still needed, e.g. "a C compiler for aarch64-linux-gnu"
};

// cgo_override: --cgo / --no-cgo (as if CGO_ENABLED were set on the command line). For
// cgo_override=true, collect with CollectOptions::CgoProbe::always: where cgo is off by default
// the C toolchain is otherwise not asked, and the prediction cannot see what it would do.
Prediction predict(const Environment& env, std::optional<bool> cgo_override,
                   const std::string& buildmode = "default");

}  // namespace crossgo::env

namespace crossgo::env {

// `explain --matrix`: the eight combinations the project started from, for this host:
// (same / other GOOS) × (same / other GOARCH) × (CGO_ENABLED 0 / 1).
struct MatrixCase {
  bool same_goos = true;
  bool same_goarch = true;
  bool cgo = false;
  Prediction prediction;
};
std::vector<MatrixCase> explain_matrix(const CollectOptions& options);

}  // namespace crossgo::env
