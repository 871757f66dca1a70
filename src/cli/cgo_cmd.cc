// crossgo cgo [PACKAGES]: which packages would use cgo for the target, through which imports, and
// what CGO_ENABLED=0 would do; --files PKG: which files of one package build for the target, and
// why. Parses flags, runs go list through the library (src/cgo/), hands the report to a renderer
// (src/output/cgo_*.cc).
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "crossgo/cgo.h"
#include "crossgo/cgo_output.h"
#include "crossgo/text_escape.h"

namespace crossgo::cli {
namespace {

struct CgoOptions {
  std::vector<std::string> patterns;
  std::string target;
  std::vector<std::string> tags;
  bool all_paths = false;
  bool json = false;
  std::string format = "text";
  std::string svg;
  std::string files;
  std::string binary;
  std::string go = "go";
  std::string dir = ".";
  int timeout_seconds = 300;
  bool verbose = false;
  std::vector<std::string> ignore;
};

std::vector<std::string> split_tags(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) {
    size_t b = 0;
    while (b <= a.size()) {
      size_t c = a.find_first_of(", ", b);
      if (c == std::string::npos) c = a.size();
      if (c > b) out.push_back(a.substr(b, c - b));
      b = c + 1;
    }
  }
  return out;
}

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

int go_failed(const cgo::GoListRun& run) {
  std::fprintf(stderr, "crossgo cgo: go list failed:\n%s\n", escape_for_terminal(run.error).c_str());
  return kExitUnreadable;
}

int run_files(const CgoOptions& opt, cgo::GoListRequest request) {
  request.patterns = {opt.files};
  request.deps = false;
  const cgo::GoListRun run = cgo::run_go_list(request);
  if (!run.result) return go_failed(run);
  const auto& packages = run.result->packages;
  if (packages.size() != 1) {
    std::fprintf(stderr, "crossgo cgo --files: %s names %zu packages; name one\n", escape_for_terminal(opt.files).c_str(),
                 packages.size());
    return kExitUsage;
  }
  const cgo::ListedPackage& p = packages.front();
  if (p.dir.empty()) {
    std::fprintf(stderr, "crossgo cgo --files: %s\n",
                 escape_for_terminal(p.error ? p.error->message : "package not found: " + opt.files).c_str());
    return kExitUnreadable;
  }
  const cgo::FilesReport report = cgo::package_files(p, run.result->context);
  print(opt.json ? output::cgo_files_json(report, run) : output::cgo_files_text(report, use_colour()));
  return kExitOk;
}

int run_cgo(const CgoOptions& opt) {
  for (const auto& p : opt.patterns)
    if (!p.empty() && p[0] == '-') {
      std::fprintf(stderr, "crossgo cgo: %s is not a package pattern\n", escape_for_terminal(p).c_str());
      return kExitUsage;
    }
  std::string format = opt.json ? "json" : opt.format;
  if (format != "text" && format != "json" && format != "dot" && format != "mermaid") {
    std::fprintf(stderr, "crossgo cgo: --format takes text, json, dot or mermaid, not %s\n", escape_for_terminal(format).c_str());
    return kExitUsage;
  }
  const auto ignored = parse_ignored_codes(opt.ignore);
  if (!ignored) return kExitUsage;

  cgo::GoListRequest request;
  request.go = opt.go;
  request.patterns = opt.patterns;
  request.tags = split_tags(opt.tags);
  request.cwd = opt.dir;
  request.process = env::current_process_environment();
  request.timeout_ms = std::max(1, opt.timeout_seconds) * 1000;
  if (!opt.target.empty()) {
    auto t = parse_target_or_report(opt.target);
    if (!t) return kExitUsage;
    request.target = *t;
  }

  std::optional<cgo::BinaryFacts> binary;
  if (!opt.binary.empty()) {
    binary = cgo::read_binary_facts(opt.binary);
    if (!binary->error.empty()) {
      std::fprintf(stderr, "crossgo cgo: %s: %s\n", escape_for_terminal(opt.binary).c_str(),
                   escape_for_terminal(binary->error).c_str());
      return kExitUnreadable;
    }
    // The binary's own target and tags, unless the user asks for others: then the join compares
    // like with like.
    if (!request.target && binary->goos && binary->goarch)
      request.target = Target{*binary->goos, *binary->goarch, binary->variant};
    if (opt.tags.empty()) request.tags = binary->tags;
  }
  if (!opt.files.empty()) return run_files(opt, request);

  const bool progress = !opt.json && isatty(STDERR_FILENO) != 0;
  if (progress) std::fprintf(stderr, "go list -deps -json …");
  const cgo::GoListRun run = cgo::run_go_list(request);
  if (progress) std::fprintf(stderr, "\r\x1b[K");
  if (!run.result) return go_failed(run);
  // `go list -e` reports a pattern that matches nothing it can load (no module here, a typo) as a
  // package with an error and no directory, and exits 0; go build fails on it. Only when that is
  // all there is does crossgo fail like the go command would.
  std::string pattern_errors;
  const bool nothing_loaded = std::all_of(run.result->packages.begin(), run.result->packages.end(), [&](const auto& p) {
    if (p.match.empty() || !p.dir.empty() || !p.error) return p.match.empty();
    pattern_errors.append(pattern_errors.empty() ? "" : "\n").append(p.error->message);
    return true;
  });
  if (nothing_loaded && !pattern_errors.empty()) {
    std::fprintf(stderr, "crossgo cgo: go list: %s\n", escape_for_terminal(pattern_errors).c_str());
    return kExitUnreadable;
  }

  cgo::AnalyzeOptions options;
  options.all_paths = opt.all_paths;
  options.ignored = *ignored;
  cgo::CgoReport report = cgo::analyze(*run.result, request.patterns, options);
  if (binary) {
    cgo::join_binary(report, *binary);
    std::erase_if(report.findings, [&](const Finding& f) {
      return std::find(ignored->begin(), ignored->end(), f.code) != ignored->end();
    });
  }
  if (format == "json") print(output::cgo_json(report, run));
  else if (format == "dot") print(output::cgo_dot(report));
  else if (format == "mermaid") print(output::cgo_mermaid(report));
  else print(output::cgo_text(report, opt.verbose, use_colour()));
  if (!opt.svg.empty()) {
    if (std::string why = cgo::write_svg(output::cgo_dot(report), opt.svg, request.process); !why.empty()) {
      std::fprintf(stderr, "crossgo cgo: --svg %s: %s\n", escape_for_terminal(opt.svg).c_str(), escape_for_terminal(why).c_str());
      return kExitOutput;
    }
  }
  // The gate: does anything in the build use cgo for this target (unless its code is ignored)?
  const bool uses_cgo = std::any_of(report.findings.begin(), report.findings.end(),
                                    [](const Finding& f) { return f.code == Code::CG310 || f.code == Code::CG311; });
  return uses_cgo ? kExitFindings : kExitOk;
}

}  // namespace

RunCommand add_cgo_command(CLI::App& app) {
  auto opt = std::make_shared<CgoOptions>();
  CLI::App* cmd = app.add_subcommand("cgo", "Which packages use cgo for a target, through which imports, and what CGO_ENABLED=0 does");
  cmd->footer(
      "PACKAGES: go list patterns (default ./... of the module in the working directory). crossgo runs\n"
      "`go list -e -deps -json` for the target with CGO_ENABLED=1 and an explicit environment.\n"
      "Exit codes: 0 no package uses cgo for the target; 1 some do; 2 usage error; 3 the go command\n"
      "failed (its error is shown) or --binary could not be read; 4 output could not be written.\n"
      "Details: docs/cgo.md.");
  cmd->add_option("patterns", opt->patterns, "Package patterns (default ./...)");
  cmd->add_option("--target", opt->target, "GOOS/GOARCH[/variant] to analyse for (default: go's own, or --binary's)");
  cmd->add_option("--tags", opt->tags, "Build tags, comma-separated, as go build -tags (repeatable)")
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_flag("--all-paths", opt->all_paths, "Every import chain to each cgo package, not only the shortest");
  cmd->add_flag("--json", opt->json, "Machine-readable output (docs/cgo.schema.json); same as --format json");
  cmd->add_option("--format", opt->format, "text (default), json, dot (Graphviz) or mermaid");
  cmd->add_option("--svg", opt->svg, "Also draw the import graph to this SVG file (needs Graphviz's dot)");
  cmd->add_option("--files", opt->files, "List every file of this package and whether it builds for the target, and why");
  cmd->add_option("--binary", opt->binary, "Compare with the packages that call C in this built binary");
  cmd->add_option("--go", opt->go, "The go command to run (default: go from PATH)");
  cmd->add_option("-C,--dir", opt->dir, "Run go list in this directory");
  cmd->add_option("--timeout", opt->timeout_seconds, "Seconds go list may take (default 300)");
  cmd->add_flag("-v,--verbose", opt->verbose, "Also show runtime/cgo's block and info findings");
  cmd->add_option("--ignore", opt->ignore, "A finding code not to report or count (repeatable)")->take_all()->allow_extra_args(false);
  return [opt] { return run_cgo(*opt); };
}

}  // namespace crossgo::cli
