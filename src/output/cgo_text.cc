// crossgo cgo for people. The chains to every cgo package are merged into one tree rooted at the
// packages the patterns matched, like `go mod why` for all of them at once, with the module of
// each step beside it (the `require` to change), then one block per cgo package. Every string from
// go list or the files goes through escape_for_terminal.
#include <algorithm>
#include <map>

#include "crossgo/cgo_output.h"
#include "crossgo/finding_registry.h"
#include "crossgo/text_escape.h"

namespace crossgo::output {
namespace {

using cgo::CgoReport;

const char* paint(bool colour, const char* code) { return colour ? code : ""; }

std::string module_column(const CgoReport& r, size_t i) {
  const auto& p = r.pkg(i);
  if (p.standard) return "std";
  if (!p.module) return "";
  return escape_for_terminal(r.list.modules[*p.module].display());
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += escape_for_terminal(s);
  }
  return out;
}

// A trie of chains: each node one package reached along a chain.
struct TreeNode {
  size_t package = 0;
  bool implicit = false;
  std::vector<TreeNode> children;
};

bool is_implicit_step(const CgoReport& r, size_t from, size_t to) {
  for (const auto& e : r.graph_edges)
    if (e.from == from && e.to == to) return e.implicit;
  return false;
}

void insert_chain(const CgoReport& r, std::vector<TreeNode>& level, const std::vector<size_t>& chain, size_t at) {
  if (at >= chain.size()) return;
  auto it = std::find_if(level.begin(), level.end(), [&](const TreeNode& n) { return n.package == chain[at]; });
  if (it == level.end()) {
    level.push_back({chain[at], at > 0 && is_implicit_step(r, chain[at - 1], chain[at]), {}});
    it = level.end() - 1;
  }
  insert_chain(r, it->children, chain, at + 1);
}

struct Line {
  std::string tree;  // connectors + import path
  size_t width = 0;  // of tree, in columns
  std::string module, note;
};

size_t columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;  // count UTF-8 lead bytes: the box-drawing connectors are one column
  return n;
}

void flatten(const CgoReport& r, const std::vector<TreeNode>& level, const std::string& prefix, bool top,
             const std::map<size_t, std::string>& notes, std::vector<Line>& out) {
  for (size_t k = 0; k < level.size(); ++k) {
    const TreeNode& n = level[k];
    const bool last = k + 1 == level.size();
    Line line;
    line.tree = prefix + (top ? "" : (last ? "└─ " : "├─ ")) + escape_for_terminal(r.pkg(n.package).import_path);
    line.width = columns(line.tree);
    line.module = module_column(r, n.package);
    if (auto it = notes.find(n.package); it != notes.end()) line.note = it->second;
    if (n.implicit) line.note = line.note.empty() ? "(implicit: cgo imports it)" : line.note + " (implicit)";
    out.push_back(std::move(line));
    flatten(r, n.children, top ? "" : prefix + (last ? "   " : "│  "), false, notes, out);
  }
}

// The tree's note: the reasons with their first files (the blocks below list them all).
std::string reason_summary(const cgo::CgoPackage& cp) {
  constexpr size_t kFilesShown = 3;
  std::string s;
  for (const auto& reason : cp.reasons) {
    if (!s.empty()) s += "; ";
    s.append(cgo::to_string(reason.kind));
    if (reason.kind == cgo::ReasonKind::runtime_cgo) break;  // its own C files are the bridge itself
    if (reason.files.empty()) continue;
    std::vector<std::string> shown(reason.files.begin(), reason.files.begin() + std::min(kFilesShown, reason.files.size()));
    s.append(": ").append(join(shown, ", "));
    if (reason.files.size() > kFilesShown) s.append(" +").append(std::to_string(reason.files.size() - kFilesShown)).append(" more");
  }
  return s;
}

void write_flags(std::string& out, const char* label, const std::vector<std::string>& flags) {
  if (flags.empty()) return;
  std::string l = label;
  l.resize(std::max<size_t>(l.size(), 15), ' ');
  out += "  " + l + join(flags, " ") + "\n";
}

}  // namespace

std::string cgo_text(const CgoReport& r, bool verbose, bool colour) {
  const char* bold = paint(colour, "\x1b[1m");
  const char* red = paint(colour, "\x1b[31m");
  const char* dim = paint(colour, "\x1b[2m");
  const char* reset = paint(colour, "\x1b[0m");
  const std::string target = escape_for_terminal(r.list.context.goos + "/" + r.list.context.goarch);
  std::string tags = r.list.context.build_tags.empty() ? "" : ", -tags " + join(r.list.context.build_tags, ",");
  std::string out;
  size_t std_variants = 0, own = 0;
  for (const auto& cp : r.cgo_packages) {
    const auto& p = r.pkg(cp.package);
    if (p.import_path == "runtime/cgo" && p.standard) continue;
    (p.standard ? std_variants : own)++;
  }
  if (!r.uses_cgo()) {
    out += "no package uses cgo for " + target + tags + " (" + std::to_string(r.list.packages.size()) +
           " packages, " + escape_for_terminal(r.list.go_version) + ")\n";
  } else {
    out += std::string(bold) + "cgo for " + target + tags + reset + " (" + escape_for_terminal(r.list.go_version) +
           ", CGO_ENABLED=1): " + std::to_string(own) + (own == 1 ? " package uses" : " packages use") + " cgo, " +
           std::to_string(std_variants) + " standard-library " + (std_variants == 1 ? "package takes its" : "packages take their") +
           " cgo variant\n\n";
    std::vector<TreeNode> roots;
    std::map<size_t, std::string> notes;
    for (const auto& cp : r.cgo_packages) {
      notes[cp.package] = reason_summary(cp);
      for (const auto& chain : cp.chains) insert_chain(r, roots, chain, 0);
    }
    std::vector<Line> lines;
    flatten(r, roots, "", true, notes, lines);
    size_t w = 0, mw = 0;
    for (const auto& l : lines) {
      w = std::max(w, l.width);
      mw = std::max(mw, columns(l.module));
    }
    for (const auto& l : lines) {
      out += l.tree + std::string(w - l.width + 2, ' ') + dim + l.module + reset;
      if (!l.note.empty()) out += std::string(mw - columns(l.module) + 2, ' ') + l.note;
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "\n";
    }
    for (const auto& cp : r.cgo_packages) {
      const auto& p = r.pkg(cp.package);
      if (p.standard && !verbose && p.import_path == "runtime/cgo") continue;
      out.append("\n").append(bold).append(escape_for_terminal(p.import_path)).append(reset).append("\n");
      if (!p.standard && p.module) out += "  module         " + module_column(r, cp.package) + "\n";
      for (const auto& reason : cp.reasons) {
        std::string k(cgo::to_string(reason.kind));
        k.resize(std::max<size_t>(k.size(), 15), ' ');
        out += "  " + k + escape_for_terminal(reason.detail);
        if (!reason.files.empty()) out += ": " + join(reason.files, ", ");
        out += "\n";
      }
      write_flags(out, "#cgo CFLAGS", p.cgo_cflags);
      write_flags(out, "#cgo CPPFLAGS", p.cgo_cppflags);
      write_flags(out, "#cgo CXXFLAGS", p.cgo_cxxflags);
      write_flags(out, "#cgo LDFLAGS", p.cgo_ldflags);
      write_flags(out, "pkg-config", p.cgo_pkg_config);
      if (cp.chains_truncated) out += "  chains         more than shown (capped)\n";
      if (r.without) {
        out += "  CGO_ENABLED=0  " + std::string(cgo::to_string(cp.without));
        if (!cp.without_detail.empty()) out += ": " + escape_for_terminal(cp.without_detail);
        out += "\n";
      }
    }
    if (r.without) {
      out += "\n" + std::string(bold) + "with CGO_ENABLED=0 for " + target + reset + ": ";
      if (r.without->builds) {
        out += "the build succeeds (predicted)";
        if (!r.without->dropped.empty()) out += "; no longer built: " + join(r.without->dropped, ", ");
        out += "\n";
      } else {
        out += std::string(red) + "the build fails" + reset + " (predicted)\n";
        for (const auto& e : r.without->errors) {
          out += "  " + escape_for_terminal(e.package) + ": ";
          if (!e.file.empty())
            out += escape_for_terminal(e.file) + ":" + std::to_string(e.where.line) + ":" + std::to_string(e.where.column) + ": ";
          out += escape_for_terminal(e.message) + "\n";
        }
      }
      if (!r.without->not_analysed.empty())
        out += "  not analysed (imported only without cgo): " + join(r.without->not_analysed, ", ") + "\n";
    }
  }
  if (r.binary) {
    const auto& b = *r.binary;
    out += "\n" + std::string(bold) + "binary " + escape_for_terminal(b.path) + reset + ": ";
    if (!b.error.empty()) {
      out += escape_for_terminal(b.error) + "\n";
    } else {
      out += "calls C from " + (b.binary_packages.empty() ? std::string("no package") : join(b.binary_packages, ", ")) + "\n";
      if (!b.both.empty()) out += "  as predicted   " + join(b.both, ", ") + "\n";
      if (!b.only_binary.empty()) out += "  only binary    " + join(b.only_binary, ", ") + "\n";
      if (!b.only_source.empty()) out += "  only source    " + join(b.only_source, ", ") + "\n";
      if (!b.target_note.empty()) out += "  note           " + escape_for_terminal(b.target_note) + "\n";
    }
  }
  bool heading = false;
  for (const auto& f : r.findings) {
    if (f.severity() == Severity::info && !verbose) continue;
    if (f.code == Code::CG310 || f.code == Code::CG311) continue;  // the blocks above say it
    if (f.code == Code::CG312) continue;                           // listed under CGO_ENABLED=0
    if (!heading) out += "\n";
    heading = true;
    out += std::string(f.id()) + " " + std::string(finding_info(f.code).name) + " (" +
           std::string(to_string(f.severity())) + "): " + escape_for_terminal(f.message) + "\n";
    if (!f.fix.empty()) out += "  fix: " + escape_for_terminal(f.fix) + "\n";
  }
  return out;
}

std::string cgo_files_text(const cgo::FilesReport& r, bool colour) {
  const char* red = paint(colour, "\x1b[31m");
  const char* green = paint(colour, "\x1b[32m");
  const char* reset = paint(colour, "\x1b[0m");
  std::string out = escape_for_terminal(r.import_path) + " for " + escape_for_terminal(r.context.goos + "/" + r.context.goarch) +
                    " (" + escape_for_terminal(r.dir) + ")\n";
  size_t w = 4;
  for (const auto& row : r.files) w = std::max(w, columns(escape_for_terminal(row.with_cgo.name)));
  std::string header = "file";
  header.resize(w + 2, ' ');
  out += header + "kind      cgo=1  cgo=0  why\n";
  for (const auto& row : r.files) {
    std::string name = escape_for_terminal(row.with_cgo.name);
    name += std::string(w + 2 - columns(name), ' ');
    std::string kind(gosrc::to_string(row.with_cgo.kind));
    kind.resize(std::max<size_t>(kind.size(), 10), ' ');
    auto verdict = [&](bool builds) {
      return builds ? std::string(green) + "yes" + reset + "    " : std::string(red) + "no" + reset + "     ";
    };
    out += name + kind + verdict(row.with_cgo.builds) + verdict(row.without_cgo.builds);
    auto explain = [](const gosrc::FileDecision& d) {
      if (!d.reason.empty() && !d.builds) return escape_for_terminal(d.reason);
      if (!d.constraint.empty()) return "constraint " + escape_for_terminal(d.constraint) + " holds";
      return d.builds ? std::string() : escape_for_terminal(d.reason);
    };
    std::string why = explain(row.with_cgo);
    if (row.without_cgo.builds != row.with_cgo.builds || row.without_cgo.rule != row.with_cgo.rule) {
      if (!why.empty()) why += "; ";
      why += "without cgo: " + (row.without_cgo.builds && row.without_cgo.constraint.empty() ? std::string("builds")
                                                                                            : explain(row.without_cgo));
    }
    out += why + "\n";
  }
  for (const auto& d : r.disagreements)
    out += "CG315 file-rules-disagree (info): go list " + std::string(d.go_list_builds ? "builds " : "excludes ") +
           escape_for_terminal(d.file) + "; crossgo: " + escape_for_terminal(d.crossgo_reason) + "\n";
  return out;
}

}  // namespace crossgo::output
