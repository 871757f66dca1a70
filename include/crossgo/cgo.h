// crossgo cgo: which packages of a build would use cgo for a target, through which imports they
// are reached, what CGO_ENABLED=0 would do to the build, and how that compares with a built binary.
//
// Data flows one way: `go list -deps -json` (run with an explicit environment, go_list.cc) →
// parse_go_list (a streaming parse of its concatenated JSON documents) → GoListResult →
// analyze() (reasons, chains, modules, the CGO_ENABLED=0 prediction from go/build's own file rules,
// include/crossgo/go_source.h) → CgoReport → renderers (src/output/cgo_*.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/env.h"
#include "crossgo/error.h"
#include "crossgo/finding.h"
#include "crossgo/go_source.h"
#include "crossgo/platform.h"

namespace crossgo::cgo {

// A module as go list names it (the "Module" object, with its "Replace").
struct ListedModule {
  std::string path;
  std::string version;  // "" for the main module and for a directory replacement
  bool main = false;
  std::string replace_path, replace_version;  // "=> ../cdep" or "=> other.example v1.2.3"
  std::string dir;
  // "example.com/cdep@v0.1.0 => ../cdep"
  std::string display() const;
};

struct ListedError {
  std::string message;
  std::string position;  // "file.go:3:8", may be empty
};

// One package of the `go list -deps -json` stream: the fields crossgo reads.
struct ListedPackage {
  std::string import_path, name, dir;
  bool standard = false;
  bool dep_only = false;  // only a dependency of what the patterns matched
  std::optional<size_t> module;  // index into GoListResult::modules
  std::vector<std::string> go_files, cgo_files, ignored_go_files, ignored_other_files;
  std::vector<std::string> c_files, cxx_files, m_files, h_files, f_files, s_files;
  std::vector<std::string> swig_files, swig_cxx_files, syso_files;
  std::vector<std::string> cgo_cflags, cgo_cppflags, cgo_cxxflags, cgo_fflags, cgo_ldflags, cgo_pkg_config;
  std::vector<std::string> imports;  // resolved import paths, "C" included when the package has it
  std::vector<std::string> match;    // the patterns it matched: the roots of the graph
  std::optional<ListedError> error;
  std::vector<ListedError> deps_errors;
  bool incomplete = false;

  // cmd/go's Package.UsesCgo (src/cmd/go/internal/load/pkg.go, Go 1.19): CgoFiles non-empty.
  bool uses_cgo() const { return !cgo_files.empty(); }
  bool uses_swig() const { return !swig_files.empty() || !swig_cxx_files.empty(); }
};

struct GoListResult {
  gosrc::BuildContext context;  // as `go list -f '{{context…}}'` reported it
  std::string go_version;       // the go command's version, "go1.19.8"
  std::vector<ListedModule> modules;
  std::vector<ListedPackage> packages;  // in go list order (dependencies before importers)
};

// Parses the concatenated JSON documents `go list -json` prints. Fields crossgo does not read are
// skipped; a document that is not a JSON object, or a stream cut short, is an error naming the
// byte offset. Bounded: at most limits::kMaxGoListPackages packages.
Result<GoListResult> parse_go_list(std::string_view json_stream);

// Parses `{{context.GOOS}}|{{context.GOARCH}}|{{context.CgoEnabled}}|{{join context.BuildTags ","}}|
// {{join context.ToolTags ","}}|{{join context.ReleaseTags ","}}|{{context.Compiler}}`.
std::optional<gosrc::BuildContext> parse_context_line(std::string_view line);

// ---- running go list ------------------------------------------------------------------------
struct GoListRequest {
  std::string go = "go";              // the go command (resolved with the environment's PATH)
  std::vector<std::string> patterns;  // default ./...
  std::optional<Target> target;       // GOOS/GOARCH (and GOARM …) to set; nullopt: go's own
  std::vector<std::string> tags;      // -tags
  bool cgo_enabled = true;            // CGO_ENABLED to set
  std::string cwd = ".";
  env::EnvMap process;                // the user's environment, filtered by go_list_environment
  int timeout_ms = 120000;
  bool deps = true;  // -deps: the packages and everything they import
};

struct GoListRun {
  std::vector<std::string> argv;       // what ran
  env::EnvMap environment;             // exactly the environment it ran with
  int exit_code = -1;
  bool timed_out = false;
  std::string error;                   // why it could not run, or the go command's stderr
  std::optional<GoListResult> result;  // set when go list answered
};

// The environment go list runs with: the user's PATH, HOME, XDG and TMPDIR, and every GO*
// variable (GOFLAGS, GOPATH, GOPROXY, GOWORK …) so the go command finds the same modules and
// caches, then GOOS/GOARCH/the sub-architecture variable and CGO_ENABLED as requested. Nothing
// else (no CC: go list does not compile), so a stray variable cannot change what it answers.
env::EnvMap go_list_environment(const GoListRequest& request);

GoListRun run_go_list(const GoListRequest& request);

// ---- analysis -------------------------------------------------------------------------------
enum class ReasonKind {
  import_c,        // Go files with import "C" (CgoFiles)
  c_files,         // .c files (compiled by the C compiler; need cgo or SWIG)
  cxx_files,       // .cc/.cpp/.cxx
  objc_files,      // .m
  fortran_files,   // .f/.F/.for/.f90
  swig,            // .swig/.swigcxx
  assembly_via_cc, // .s/.S in a cgo package: cmd/go hands them to the C compiler
  std_variant,     // a standard-library package that takes its cgo implementation
  runtime_cgo,     // runtime/cgo, the C bridge every cgo package imports implicitly
};
std::string_view to_string(ReasonKind kind);  // "import-C", "c-files", …

struct CgoReason {
  ReasonKind kind = ReasonKind::import_c;
  std::vector<std::string> files;
  std::string detail;  // for people
};

// What CGO_ENABLED=0 does to a package.
enum class WithoutCgo {
  unaffected,     // no file changes
  falls_back,     // builds with other files (net's Go resolver, os/user's pure-Go lookup …)
  drops_out,      // no longer imported by anything in the build
  breaks,         // the build fails in this package
  not_analysed,   // imported only under CGO_ENABLED=0: not in go list's graph
};
std::string_view to_string(WithoutCgo w);  // "unaffected", "falls-back", "drops-out", "breaks", …

struct PredictedError {
  std::string package;
  std::string file;              // absolute path, "" when the error is about the package
  gosrc::Position where;
  std::string message;           // as go build prints it: "undefined: Add"
};

struct CgoPackage {
  size_t package = 0;                // index into GoListResult::packages
  std::vector<CgoReason> reasons;
  // Shortest import chain first; every chain (capped) with AnalyzeOptions::all_paths. Each chain
  // is package indices from a root to this package; a step "implicit" is cgo's own import of
  // runtime/cgo (cmd/go/internal/load/pkg.go adds it to every cgo package).
  std::vector<std::vector<size_t>> chains;
  bool chains_truncated = false;
  WithoutCgo without = WithoutCgo::unaffected;
  std::string without_detail;        // what the fallback means, or why it breaks
  std::vector<std::string> files_lost, files_gained;  // CGO_ENABLED=0 file set changes
};

struct WithoutCgoPrediction {
  bool builds = true;
  std::vector<PredictedError> errors;
  std::vector<std::string> dropped;       // packages no longer in the build
  std::vector<std::string> not_analysed;  // import paths only CGO_ENABLED=0 imports
};

// Where crossgo's own go/build rules disagree with go list (a file go list built and crossgo
// would not, or the reverse): the prediction is then less sure, and the report says so.
struct RuleDisagreement {
  std::string package, file;
  bool go_list_builds = false;
  std::string crossgo_reason;
};

// The binary join: packages that call C in the built binary (inspect's go.cgo.packages) against
// source analysis's import-"C" packages.
struct BinaryJoin {
  std::string path;
  std::optional<bool> cgo_linked;
  std::vector<std::string> binary_packages;
  std::vector<std::string> both, only_binary, only_source;
  std::string target_note;  // when the binary's GOOS/GOARCH or tags differ from the analysis'
  std::string error;        // the binary could not be read
};

struct AnalyzeOptions {
  bool all_paths = false;
  size_t max_chains = 64;  // per package, with all_paths
  bool predict_without_cgo = true;
  std::vector<Code> ignored;
};

struct CgoReport {
  GoListResult list;
  std::vector<std::string> patterns;
  std::vector<size_t> roots;            // packages the patterns matched
  std::vector<CgoPackage> cgo_packages; // in chain-length order, then import path
  // The import subgraph that leads to cgo: every package on some path from a root to a cgo
  // package, and the edges between them (from, to, implicit).
  std::vector<size_t> graph_nodes;
  struct Edge {
    size_t from = 0, to = 0;
    bool implicit = false;
  };
  std::vector<Edge> graph_edges;
  std::optional<WithoutCgoPrediction> without;
  std::vector<RuleDisagreement> disagreements;
  std::vector<ListedError> package_errors;  // go list's own, with the package
  std::optional<BinaryJoin> binary;
  std::vector<Finding> findings;

  bool uses_cgo() const { return !cgo_packages.empty(); }
  const ListedPackage& pkg(size_t i) const { return list.packages[i]; }
};

CgoReport analyze(GoListResult list, const std::vector<std::string>& patterns, const AnalyzeOptions& options);

// What a built binary says about cgo and about how it was built (crossgo's own readers; nothing is
// run). The CLI takes the target and tags from it when the user gives none.
struct BinaryFacts {
  std::string path;
  std::string error;  // could not be read, or is not a Go binary with build info
  std::optional<std::string> goos, goarch;
  std::string variant;             // GOARM/GOAMD64 … build setting value, "" when none
  std::vector<std::string> tags;   // -tags build setting
  std::optional<std::string> cgo_enabled_setting;  // CGO_ENABLED build setting
  std::optional<bool> cgo_linked;
  std::vector<std::string> packages;  // packages calling C ("main" = the main package)
};
BinaryFacts read_binary_facts(const std::string& path);

// Adds the binary join (report.binary) and its finding (CG313) to `report`.
void join_binary(CgoReport& report, const BinaryFacts& binary);

// Draws `dot_text` with Graphviz (`dot -Tsvg`) into `path`, atomically. Returns "" or why not (dot
// is not installed, dot failed, the file could not be written).
std::string write_svg(const std::string& dot_text, const std::string& path, const env::EnvMap& process);

// ---- one package's files (crossgo cgo --files) ------------------------------------------------
struct FileRow {
  gosrc::FileDecision with_cgo;     // the target with CGO_ENABLED=1
  gosrc::FileDecision without_cgo;  // and with CGO_ENABLED=0
};
struct FilesReport {
  std::string import_path, dir;
  gosrc::BuildContext context;  // cgo_enabled true; without_cgo uses it with the cgo tag off
  std::vector<FileRow> files;   // every file of the directory, by name
  std::vector<RuleDisagreement> disagreements;  // with cgo, against go list's lists for the package
};
FilesReport package_files(const ListedPackage& package, const gosrc::BuildContext& context);

}  // namespace crossgo::cgo
