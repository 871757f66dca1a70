// crossgo cgo's analysis: which packages need cgo for the target and why (cgo_reasons.cc), the
// chains that import them (import_graph.cc), what CGO_ENABLED=0 does (without_cgo.cc), and the
// findings every renderer shares.
#include <algorithm>
#include <cstdint>

#include "cgo/cgo_internal.h"

namespace crossgo::cgo {
namespace {

std::string chain_text(const CgoReport& r, const std::vector<size_t>& chain) {
  std::string out;
  for (size_t i : chain) {
    if (!out.empty()) out += " -> ";
    out += r.pkg(i).import_path;
  }
  return out;
}

std::string module_of(const CgoReport& r, const ListedPackage& p) {
  if (p.standard) return "the standard library";
  if (!p.module) return "no module";
  return r.list.modules[*p.module].display();
}

bool ignored(const AnalyzeOptions& o, Code c) {
  return std::find(o.ignored.begin(), o.ignored.end(), c) != o.ignored.end();
}

void add_findings(CgoReport& r, const AnalyzeOptions& options) {
  const std::string target = r.list.context.goos + "/" + r.list.context.goarch;
  for (const auto& cp : r.cgo_packages) {
    const ListedPackage& p = r.pkg(cp.package);
    if (p.standard && p.import_path == "runtime/cgo") continue;  // the bridge: every cgo package brings it
    const std::string chain = cp.chains.empty() ? p.import_path : chain_text(r, cp.chains.front());
    std::string why;
    for (const auto& reason : cp.reasons) {
      if (!why.empty()) why += "; ";
      why.append(to_string(reason.kind));
      if (!reason.files.empty()) why.append(" (").append(reason.files.front()).append(reason.files.size() > 1 ? ", …)" : ")");
    }
    if (p.standard) {
      r.findings.push_back({.code = Code::CG311, .location = {.file = p.dir}, .subject = p.import_path,
                            .message = p.import_path + " takes its cgo variant for " + target + ": " + why +
                                       ". Imported through " + chain + ".",
                            .fix = "build with CGO_ENABLED=0, or with -tags netgo / osusergo for net and os/user, "
                                   "to keep the program pure Go"});
    } else {
      r.findings.push_back({.code = Code::CG310, .location = {.file = p.dir}, .subject = p.import_path,
                            .message = p.import_path + " (" + module_of(r, p) + ") uses cgo for " + target + ": " +
                                       why + ". Imported through " + chain + ".",
                            .fix = "change or drop the require that brings " +
                                   (p.module ? r.list.modules[*p.module].path : p.import_path) +
                                   " in, or give the build a C toolchain for " + target});
    }
  }
  if (r.without && !r.without->builds) {
    for (const auto& e : r.without->errors) {
      std::string where = e.file;
      if (!where.empty() && e.where.line > 0)
        where.append(":").append(std::to_string(e.where.line)).append(":").append(std::to_string(e.where.column));
      r.findings.push_back({.code = Code::CG312, .location = {.file = e.file, .line = e.where.line},
                            .subject = e.package,
                            .message = "with CGO_ENABLED=0, go build fails in " + e.package + ": " +
                                       (where.empty() ? "" : where + ": ") + e.message,
                            .fix = "keep CGO_ENABLED=1 for " + target + " (with a C toolchain for it), or give " +
                                   e.package + " a !cgo implementation"});
    }
  }
  for (const auto& e : r.package_errors)
    r.findings.push_back({.code = Code::CG314, .location = {.file = e.position}, .subject = e.position,
                          .message = "go list: " + e.message,
                          .fix = "fix the package error; the analysis of that package is incomplete"});
  for (const auto& d : r.disagreements)
    r.findings.push_back({.code = Code::CG315, .subject = d.package + "/" + d.file,
                          .message = "go list " + std::string(d.go_list_builds ? "builds" : "excludes") + " " + d.file +
                                     " but crossgo's go/build rules say: " + d.crossgo_reason,
                          .fix = "report it: the CGO_ENABLED=0 prediction for this package may be wrong"});
  std::erase_if(r.findings, [&](const Finding& f) { return ignored(options, f.code); });
  sort_findings(r.findings);
}

}  // namespace

std::string ListedModule::display() const {
  std::string out = path;
  if (!version.empty()) out += "@" + version;
  if (main) out += " (main module)";
  if (!replace_path.empty()) {
    out += " => " + replace_path;
    if (!replace_version.empty()) out += "@" + replace_version;
  }
  return out;
}

CgoReport analyze(GoListResult list, const std::vector<std::string>& patterns, const AnalyzeOptions& options) {
  CgoReport r;
  r.list = std::move(list);
  r.patterns = patterns.empty() ? std::vector<std::string>{"./..."} : patterns;
  const ImportGraph g = build_import_graph(r.list);
  r.roots = graph_roots(r.list);
  const std::vector<size_t> parents = shortest_parents(g, r.roots);

  std::vector<size_t> targets;
  for (size_t i = 0; i < r.list.packages.size(); ++i) {
    const ListedPackage& p = r.list.packages[i];
    if (p.error) r.package_errors.push_back({p.import_path + ": " + p.error->message, p.error->position});
    if (!needs_cgo(p)) continue;
    CgoPackage cp;
    cp.package = i;
    cp.reasons = cgo_reasons(p);
    if (options.all_paths) {
      cp.chains = all_chains(g, r.roots, i, options.max_chains, cp.chains_truncated);
    } else {
      cp.chains.push_back(chain_to(parents, i));
    }
    r.cgo_packages.push_back(std::move(cp));
    targets.push_back(i);
  }
  std::stable_sort(r.cgo_packages.begin(), r.cgo_packages.end(), [&](const CgoPackage& a, const CgoPackage& b) {
    const size_t la = a.chains.empty() ? SIZE_MAX : a.chains.front().size();
    const size_t lb = b.chains.empty() ? SIZE_MAX : b.chains.front().size();
    if (la != lb) return la < lb;
    return r.pkg(a.package).import_path < r.pkg(b.package).import_path;
  });
  cgo_subgraph(g, r.roots, targets, r.graph_nodes, r.graph_edges);
  if (options.predict_without_cgo) predict_without_cgo(r, g);
  add_findings(r, options);
  return r;
}

}  // namespace crossgo::cgo
