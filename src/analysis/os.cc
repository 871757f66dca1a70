// GOOS from evidence. Go's linker marks BSD outputs with EI_OSABI and ident notes, leaves linux,
// android, solaris and illumos unmarked (asmbElf in src/cmd/link/internal/ld/elf.go), and stamps GOOS into build info, so the
// evidence is weighed in that order: build info, OS notes, EI_OSABI, interpreter, libraries.
#include <algorithm>
#include <string>

#include "analysis/analyzers.h"
#include "crossgo/elf.h"

namespace crossgo::analysis {

namespace {

struct Vote {
  std::vector<std::string> candidates;  // one element: decides; several: narrows
  std::string evidence;
};

std::optional<Vote> from_note(const Note& n, const Image& img) {
  if (n.owner == "FreeBSD" && n.type == 1) return Vote{{"freebsd"}, "note FreeBSD ABI tag"};
  if (n.owner == "NetBSD" && n.type == 1) return Vote{{"netbsd"}, "note NetBSD ident"};
  if (n.owner == "OpenBSD" && n.type == 1) return Vote{{"openbsd"}, "note OpenBSD ident"};
  if (n.owner == "DragonFly" && n.type == 1) return Vote{{"dragonfly"}, "note DragonFly ident"};
  if (n.owner == "Android" && n.type == 1) {
    std::string ev = "note Android ident";
    if (n.desc.size() >= 4) {
      ByteReader r(n.desc, img.endian);
      ev += " (API level " + std::to_string(r.u32(0)) + ")";
    }
    return Vote{{"android"}, ev};
  }
  if (n.owner == "GNU" && n.type == 1 && n.desc.size() >= 4) {  // NT_GNU_ABI_TAG
    ByteReader r(n.desc, img.endian);
    switch (r.u32(0)) {
      case 0: return Vote{{"linux"}, "note GNU ABI tag: Linux"};  // bionic writes no GNU ABI tag
      case 2: return Vote{{"solaris", "illumos"}, "note GNU ABI tag: Solaris"};
      case 3: return Vote{{"freebsd"}, "note GNU ABI tag: FreeBSD"};
      default: break;
    }
  }
  return std::nullopt;
}

std::optional<Vote> from_interpreter(const std::string& interp, const Image& img) {
  auto has = [&](std::string_view s) { return interp.find(s) != std::string::npos; };
  const std::string ev = "interpreter " + interp;
  if (has("/system/bin/linker")) return Vote{{"android"}, ev};
  if (has("ld-linux") || has("ld-musl") || has("ld64.so") || has("ld-uClibc"))
    return Vote{{"linux"}, ev};
  if (interp == "/libexec/ld-elf.so.1" || interp == "/usr/libexec/ld-elf.so.1") return Vote{{"freebsd"}, ev};
  if (interp == "/usr/libexec/ld-elf.so.2") return Vote{{"dragonfly"}, ev};
  if (interp == "/usr/libexec/ld.so") return Vote{{"openbsd"}, ev};
  if (has("ld.elf_so")) return Vote{{"netbsd"}, ev};
  if (interp == "/lib/amd64/ld.so.1" || interp == "/lib/64/ld.so.1" ||
      (interp == "/lib/ld.so.1" && (img.machine == elf::EM_386 || img.machine == elf::EM_SPARC)))
    return Vote{{"solaris", "illumos"}, ev};
  if (interp == "/lib/ld.so.1" || interp == "/lib64/ld.so.1") return Vote{{"linux"}, ev};  // mips, loong64
  return std::nullopt;
}

std::optional<Vote> from_needed(const std::vector<std::string>& needed) {
  for (const auto& lib : needed) {
    const std::string ev = "needs " + lib;
    if (lib == "libc.so.6" || lib.starts_with("libc.musl-")) return Vote{{"linux"}, ev};
    if (lib == "libc.so.7") return Vote{{"freebsd"}, ev};
    if (lib == "libc.so.8") return Vote{{"dragonfly"}, ev};
    if (lib == "libc.so.12") return Vote{{"netbsd"}, ev};
    if (lib.starts_with("libc.so.9") && lib.size() > 10) return Vote{{"openbsd"}, ev};
    if (lib == "liblog.so") return Vote{{"android"}, ev};
    // Unversioned libc.so: musl's soname on linux, bionic on android, and what Go links against on
    // openbsd and solaris/illumos.
    if (lib == "libc.so") return Vote{{"linux", "android", "openbsd", "solaris", "illumos"}, ev};
    if (lib == "libc.so.1") return Vote{{"solaris", "illumos"}, ev};
  }
  return std::nullopt;
}

// The Go runtime's per-OS source files are named in the pclntab's file table, which survives
// `-ldflags=-s -w` and the loss of build info: runtime/os_linux.go, runtime/os_illumos.go, …
// (seen in Go 1.19 binaries for every port; android builds use os_linux.go, illumos builds add
// os_illumos.go to os_solaris.go, solaris builds add os_only_solaris.go).
std::optional<Vote> from_go_runtime_sources(const Image& img, const std::optional<GoPclntab>& pclntab) {
  if (!pclntab) return std::nullopt;
  std::vector<std::string> files;
  for (std::string& f : go_pclntab_files_matching(go_pclntab_tables(img, *pclntab).files, "runtime/os_", 16)) {
    // "os_linux_generic.go" -> "linux_generic"
    if (f.starts_with("os_") && f.ends_with(".go")) files.push_back(f.substr(3, f.size() - 6));
  }
  auto has = [&](std::string_view f) { return std::find(files.begin(), files.end(), f) != files.end(); };
  auto vote = [&](std::vector<std::string> c, std::string_view f) {
    return Vote{std::move(c), "Go runtime source runtime/os_" + std::string(f) + ".go in the pclntab"};
  };
  if (has("illumos")) return vote({"illumos"}, "illumos");
  if (has("only_solaris")) return vote({"solaris"}, "only_solaris");
  if (has("solaris")) return vote({"solaris", "illumos"}, "solaris");
  for (const char* os : {"dragonfly", "freebsd", "netbsd", "openbsd", "aix", "plan9", "windows", "js", "wasip1"})
    if (has(os)) return vote({os}, os);
  if (has("darwin")) return vote({"darwin", "ios"}, "darwin");
  if (has("linux")) return vote({"linux", "android"}, "linux");
  return std::nullopt;
}

}  // namespace

void analyze_os(const Image& img, ArtifactReport& r) {
  std::vector<Vote> votes;
  if (r.go && r.go->buildinfo) {
    if (const std::string* goos = r.go->buildinfo->setting("GOOS"))
      votes.push_back({{*goos}, "go build info GOOS=" + *goos});
  }
  for (const auto& n : img.notes)
    if (auto v = from_note(n, img)) votes.push_back(*v);
  switch (img.osabi) {
    case elf::OSABI_FREEBSD: votes.push_back({{"freebsd"}, "EI_OSABI FreeBSD"}); break;
    case elf::OSABI_NETBSD: votes.push_back({{"netbsd"}, "EI_OSABI NetBSD"}); break;
    case elf::OSABI_OPENBSD: votes.push_back({{"openbsd"}, "EI_OSABI OpenBSD"}); break;
    case elf::OSABI_SOLARIS: votes.push_back({{"solaris", "illumos"}, "EI_OSABI Solaris"}); break;
    case elf::OSABI_GNU: votes.push_back({{"linux"}, "EI_OSABI GNU/Linux"}); break;
    default: break;
  }
  if (img.interpreter)
    if (auto v = from_interpreter(*img.interpreter, img)) votes.push_back(*v);
  if (auto v = from_needed(img.needed)) votes.push_back(*v);

  if (r.go)
    if (auto v = from_go_runtime_sources(img, r.go->pclntab)) votes.push_back(*v);

  // Intersect the candidate sets; a single survivor decides.
  std::vector<std::string> set;
  bool first = true;
  for (const auto& v : votes) {
    r.os_evidence.push_back(v.evidence);
    if (first) {
      set = v.candidates;
      first = false;
      continue;
    }
    std::vector<std::string> next;
    for (const auto& c : set)
      if (std::find(v.candidates.begin(), v.candidates.end(), c) != v.candidates.end()) next.push_back(c);
    if (next.empty()) {
      r.warnings.push_back("OS evidence conflicts: " + v.evidence + " disagrees with earlier evidence");
      continue;  // keep the stronger, earlier evidence
    }
    set = std::move(next);
  }
  if (set.size() == 1) r.goos = set.front();
  else r.goos_candidates = set;
}

}  // namespace crossgo::analysis
