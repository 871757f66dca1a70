// rootfs for people: per file a tree like lddtree's — each library under the object that first
// needs it, where the loader finds it and by which rule — then the findings with their codes and
// fixes. A file that loads is one line unless -v asks for its tree; the summary line counts.
// Text from files goes through escape_for_terminal.
#include <map>

#include "crossgo/finding_registry.h"
#include "crossgo/rootfs_output.h"
#include "crossgo/text_escape.h"

namespace crossgo::output {
namespace {

const char* paint(bool colour, const char* code) { return colour ? code : ""; }

class TreeWriter {
 public:
  TreeWriter(const rootfs::FileLoadReport& f, bool colour, std::string& out) : f_(f), colour_(colour), out_(out) {
    for (size_t i = 0; i < f.libraries.size(); ++i) {
      const auto& l = f.libraries[i];
      if (!l.needed_by.empty()) children_[l.needed_by.front()].push_back(i);
    }
  }

  void write(const std::string& object, int depth) {
    const auto it = children_.find(object);
    if (it == children_.end() || depth > 64) return;
    for (const size_t i : it->second) {
      const auto& l = f_.libraries[i];
      out_ += std::string(2 * static_cast<size_t>(depth), ' ') + escape_for_terminal(l.soname) + " => ";
      if (!l.path) {
        out_ += std::string(paint(colour_, "\x1b[31m")) + "not found" + paint(colour_, "\x1b[0m") + "\n";
        continue;
      }
      out_ += escape_for_terminal(*l.path);
      if (l.real_path != *l.path && !l.real_path.empty()) out_ += " -> " + escape_for_terminal(l.real_path);
      out_ += std::string(" ") + paint(colour_, "\x1b[2m") + "[" + (l.rule ? rootfs::search_rule_name(*l.rule) : "?") + "]" +
              paint(colour_, "\x1b[0m") + "\n";
      if (*l.path != l.soname) write(*l.path, depth + 1);
    }
  }

 private:
  const rootfs::FileLoadReport& f_;
  bool colour_;
  std::string& out_;
  std::map<std::string, std::vector<size_t>> children_;  // by the needing object's path
};

}  // namespace

std::string rootfs_text(const RootfsRun& run, bool verbose, bool colour) {
  std::string out;
  const char* red = paint(colour, "\x1b[31m");
  const char* reset = paint(colour, "\x1b[0m");
  size_t loads = 0;
  for (const auto& f : run.files) {
    const std::string path = escape_for_terminal(f.path);
    if (f.loads) ++loads;
    if (f.loads && !verbose) continue;
    out += (f.loads ? std::string("ok   ") : std::string(red) + (f.error ? "ERROR" : "FAIL ") + reset) + " " + path;
    if (f.is_static) out += "  (static)";
    else if (f.interpreter) out += "  (" + std::string(rootfs::libc_name(f.libc)) + ", interpreter " + escape_for_terminal(f.interpreter->requested) + ")";
    out += "\n";
    if (!f.error) TreeWriter(f, colour, out).write(f.path, 1);
    for (const auto& x : f.findings) {
      if (x.severity() == Severity::info && !verbose) continue;
      out += "  " + std::string(x.id()) + " " + std::string(finding_info(x.code).name) + " (" +
             std::string(to_string(x.severity())) + "): " + escape_for_terminal(x.message) + "\n";
      if (!x.fix.empty()) out += "    fix: " + escape_for_terminal(x.fix) + "\n";
    }
  }
  out += "rootfs " + escape_for_terminal(run.root_description) + ": " + std::to_string(loads) + " of " +
         std::to_string(run.files.size()) + (run.files.size() == 1 ? " file loads" : " files load") + "\n";
  return out;
}

}  // namespace crossgo::output
