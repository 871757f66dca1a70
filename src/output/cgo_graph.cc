// The import subgraph that leads to cgo as Graphviz DOT and as Mermaid: one node per package on a
// chain from the matched packages to a cgo package, edges as imports (dashed: cgo's implicit
// import of runtime/cgo), modules as clusters. Colours (docs/cgo.md): matched packages blue,
// import "C" red, other cgo sources (C/C++/SWIG files) orange, standard-library cgo variants
// yellow, runtime/cgo grey, packages on the way white.
#include <map>

#include "crossgo/cgo_output.h"

namespace crossgo::output {
namespace {

using cgo::CgoReport;

struct Style {
  const char* css_class;
  const char* fill;
  const char* stroke;
};

Style style_of(const CgoReport& r, size_t i) {
  for (const auto& cp : r.cgo_packages) {
    if (cp.package != i || cp.reasons.empty()) continue;
    switch (cp.reasons.front().kind) {
      case cgo::ReasonKind::import_c: return {"cgo", "#f4a3a3", "#b00000"};
      case cgo::ReasonKind::std_variant: return {"stdvariant", "#ffe08a", "#a07800"};
      case cgo::ReasonKind::runtime_cgo: return {"runtimecgo", "#d9d9d9", "#606060"};
      default: return {"csource", "#ffc48a", "#b05a00"};
    }
  }
  for (size_t root : r.roots)
    if (root == i) return {"root", "#a8d5ff", "#0060b0"};
  return {"path", "#ffffff", "#808080"};
}

// A DOT double-quoted string: backslash and quote escaped, control bytes dropped.
std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c < 0x20) continue;
    out += static_cast<char>(c);
  }
  return out + "\"";
}

// Mermaid label text inside ["…"]: quotes and angle brackets as entity codes.
std::string mermaid_label(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"') out += "#quot;";
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else if (c >= 0x20) out += static_cast<char>(c);
  }
  return out;
}

std::string cluster_of(const CgoReport& r, size_t i) {
  const auto& p = r.pkg(i);
  if (p.standard) return "standard library";
  if (!p.module) return "";
  return r.list.modules[*p.module].display();
}

std::map<std::string, std::vector<size_t>> clusters(const CgoReport& r) {
  std::map<std::string, std::vector<size_t>> out;
  for (size_t i : r.graph_nodes) out[cluster_of(r, i)].push_back(i);
  return out;
}

}  // namespace

std::string cgo_dot(const CgoReport& r) {
  std::string out = "digraph cgo {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n";
  out += "  label=" + dot_quote("cgo for " + r.list.context.goos + "/" + r.list.context.goarch) + ";\n";
  size_t k = 0;
  for (const auto& [name, members] : clusters(r)) {
    std::string indent = "  ";
    if (!name.empty()) {
      out += "  subgraph cluster_" + std::to_string(k++) + " {\n    label=" + dot_quote(name) + ";\n    style=dashed;\n";
      indent = "    ";
    }
    for (size_t i : members) {
      Style s = style_of(r, i);
      out += indent + "n" + std::to_string(i) + " [label=" + dot_quote(r.pkg(i).import_path) + ", fillcolor=\"" + s.fill +
             "\", color=\"" + s.stroke + "\"];\n";
    }
    if (!name.empty()) out += "  }\n";
  }
  for (const auto& e : r.graph_edges) {
    out += "  n" + std::to_string(e.from) + " -> n" + std::to_string(e.to);
    if (e.implicit) out += " [style=dashed, label=\"implicit\"]";
    out += ";\n";
  }
  return out + "}\n";
}

std::string cgo_mermaid(const CgoReport& r) {
  std::string out = "flowchart LR\n";
  size_t k = 0;
  std::map<std::string, std::vector<size_t>> by_class;
  for (const auto& [name, members] : clusters(r)) {
    std::string indent = "  ";
    if (!name.empty()) {
      out += "  subgraph m" + std::to_string(k++) + "[\"" + mermaid_label(name) + "\"]\n";
      indent = "    ";
    }
    for (size_t i : members) {
      out += indent + "n" + std::to_string(i) + "[\"" + mermaid_label(r.pkg(i).import_path) + "\"]\n";
      by_class[style_of(r, i).css_class].push_back(i);
    }
    if (!name.empty()) out += "  end\n";
  }
  for (const auto& e : r.graph_edges)
    out += "  n" + std::to_string(e.from) + (e.implicit ? " -.->|implicit| n" : " --> n") + std::to_string(e.to) + "\n";
  for (const auto& [css, members] : by_class) {
    if (members.empty()) continue;
    Style s = style_of(r, members.front());
    out += std::string("  classDef ") + css + " fill:" + s.fill + ",stroke:" + s.stroke + "\n  class ";
    for (size_t j = 0; j < members.size(); ++j) {
      if (j > 0) out += ',';
      out.append("n").append(std::to_string(members[j]));
    }
    out += " " + std::string(css) + "\n";
  }
  return out;
}

}  // namespace crossgo::output
