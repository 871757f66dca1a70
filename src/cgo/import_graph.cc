// The package import graph go list reports, with cgo's implicit import made explicit: cmd/go adds
// runtime/cgo to the imports of every package that uses cgo (cmd/go/internal/load/pkg.go,
// Package.load, Go 1.19: "Cgo translation adds imports of unsafe, runtime/cgo and syscall"), which
// is how a single import "C" three modules down puts the C bridge into the whole binary.
// Go forbids import cycles, so the graph is a DAG; the walks below still keep visited sets, so a
// hostile stream with a cycle cannot make them loop.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>

#include "cgo/cgo_internal.h"

namespace crossgo::cgo {

ImportGraph build_import_graph(const GoListResult& list) {
  ImportGraph g;
  g.edges.resize(list.packages.size());
  for (size_t i = 0; i < list.packages.size(); ++i) g.index.emplace(list.packages[i].import_path, i);
  auto runtime_cgo = g.index.find("runtime/cgo");
  for (size_t i = 0; i < list.packages.size(); ++i) {
    const ListedPackage& p = list.packages[i];
    for (const auto& imp : p.imports) {
      auto it = g.index.find(imp);
      if (it != g.index.end() && it->second != i) g.edges[i].push_back({it->second, false});
    }
    if (p.uses_cgo() && runtime_cgo != g.index.end() && runtime_cgo->second != i) {
      bool listed = std::any_of(g.edges[i].begin(), g.edges[i].end(),
                                [&](const ImportGraph::Step& s) { return s.to == runtime_cgo->second; });
      if (!listed) g.edges[i].push_back({runtime_cgo->second, true});
    }
  }
  return g;
}

std::vector<size_t> graph_roots(const GoListResult& list) {
  std::vector<size_t> roots;
  for (size_t i = 0; i < list.packages.size(); ++i)
    if (!list.packages[i].match.empty() && !list.packages[i].dep_only) roots.push_back(i);
  return roots;
}

std::vector<size_t> shortest_parents(const ImportGraph& g, const std::vector<size_t>& roots) {
  std::vector<size_t> parent(g.edges.size(), SIZE_MAX);
  std::vector<bool> seen(g.edges.size(), false);
  std::deque<size_t> queue;
  for (size_t r : roots) {
    if (seen[r]) continue;
    seen[r] = true;
    queue.push_back(r);
  }
  while (!queue.empty()) {
    size_t n = queue.front();
    queue.pop_front();
    for (const auto& step : g.edges[n]) {
      if (seen[step.to]) continue;
      seen[step.to] = true;
      parent[step.to] = n;
      queue.push_back(step.to);
    }
  }
  return parent;
}

std::vector<size_t> chain_to(const std::vector<size_t>& parents, size_t target) {
  std::vector<size_t> chain{target};
  for (size_t n = target; parents[n] != SIZE_MAX && chain.size() <= parents.size(); n = parents[n])
    chain.push_back(parents[n]);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

namespace {

// Real import chains are tens of packages long; the recursion below stops far before the stack does.
constexpr size_t kMaxChainLength = 4096;

// Which packages can reach `target` (walking edges backwards).
std::vector<bool> reaches(const ImportGraph& g, const std::vector<size_t>& targets) {
  std::vector<std::vector<size_t>> reverse(g.edges.size());
  for (size_t i = 0; i < g.edges.size(); ++i)
    for (const auto& s : g.edges[i]) reverse[s.to].push_back(i);
  std::vector<bool> ok(g.edges.size(), false);
  std::vector<size_t> stack;
  for (size_t t : targets)
    if (!ok[t]) {
      ok[t] = true;
      stack.push_back(t);
    }
  while (!stack.empty()) {
    size_t n = stack.back();
    stack.pop_back();
    for (size_t from : reverse[n])
      if (!ok[from]) {
        ok[from] = true;
        stack.push_back(from);
      }
  }
  return ok;
}

}  // namespace

std::vector<std::vector<size_t>> all_chains(const ImportGraph& g, const std::vector<size_t>& roots, size_t target,
                                            size_t cap, bool& truncated) {
  truncated = false;
  std::vector<std::vector<size_t>> out;
  const std::vector<bool> useful = reaches(g, {target});
  std::vector<size_t> path;
  std::vector<bool> on_path(g.edges.size(), false);
  // Depth first, only through packages that reach the target; the number of chains is capped,
  // and so is the work (a dense DAG has exponentially many paths).
  size_t budget = 1'000'000;
  std::function<void(size_t)> walk = [&](size_t n) {
    if (truncated) return;
    if (budget == 0 || out.size() >= cap || path.size() >= kMaxChainLength) {
      truncated = true;
      return;
    }
    --budget;
    path.push_back(n);
    on_path[n] = true;
    if (n == target) {
      out.push_back(path);
    } else {
      for (const auto& s : g.edges[n])
        if (useful[s.to] && !on_path[s.to]) walk(s.to);
    }
    on_path[n] = false;
    path.pop_back();
  };
  for (size_t r : roots)
    if (useful[r]) walk(r);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
  return out;
}

void cgo_subgraph(const ImportGraph& g, const std::vector<size_t>& roots, const std::vector<size_t>& targets,
                  std::vector<size_t>& nodes, std::vector<CgoReport::Edge>& edges) {
  const std::vector<bool> useful = reaches(g, targets);
  std::vector<bool> reached(g.edges.size(), false);
  std::vector<size_t> stack;
  for (size_t r : roots)
    if (useful[r] && !reached[r]) {
      reached[r] = true;
      stack.push_back(r);
    }
  while (!stack.empty()) {
    size_t n = stack.back();
    stack.pop_back();
    for (const auto& s : g.edges[n])
      if (useful[s.to] && !reached[s.to]) {
        reached[s.to] = true;
        stack.push_back(s.to);
      }
  }
  nodes.clear();
  edges.clear();
  for (size_t i = 0; i < g.edges.size(); ++i) {
    if (!reached[i]) continue;
    nodes.push_back(i);
    for (const auto& s : g.edges[i])
      if (reached[s.to]) edges.push_back({i, s.to, s.implicit});
  }
}

}  // namespace crossgo::cgo
