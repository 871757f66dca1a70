// GOOS from evidence, strongest first: Go build info, the format's own headers (ELF notes,
// EI_OSABI, interpreter and libraries; Mach-O platforms; PE …), then the Go runtime's per-OS
// source files in the pclntab. Candidate sets are intersected; a single survivor decides.
#include <algorithm>
#include <string>

#include "analysis/analyzers.h"

namespace crossgo::analysis {
namespace {

// The Go runtime's per-OS source files are named in the pclntab's file table, which survives
// `-ldflags=-s -w` and the loss of build info: runtime/os_linux.go, runtime/os_illumos.go, …
// (android builds use os_linux.go, illumos builds add os_illumos.go to os_solaris.go, solaris
// builds add os_only_solaris.go).
std::optional<OsVote> from_go_runtime_sources(const Image& img, const GoPclntab& pclntab) {
  std::vector<std::string> files;
  for (std::string& f : go_pclntab_files_matching(img, pclntab, "runtime/os_", 16)) {
    if (f.starts_with("os_") && f.ends_with(".go")) files.push_back(f.substr(3, f.size() - 6));  // "linux_generic"
  }
  auto has = [&](std::string_view f) { return std::find(files.begin(), files.end(), f) != files.end(); };
  auto vote = [&](std::vector<std::string> c, std::string_view f) {
    return OsVote{std::move(c), "Go runtime source runtime/os_" + std::string(f) + ".go in the pclntab"};
  };
  if (has("illumos")) return vote({"illumos"}, "illumos");
  if (has("only_solaris")) return vote({"solaris"}, "only_solaris");
  if (has("solaris")) return vote({"solaris", "illumos"}, "solaris");
  for (const char* os : {"dragonfly", "freebsd", "netbsd", "openbsd", "aix", "plan9", "windows", "js", "wasip1", "wasm"})
    if (has(os)) return vote({os == std::string_view("wasm") ? "js" : os}, os);
  if (has("darwin")) return vote({"darwin", "ios"}, "darwin");
  if (has("linux")) return vote({"linux", "android"}, "linux");
  return std::nullopt;
}

}  // namespace

OsFacts decide_os(const Image& img, const FormatAnalyzer& format, const GoFacts* go, std::vector<Finding>& findings) {
  std::vector<OsVote> votes;
  if (go && go->buildinfo)
    if (const std::string* goos = go->buildinfo->setting("GOOS")) votes.push_back({{*goos}, "go build info GOOS=" + *goos});
  for (auto& v : format.os_votes(img)) votes.push_back(std::move(v));
  if (go && go->pclntab)
    if (auto v = from_go_runtime_sources(img, *go->pclntab)) votes.push_back(*v);

  OsFacts os;
  std::vector<std::string> set;
  bool first = true;
  for (const auto& v : votes) {
    os.evidence.push_back(v.evidence);
    if (first) {
      set = v.candidates;
      first = false;
      continue;
    }
    std::vector<std::string> next;
    for (const auto& c : set)
      if (std::find(v.candidates.begin(), v.candidates.end(), c) != v.candidates.end()) next.push_back(c);
    if (next.empty()) {
      findings.push_back(Finding{
          .code = Code::CG802,
          .message = "OS evidence conflicts: " + v.evidence + " disagrees with earlier evidence",
      });
      continue;  // keep the stronger, earlier evidence
    }
    set = std::move(next);
  }
  // linux or android: Go's android binaries always have an interpreter (/system/bin/linker*,
  // src/cmd/link/internal/ld/elf.go), so a Go ELF without one is linux.
  if (set == std::vector<std::string>{"linux", "android"} && img.format == Format::elf && !img.interpreter && go) {
    set = {"linux"};
    os.evidence.push_back("no interpreter (Go's android binaries always name /system/bin/linker*)");
  }
  if (set.size() == 1) {
    os.goos = set.front();
  } else {
    os.candidates = set;
    if (votes.empty())
      os.unknown_because = std::string("nothing in the file names an OS: no OS note, EI_OSABI ") +
                           (img.elf ? std::to_string(img.elf->osabi) : std::string("n/a")) + ", " +
                           (img.interpreter ? "interpreter " + *img.interpreter + " not known" : "no interpreter") +
                           ", " + (img.libraries.empty() ? "no needed libraries" : "no OS-specific library") +
                           (go ? ", no Go runtime OS sources" : ", not a Go binary");
    else
      os.unknown_because = "the evidence narrows the OS to " + std::to_string(set.size()) + " candidates";
  }
  return os;
}

}  // namespace crossgo::analysis
