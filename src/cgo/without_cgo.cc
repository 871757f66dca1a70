// What CGO_ENABLED=0 does to the build, predicted from one CGO_ENABLED=1 `go list` and go/build's
// own file rules (go_source.h) instead of a second go list or a build:
//   - every package's files are decided again with the cgo tag off; a Go file that imports "C" is
//     then excluded (go/build Context.Import files it under IgnoredGoFiles);
//   - a package left with no Go files fails with "build constraints exclude all Go files in DIR"
//     (cmd/go/internal/load/pkg.go, NoGoError, Go 1.19); C, C++, Objective-C and SWIG files are
//     dropped with cgo off (Package.load), Fortran files are not and fail the package;
//   - a package that keeps Go files but lost some is checked for package-level names the lost
//     files declared and the kept files still use: the type checker's "undefined: X";
//   - the import graph is rebuilt from the kept files' imports, so a package only cgo files
//     imported drops out of the build.
// The same decisions with cgo on are compared with go list's own file lists: a disagreement is
// reported, since the prediction is only as good as the rules.
#include <algorithm>
#include <atomic>
#include <thread>
#include <cstdint>
#include <map>
#include <set>

#include "cgo/cgo_internal.h"
#include "crossgo/limits.h"

namespace crossgo::cgo {
namespace {

constexpr size_t kMaxPredictedErrorsPerPackage = 10;  // as the Go type checker stops at 10

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool mentions_cgo(const gosrc::FileDecision& d) {
  if (d.scan && d.scan->imports_c) return true;
  return d.constraint.find("cgo") != std::string::npos;
}

struct PackageOff {
  bool changed = false;
  std::vector<std::string> go_files;  // under CGO_ENABLED=0, sorted
  std::vector<std::string> lost, gained;
  std::vector<std::string> imports;   // of the kept files, when changed
  std::optional<PredictedError> load_error;
  std::vector<PredictedError> type_errors;
  std::set<std::string> exported_lost;  // exported names only the lost files declared
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

std::string path_in(const std::string& dir, const std::string& name) {
  std::string p = dir;
  if (!p.empty() && p.back() != '/') p += '/';
  p += name;
  return p;
}

bool exported(const std::string& name) { return !name.empty() && name[0] >= 'A' && name[0] <= 'Z'; }

bool contains_sorted(const std::vector<std::string>& v, const std::string& s) {
  return std::binary_search(v.begin(), v.end(), s);
}

bool mentions_any(std::string_view text, const std::set<std::string>& names, std::string_view prefix = {}) {
  for (const auto& n : names) {
    for (size_t at = text.find(n); at != std::string_view::npos; at = text.find(n, at + 1))
      if (prefix.empty() || (at >= prefix.size() && text.substr(at - prefix.size(), prefix.size()) == prefix)) return true;
  }
  return false;
}

// Package-level names the lost files declared and the kept files use without declaring (a name
// the same file declares inside a function is taken for that local, not the lost one). Only kept
// files whose text contains a lost name are scanned: the others can neither use nor redeclare it.
void predict_undefined(const ListedPackage& p, PackageOff& off) {
  std::map<std::string, bool> lost_names;  // name → declared again in a kept file
  for (const auto& f : off.lost) {
    auto scan = gosrc::scan_go_file(path_in(p.dir, f), gosrc::ScanDepth::full);
    if (!scan.scan) continue;
    for (const auto& d : scan.scan->declarations)
      if (d.name != "_" && d.name != "init") lost_names.emplace(d.name, false);
  }
  if (lost_names.empty()) return;
  std::set<std::string> names;
  for (const auto& [name, redeclared] : lost_names) names.insert(name);
  struct Kept {
    std::string file;
    gosrc::GoFileScan scan;
    std::optional<gosrc::GoFileUses> uses;
  };
  std::vector<Kept> kept;
  for (const auto& f : off.go_files) {
    auto text = gosrc::read_go_source(path_in(p.dir, f));
    if (!text || !mentions_any(*text, names)) continue;
    auto scan = gosrc::scan_go_source(*text, gosrc::ScanDepth::full);
    if (!scan.scan) continue;
    for (const auto& d : scan.scan->declarations)
      if (auto it = lost_names.find(d.name); it != lost_names.end()) it->second = true;
    kept.push_back({f, std::move(*scan.scan), gosrc::scan_go_uses(*text)});
  }
  for (const auto& [name, redeclared] : lost_names)
    if (!redeclared && exported(name)) off.exported_lost.insert(name);
  for (const auto& k : kept) {
    for (const auto& use : k.scan.uses) {
      auto it = lost_names.find(use.name);
      if (it == lost_names.end() || it->second) continue;
      if (k.uses && contains_sorted(k.uses->local_names, use.name)) continue;
      if (off.type_errors.size() >= kMaxPredictedErrorsPerPackage) return;
      off.type_errors.push_back({p.import_path, path_in(p.dir, k.file), use.where, "undefined: " + use.name});
    }
  }
}

// An importer's uses of exported names its dependency kept only in the files cgo needed:
// "undefined: pkg.Name" in the importer, once the dependency itself compiles. Only files whose
// text has ".Name" for a lost Name are scanned.
void predict_importer_undefined(const GoListResult& list, size_t importer, std::vector<PackageOff>& offs,
                                const ImportGraph& g) {
  const ListedPackage& p = list.packages[importer];
  PackageOff& off = offs[importer];
  if (off.load_error) return;
  std::set<std::string> lost;
  for (const auto& step : g.edges[importer]) lost.insert(offs[step.to].exported_lost.begin(), offs[step.to].exported_lost.end());
  for (const auto& imp : off.imports)
    if (auto it = g.index.find(imp); it != g.index.end())
      lost.insert(offs[it->second].exported_lost.begin(), offs[it->second].exported_lost.end());
  const std::vector<std::string>& files = off.changed ? off.go_files : p.go_files;
  for (const auto& file : files) {
    if (off.type_errors.size() >= kMaxPredictedErrorsPerPackage) return;
    auto text = gosrc::read_go_source(path_in(p.dir, file));
    if (!text || !mentions_any(*text, lost, ".")) continue;
    const auto uses = gosrc::scan_go_uses(*text);
    if (!uses) continue;
    for (const auto& imp : uses->imports) {
      auto it = g.index.find(imp.path);
      if (it == g.index.end() || it->second == importer) continue;
      const PackageOff& dep = offs[it->second];
      if (dep.exported_lost.empty() || dep.load_error || !dep.type_errors.empty()) continue;
      if (imp.name == "_" || imp.name == ".") continue;
      const std::string qualifier = imp.name.empty() ? list.packages[it->second].name : imp.name;
      if (contains_sorted(uses->local_names, qualifier)) continue;
      for (const auto& q : uses->qualified) {
        if (q.qualifier != qualifier || dep.exported_lost.count(q.name) == 0) continue;
        if (off.type_errors.size() >= kMaxPredictedErrorsPerPackage) return;
        off.type_errors.push_back({p.import_path, path_in(p.dir, file), q.where, "undefined: " + qualifier + "." + q.name});
      }
    }
  }
}

PackageOff decide_package(const ListedPackage& p, const gosrc::BuildContext& on, const gosrc::BuildContext& off_ctx,
                          std::vector<RuleDisagreement>& disagreements) {
  PackageOff off;
  std::vector<std::string> candidates = p.go_files;
  candidates.insert(candidates.end(), p.cgo_files.begin(), p.cgo_files.end());
  candidates.insert(candidates.end(), p.ignored_go_files.begin(), p.ignored_go_files.end());
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::set<std::string> imports_off;
  for (const auto& name : candidates) {
    const bool listed = contains(p.go_files, name) || contains(p.cgo_files, name);
    gosrc::FileDecision with = gosrc::decide_file(p.dir, name, on);
    if (with.builds != listed && with.rule != gosrc::FileRule::unreadable)
      disagreements.push_back({p.import_path, name, listed, with.reason});
    // Only a file whose constraint names cgo, or that imports "C", can change with the cgo tag.
    gosrc::FileDecision without = mentions_cgo(with) ? gosrc::decide_file(p.dir, name, off_ctx) : with;
    // Where crossgo's own rules cannot decide (unreadable), go list's answer stands.
    const bool builds_off = with.rule == gosrc::FileRule::unreadable ? listed : without.builds;
    if (builds_off) {
      off.go_files.push_back(name);
      if (without.scan)
        for (const auto& imp : without.scan->imports)
          if (imp.path != "C") imports_off.insert(imp.path);
    }
    if (listed && !builds_off) off.lost.push_back(name);
    if (!listed && builds_off) off.gained.push_back(name);
  }
  off.changed = !off.lost.empty() || !off.gained.empty();
  if (off.changed) off.imports.assign(imports_off.begin(), imports_off.end());
  if (!off.changed && !p.uses_cgo() && !p.uses_swig()) return off;

  // cmd/go/internal/load: no Go files → NoGoError; then the non-Go source checks, in this order.
  if (off.go_files.empty()) {
    off.load_error = PredictedError{p.import_path, "", {}, "build constraints exclude all Go files in " + p.dir};
  } else if (!p.f_files.empty() && !p.uses_swig()) {
    // With cgo disabled, cmd/go drops the C, C++, Objective-C and SWIG files just as it drops the
    // Go files that import "C", but not the Fortran files, which then fail the package.
    off.load_error = PredictedError{
        p.import_path, "", {}, "Fortran source files not allowed when not using cgo or SWIG: " + join(p.f_files)};
  }
  if (!off.load_error && !off.lost.empty()) predict_undefined(p, off);
  return off;
}

}  // namespace

std::string_view to_string(WithoutCgo w) {
  switch (w) {
    case WithoutCgo::unaffected: return "unaffected";
    case WithoutCgo::falls_back: return "falls-back";
    case WithoutCgo::drops_out: return "drops-out";
    case WithoutCgo::breaks: return "breaks";
    case WithoutCgo::not_analysed: return "not-analysed";
  }
  return "unaffected";
}

void predict_without_cgo(CgoReport& report, const ImportGraph& g) {
  const GoListResult& list = report.list;
  gosrc::BuildContext on = list.context;
  on.cgo_enabled = true;
  gosrc::BuildContext off_ctx = on;
  off_ctx.cgo_enabled = false;

  // Deciding a package reads its files' headers: the only I/O of the analysis, and the part of
  // crossgo cgo's own time that grows with the module. Packages are independent, so they are
  // decided on every core, each into its own slot.
  std::vector<PackageOff> offs(list.packages.size());
  std::vector<std::vector<RuleDisagreement>> disagreements(list.packages.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < list.packages.size(); i = next++) {
      const ListedPackage& p = list.packages[i];
      // A package go list could not load has no file lists to decide again.
      if (p.dir.empty() || (p.error && p.go_files.empty() && p.cgo_files.empty() && p.ignored_go_files.empty())) continue;
      offs[i] = decide_package(p, on, off_ctx, disagreements[i]);
    }
  };
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (auto& d : disagreements) report.disagreements.insert(report.disagreements.end(), d.begin(), d.end());

  // The graph without cgo: changed packages import what their kept files import; no package
  // uses cgo, so nothing imports runtime/cgo implicitly.
  std::vector<bool> reached(list.packages.size(), false);
  std::vector<size_t> stack;
  std::set<std::string> not_analysed;
  for (size_t r : graph_roots(list))
    if (!reached[r]) {
      reached[r] = true;
      stack.push_back(r);
    }
  while (!stack.empty()) {
    size_t n = stack.back();
    stack.pop_back();
    auto visit = [&](size_t to) {
      if (!reached[to]) {
        reached[to] = true;
        stack.push_back(to);
      }
    };
    if (offs[n].changed) {
      for (const auto& imp : offs[n].imports) {
        auto it = g.index.find(imp);
        if (it == g.index.end()) {
          not_analysed.insert(imp);
        } else {
          visit(it->second);
        }
      }
    } else {
      for (const auto& step : g.edges[n])
        if (!step.implicit) visit(step.to);
    }
  }

  // Importers of a package that lost exported names, in the build without cgo.
  bool any_lost = false;
  for (const auto& off : offs) any_lost = any_lost || !off.exported_lost.empty();
  if (any_lost) {
    for (size_t i = 0; i < list.packages.size(); ++i) {
      if (!reached[i]) continue;
      bool imports_one = false;
      for (const auto& step : g.edges[i]) imports_one = imports_one || !offs[step.to].exported_lost.empty();
      if (offs[i].changed)
        for (const auto& imp : offs[i].imports)
          if (auto it = g.index.find(imp); it != g.index.end()) imports_one = imports_one || !offs[it->second].exported_lost.empty();
      if (imports_one) predict_importer_undefined(list, i, offs, g);
    }
  }

  WithoutCgoPrediction prediction;
  for (size_t i = 0; i < list.packages.size(); ++i) {
    if (!reached[i]) continue;
    if (offs[i].load_error) prediction.errors.push_back(*offs[i].load_error);
    prediction.errors.insert(prediction.errors.end(), offs[i].type_errors.begin(), offs[i].type_errors.end());
  }
  for (auto& cp : report.cgo_packages) {
    const ListedPackage& p = list.packages[cp.package];
    const PackageOff& off = offs[cp.package];
    cp.files_lost = off.lost;
    cp.files_gained = off.gained;
    if (!reached[cp.package]) {
      cp.without = WithoutCgo::drops_out;
      cp.without_detail = "no longer imported: the imports that reach it come from files that need cgo";
      prediction.dropped.push_back(p.import_path);
    } else if (off.load_error || !off.type_errors.empty()) {
      cp.without = WithoutCgo::breaks;
      cp.without_detail = off.load_error ? off.load_error->message : off.type_errors.front().message;
    } else if (off.changed) {
      cp.without = WithoutCgo::falls_back;
      const char* std_text = p.standard ? std_variant_without_cgo(p.import_path) : nullptr;
      cp.without_detail = std_text != nullptr ? std_text : "builds from its files without cgo: " + join(off.go_files);
    } else {
      cp.without = WithoutCgo::unaffected;
    }
  }
  prediction.not_analysed.assign(not_analysed.begin(), not_analysed.end());
  prediction.builds = prediction.errors.empty();
  report.without = std::move(prediction);
}

}  // namespace crossgo::cgo
