// Go source files as go/build sees them, without a Go toolchain: which files of a package build for
// a target (build constraints, file names, cgo), and what a Go file imports, declares and uses.
//
// The rules are go/build's (src/go/build/build.go: Context.matchFile, shouldBuild, matchTag,
// goodOSArchFile; src/go/build/constraint/expr.go for the `//go:build` grammar and the old
// `// +build` lines; src/go/build/syslist.go for the GOOS/GOARCH names a file name can carry),
// for the Go versions crossgo knows (1.19 and later). crossgo cgo uses them to say *why* a file is
// in or out, and to predict a CGO_ENABLED=0 build from a CGO_ENABLED=1 `go list`.
//
// Input is hostile: every reader here is bounded (limits::kMaxGoSourceBytes per file) and a
// malformed file is an error value, never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crossgo::gosrc {

// The build context of one target, as `go list -f '{{context.…}}'` states it. Tags are satisfied
// as go/build's Context.matchTag satisfies them: GOOS, GOARCH, the compiler, "cgo" when
// cgo_enabled, "unix" for a Unix GOOS (Go 1.19+), the implied OS (android → linux,
// illumos → solaris, ios → darwin), and every build, tool and release tag listed.
struct BuildContext {
  std::string goos = "linux";
  std::string goarch = "amd64";
  std::string compiler = "gc";
  bool cgo_enabled = false;
  std::vector<std::string> build_tags;    // -tags
  std::vector<std::string> tool_tags;     // goexperiment.*, amd64.v2 … (Go 1.21+ has the latter)
  std::vector<std::string> release_tags;  // go1.1 … go1.N
  // The Go minor version the rules follow (19 for Go 1.19): which names syslist.go knows
  // (wasip1 is a GOOS from 1.21 on: before, foo_wasip1.go builds everywhere) and whether
  // "unix" is a tag. 0 = the newest crossgo knows.
  int go_minor = 0;
};

// True when `tag` is satisfied in `context` (go/build Context.matchTag).
bool match_tag(std::string_view tag, const BuildContext& context);

// A `//go:build` expression, or the `// +build` lines of an older file, evaluated. `error` is set
// (and the result nullopt) when the text is not a valid expression; go/build then excludes the file
// and `go list` reports the error.
std::optional<bool> eval_go_build(std::string_view expression, const BuildContext& context,
                                  std::string* error);
// eval_plus_build takes each line's text after "+build" and AND-s the lines. Every word parses (an
// invalid tag stands for "ignore", as in go/build); only a line with more than 100 operators is an
// error, from Go 1.22 on (go_minor 22+). go/build skips such a line rather than failing the file,
// and decide_file does too. Both evaluators cap nesting at 1000 (Go 1.23's limit) for every version.
std::optional<bool> eval_plus_build(const std::vector<std::string>& lines, const BuildContext& context,
                                    std::string* error);

// When the file name alone excludes the file for `context` (goodOSArchFile: a _GOOS, _GOARCH or
// _GOOS_GOARCH suffix before the extension and an optional _test), the reason ("file name suffix
// _windows: GOOS is linux"); nullopt when the name allows it.
std::optional<std::string> filename_excludes(std::string_view file_name, const BuildContext& context);

// What kind of file go/build takes a name for (by extension, as Context.Import sorts them).
enum class FileKind {
  go,         // .go
  c,          // .c
  cxx,        // .cc .cpp .cxx
  objc,       // .m
  fortran,    // .f .F .for .f90
  assembly,   // .s .S .sx
  header,     // .h .hh .hpp .hxx
  swig,       // .swig
  swigcxx,    // .swigcxx
  syso,       // .syso
  other,      // anything else: go/build ignores it
};
std::string_view to_string(FileKind kind);  // "go", "c", "cxx", "objc", "fortran", "assembly", …
FileKind file_kind(std::string_view file_name);

struct Position {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes, as the Go compiler counts
};

struct GoImport {
  std::string path;
  Position where;
};

// A package-level declaration: func (not a method), var, const or type.
struct GoDeclaration {
  std::string name;
  std::string kind;  // "func", "var", "const", "type"
  Position where;
};

// An identifier used in a Go file that may refer to a package-level name: not after a '.', not a
// field name in a composite literal key or a struct field declaration, not a declaration itself,
// not a keyword or predeclared name. A heuristic for "undefined: X" predictions: local variables
// with the same name are not told apart.
struct GoIdentifierUse {
  std::string name;
  Position where;
};

// The leading part of a file go/build reads (comments, build constraints, package clause,
// imports), and optionally the whole file's declarations and identifier uses.
struct GoFileScan {
  std::string package_name;
  std::optional<std::string> go_build;     // the //go:build expression text, when there is one
  Position go_build_where;
  std::vector<std::string> plus_build;     // `// +build` lines' text after "+build"
  Position plus_build_where;               // of the first of them
  std::vector<GoImport> imports;           // in file order, "C" included
  bool imports_c = false;
  Position import_c_where;
  std::vector<std::string> cgo_directives;  // `#cgo …` lines of the preamble of import "C", as written
  // Filled only by a full scan:
  std::vector<GoDeclaration> declarations;
  std::vector<GoIdentifierUse> uses;
};

enum class ScanDepth { header, full };

// Scans Go source text. An error (unterminated comment or string in the header, no package clause)
// is returned with its position; a file go/build cannot parse is excluded by go list with an error.
struct GoScanResult {
  std::optional<GoFileScan> scan;
  std::string error;  // "" when scan is set
  Position error_where;
};
GoScanResult scan_go_source(std::string_view text, ScanDepth depth);

// Build constraints of a non-Go file (C, assembly …): the `//go:build` / `// +build` lines at its
// top, as go/build reads them from the leading // comments of any file it matches.
GoScanResult scan_other_source_header(std::string_view text);

// Whether one file of a package builds for the target, and why, as go/build decides it for
// `go list` (Context.matchFile, plus Import's own rules for names, tests and import "C").
enum class FileRule {
  builds,             // every rule allows it
  ignored_name,       // starts with '_' or '.' (go/build skips it before reading)
  test_file,          // *_test.go: only `go test` builds it
  file_name,          // _GOOS / _GOARCH suffix
  constraint,         // //go:build or // +build evaluated false ("ignore" included)
  bad_constraint,     // the constraint does not parse
  cgo_disabled,       // imports "C" while cgo is disabled (go/build files it as ignored)
  not_source,         // an extension go/build does not build from
  unreadable,         // could not be read or scanned (error says why)
};
std::string_view to_string(FileRule rule);  // "builds", "ignored-name", "test-file", …

struct FileDecision {
  std::string name;
  FileKind kind = FileKind::other;
  bool builds = false;
  FileRule rule = FileRule::not_source;
  std::string reason;      // for people: "//go:build linux && !cgo is false for linux/amd64 with cgo"
  std::string constraint;  // the expression as written, or the +build lines joined with " / "
  Position constraint_where;
  std::optional<GoFileScan> scan;  // the header scan of a Go file that was read
};

// Decides `name` in directory `dir` for `context`; reads at most the file's header (bounded).
// Per file only: a .S or .sx file that builds goes to SFiles only when the package has CgoFiles,
// otherwise go/build lists it in IgnoredOtherFiles (build.go Import). A Go file in package
// "documentation" is reported as FileRule::constraint (go/build lists it in IgnoredGoFiles).
// A Go file whose header does not parse is FileRule::unreadable unless a constraint excludes it
// first (go/build evaluates the leading comments of such a file anyway); a NUL byte in what
// go/build reads makes it unreadable regardless. `scan` is set whenever the header scanned.
FileDecision decide_file(const std::string& dir, const std::string& name, const BuildContext& context);

// Reads a whole Go file (bounded) and scans it fully; for the CGO_ENABLED=0 prediction.
GoScanResult scan_go_file(const std::string& path, ScanDepth depth);

}  // namespace crossgo::gosrc

namespace crossgo::gosrc {

// What a Go file's identifiers refer to beyond GoFileScan::uses (go_uses.cc), for the
// CGO_ENABLED=0 prediction: the names it declares inside functions (so a local variable is not
// taken for a package-level name of the same spelling), its qualified identifiers `X.Name` (an
// importer's use of another package's exported name), and each import's local name.
struct GoFileUses {
  std::vector<std::string> local_names;  // sorted, unique
  struct Qualified {
    std::string qualifier, name;
    Position where;  // of name: where the type checker reports "undefined: X.Name"
  };
  std::vector<Qualified> qualified;
  struct Import {
    std::string path;
    std::string name;  // the alias as written ("." and "_" included), "" when none
  };
  std::vector<Import> imports;
};
std::optional<GoFileUses> scan_go_uses(std::string_view text);
// A whole Go file, at most limits::kMaxGoSourceBytes, regular files only; nullopt otherwise.
std::optional<std::string> read_go_source(const std::string& path);

}  // namespace crossgo::gosrc
