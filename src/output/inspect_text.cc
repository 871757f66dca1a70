// Human-readable inspect output: one block per file, labels aligned, colour only when asked.
#include <fmt/format.h>

#include "crossgo/inspect_output.h"
#include "crossgo/text_escape.h"
#include "output/details.h"

#include <map>

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

std::string format_label(const ArtifactReport& r) {
  static const std::map<std::string, std::string> kNames = {
      {"elf", "ELF"}, {"macho", "Mach-O"}, {"pe", "PE"}, {"xcoff", "XCOFF"}, {"plan9", "Plan 9 a.out"},
      {"wasm", "WebAssembly"}, {"goobj", "Go object"}, {"archive", "ar archive"}, {"macho-fat", "universal Mach-O"}};
  auto it = kNames.find(r.format);
  return it == kNames.end() ? r.format : it->second;
}

std::string yes_no(const std::optional<bool>& b) { return b ? (*b ? "yes" : "no") : "n/a"; }

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
    b.line("format", format_label(r));
    b.line("members", join(r.members, " "));
    for (const auto& w : r.warnings) b.line("warning", w);
    return b.str();
  }
  b.line("format", fmt::format("{}{} {}-endian {}", format_label(r), r.format == "elf" ? std::to_string(*r.bits) : "",
                               r.endian.value_or("?"), r.kind.value_or("?")) +
                       (r.format == "elf" ? "" : fmt::format(" ({}-bit)", *r.bits)));
  if (r.container) b.line("member of", r.container->path + " (" + r.container->format + ")");
  std::string target = fmt::format("{}/{}", r.goos.value_or(r.goos_candidates.empty() ? "?" : join(r.goos_candidates, "|")),
                                   r.goarch.value_or("?"));
  b.line("target", target + "  [" + r.machine + "]");
  std::vector<std::string> flags;
  for (const auto& [k, v] : r.arch_flags) flags.push_back(k + "=" + v);
  b.line("arch flags", join(flags, " "));
  b.line("os evidence", join(r.os_evidence, "; "));
  if (!r.goos) b.line("os unknown", r.goos_unknown_because);
  if (r.linkage) b.line("linkage", *r.linkage + (r.interpreter ? "  interpreter " + *r.interpreter : ""));
  b.line("needed", join(r.needed, " "));
  b.line("rpath", join(r.rpath, ":"));
  b.line("runpath", join(r.runpath, ":"));
  if (r.soname) b.line("soname", *r.soname);
  b.line("libc", r.libc.flavour + (r.libc.evidence.empty() ? "" : "  (" + join(r.libc.evidence, "; ") + ")"));
  std::vector<std::string> floors;
  for (const auto& f : r.floors)
    floors.push_back(f.name + " " + f.version + (f.evidence.empty() ? "" : " (" + f.evidence + ")"));
  b.line("floors", join(floors, ", "));
  if (r.hardening) {
    const HardeningReport& h = *r.hardening;
    std::vector<std::string> hs;
    if (h.pie) hs.push_back(std::string("pie=") + yes_no(h.pie));
    if (h.relro) hs.push_back("relro=" + *h.relro);
    if (h.nx_stack || r.format == "elf") hs.push_back(std::string("nx=") + (h.nx_stack ? yes_no(h.nx_stack) : "unknown"));
    if (h.nx) hs.push_back(std::string("nx=") + yes_no(h.nx));
    if (h.aslr) hs.push_back(std::string("aslr=") + yes_no(h.aslr));
    if (h.high_entropy_va) hs.push_back(std::string("high-entropy-va=") + yes_no(h.high_entropy_va));
    if (h.cfg) hs.push_back(std::string("cfg=") + yes_no(h.cfg));
    if (h.code_signature) hs.push_back(std::string("signed=") + yes_no(h.code_signature));
    hs.push_back(std::string("stripped=") + (h.stripped ? "yes" : "no"));
    hs.push_back(std::string("dwarf=") + (h.dwarf ? "yes" : "no"));
    b.line("hardening", join(hs, " "));
    if (h.gnu_build_id) b.line("build-id", *h.gnu_build_id);
  }
  output::DetailLines details;
  if (r.macho) details = output::macho_details_text(*r.macho);
  if (r.pe) details = output::pe_details_text(*r.pe);
  if (r.xcoff) details = output::xcoff_details_text(*r.xcoff);
  if (r.plan9) details = output::plan9_details_text(*r.plan9);
  if (r.wasm) details = output::wasm_details_text(*r.wasm);
  for (const auto& [label, value] : details) b.line(label, value);
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
    } else {
      b.line("go evidence", join(g.evidence, "; "));
    }
    if (g.buildinfo_error) b.line("go error", *g.buildinfo_error);
    b.line("cgo", (g.cgo.linked ? (*g.cgo.linked ? "linked" : "not linked") : "unknown") +
                      (g.cgo.evidence.empty() ? std::string() : "  (" + join(g.cgo.evidence, "; ") + ")"));
    b.line("cgo packages", join(g.cgo.packages, " "));
    if (g.build_id) b.line("go build id", *g.build_id);
  }
  for (const auto& n : r.notes) b.line("note", n);
  for (const auto& w : r.warnings) b.line("warning", w);
  return b.str();
}

}  // namespace crossgo
