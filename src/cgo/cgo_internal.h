// Pieces of crossgo cgo's analysis, one file each: reasons (cgo_reasons.cc), the import graph
// (import_graph.cc), the CGO_ENABLED=0 prediction (without_cgo.cc). analyze.cc puts them together.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crossgo/cgo.h"

namespace crossgo::cgo {

// ---- cgo_reasons.cc
std::vector<CgoReason> cgo_reasons(const ListedPackage& p);
// The package cannot build without cgo or SWIG (cmd/go/internal/load/pkg.go's file checks).
bool needs_cgo(const ListedPackage& p);
const char* std_variant_with_cgo(std::string_view import_path);     // nullptr when not known
const char* std_variant_without_cgo(std::string_view import_path);  // nullptr when not known

// ---- import_graph.cc
struct ImportGraph {
  struct Step {
    size_t to = 0;
    bool implicit = false;  // cgo's own import of runtime/cgo
  };
  std::vector<std::vector<Step>> edges;  // by package index, in import order
  std::unordered_map<std::string, size_t> index;  // import path → package index
};
ImportGraph build_import_graph(const GoListResult& list);
// The packages the patterns matched (go list's Match), in go list order.
std::vector<size_t> graph_roots(const GoListResult& list);
// Breadth first from every root at once: for each package, the package it was first reached from
// (SIZE_MAX for roots and for packages not reached).
std::vector<size_t> shortest_parents(const ImportGraph& g, const std::vector<size_t>& roots);
std::vector<size_t> chain_to(const std::vector<size_t>& parents, size_t target);
// Every chain from a root to `target`, shortest first, at most `cap` (truncated set when more).
std::vector<std::vector<size_t>> all_chains(const ImportGraph& g, const std::vector<size_t>& roots, size_t target,
                                            size_t cap, bool& truncated);
// Nodes reachable from the roots that reach a target, and the edges between them.
void cgo_subgraph(const ImportGraph& g, const std::vector<size_t>& roots, const std::vector<size_t>& targets,
                  std::vector<size_t>& nodes, std::vector<CgoReport::Edge>& edges);

// ---- without_cgo.cc
// Decides every package's files again with cgo disabled (go/build's rules, go_source.h), records
// the changes on report.cgo_packages, and predicts what `go build` prints; also compares crossgo's
// rules with go list's own lists (report.disagreements).
void predict_without_cgo(CgoReport& report, const ImportGraph& g);

}  // namespace crossgo::cgo
