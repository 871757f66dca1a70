// Human-readable inspect output: one block per file, labels aligned, colour only when asked.
#include <fmt/format.h>

#include "crossgo/inspect_output.h"
#include "crossgo/text_escape.h"

namespace crossgo {

namespace {

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

class Block {
 public:
  explicit Block(bool colour) : colour_(colour) {}
  // Every value is escaped here, before any colour of our own is added: file data cannot forge
  // lines or reach the terminal as control sequences.
  void line(std::string_view label, std::string_view value, const char* colour_code = nullptr) {
    if (value.empty()) return;
    const bool paint = colour_ && colour_code != nullptr;
    out_ += fmt::format("  {}{:<12}{} {}{}{}\n", colour_ ? "\x1b[2m" : "", label, colour_ ? "\x1b[0m" : "",
                        paint ? colour_code : "", escape_for_terminal(value), paint ? "\x1b[0m" : "");
  }
  std::string& str() { return out_; }

 private:
  bool colour_;
  std::string out_;
};

std::string floor_text(const std::optional<VersionFloor>& f, std::string_view prefix) {
  if (!f) return "";
  return fmt::format("{}{}{}", prefix, f->version, f->symbol.empty() ? "" : " (" + f->symbol + ")");
}

}  // namespace

std::string report_to_text(const ArtifactReport& r, bool colour) {
  Block b(colour);
  b.str() += fmt::format("{}{}{}\n", colour ? "\x1b[1m" : "", escape_for_terminal(r.path), colour ? "\x1b[0m" : "");
  if (r.error) {
    b.line("error", r.error->to_string(), "\x1b[31m");
    return b.str();
  }
  if (r.format == "not-binary") {
    b.line("format", "not a binary");
    return b.str();
  }
  if (!r.bits) {
    b.line("format", r.format);
    for (const auto& w : r.warnings) b.line("warning", w);
    return b.str();
  }
  b.line("format", fmt::format("ELF{} {}-endian {}", *r.bits, r.endian.value_or("?"), r.kind.value_or("?")));
  std::string target = fmt::format("{}/{}", r.goos.value_or(r.goos_candidates.empty() ? "?" : join(r.goos_candidates, "|")),
                                   r.goarch.value_or("?"));
  b.line("target", target + "  [" + r.machine + "]");
  std::vector<std::string> flags;
  for (const auto& [k, v] : r.arch_flags) flags.push_back(k + "=" + v);
  b.line("arch flags", join(flags, " "));
  b.line("os evidence", join(r.os_evidence, "; "));
  if (r.linkage) b.line("linkage", *r.linkage + (r.interpreter ? "  interpreter " + *r.interpreter : ""));
  b.line("needed", join(r.needed, " "));
  b.line("rpath", join(r.rpath, ":"));
  b.line("runpath", join(r.runpath, ":"));
  if (r.soname) b.line("soname", *r.soname);
  b.line("libc", r.libc.flavour + (r.libc.evidence.empty() ? "" : "  (" + join(r.libc.evidence, "; ") + ")"));
  b.line("glibc floor", floor_text(r.min_glibc, "GLIBC_"));
  b.line("c++ floor", join([&] {
           std::vector<std::string> v;
           if (r.min_glibcxx) v.push_back(floor_text(r.min_glibcxx, "GLIBCXX_"));
           if (r.min_cxxabi) v.push_back(floor_text(r.min_cxxabi, "CXXABI_"));
           return v;
         }(), ", "));
  const HardeningReport& h = r.hardening;
  b.line("hardening", fmt::format("pie={} relro={} nx={} stripped={} dwarf={}", h.pie ? "yes" : "no", h.relro,
                                  h.nx_stack ? (*h.nx_stack ? "yes" : "no") : "unknown", h.stripped ? "yes" : "no",
                                  h.dwarf ? "yes" : "no"));
  if (h.gnu_build_id) b.line("build-id", *h.gnu_build_id);
  if (r.go) {
    const GoReport& g = *r.go;
    b.line("go", fmt::format("{} (from {})", g.version.value_or("version unknown"),
                             g.version ? g.version_source : "nothing"));
    if (g.buildinfo) {
      const GoBuildInfo& bi = *g.buildinfo;
      b.line("go path", bi.path);
      if (bi.main) b.line("go module", bi.main->path + " " + bi.main->version);
      if (!bi.deps.empty()) b.line("go deps", std::to_string(bi.deps.size()) + " modules");
      std::vector<std::string> settings;
      for (const auto& [k, v] : bi.settings) settings.push_back(k + "=" + v);
      b.line("go settings", join(settings, " "));
    }
    if (g.buildinfo_error) b.line("go error", *g.buildinfo_error);
    b.line("cgo", (g.cgo.linked ? (*g.cgo.linked ? "linked" : "not linked") : "unknown") +
                      (g.cgo.evidence.empty() ? std::string() : "  (" + join(g.cgo.evidence, "; ") + ")"));
    b.line("cgo packages", join(g.cgo.packages, " "));
    if (g.build_id) b.line("go build id", *g.build_id);
  }
  for (const auto& w : r.warnings) b.line("warning", w);
  return b.str();
}

}  // namespace crossgo
