// Which C library a binary was built against, from the interpreter, the libraries it needs, the
// symbol versions it asks for and, for static binaries, marks the C library's start files leave.
#include <string.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "analysis/analyzers.h"
#include "crossgo/elf.h"
#include "crossgo/limits.h"

namespace crossgo::analysis {

namespace {

std::optional<std::string> flavour_of_interpreter(std::string_view i) {
  if (i.find("ld-musl") != std::string_view::npos) return "musl";
  if (i.find("ld-uClibc") != std::string_view::npos) return "uclibc";
  if (i.find("/system/bin/linker") != std::string_view::npos) return "bionic";
  if (i.find("ld-linux") != std::string_view::npos || i.find("ld64.so") != std::string_view::npos)
    return "glibc";
  if (i == "/libexec/ld-elf.so.1" || i == "/usr/libexec/ld-elf.so.1") return "freebsd";
  if (i == "/usr/libexec/ld-elf.so.2") return "dragonfly";
  if (i == "/usr/libexec/ld.so") return "openbsd";
  if (i.find("ld.elf_so") != std::string_view::npos) return "netbsd";
  if (i == "/lib/amd64/ld.so.1" || i == "/lib/64/ld.so.1") return "solaris";
  return std::nullopt;
}

std::optional<std::string> flavour_of_library(std::string_view lib) {
  if (lib == "libc.so.6") return "glibc";
  if (lib.starts_with("libc.musl-")) return "musl";
  if (lib == "libc.so.0") return "uclibc";
  if (lib == "libc.so.7") return "freebsd";
  if (lib == "libc.so.8") return "dragonfly";
  if (lib == "libc.so.12") return "netbsd";
  if (lib.starts_with("libc.so.9") && lib.size() > 10) return "openbsd";
  if (lib == "libc.so.1") return "solaris";
  return std::nullopt;
}

// Static binaries without a libc note are told apart by strings their libc links in. Only the
// places those strings live are searched, and at most limits::kMaxLibcEvidenceScan bytes in all:
// read-only data (glibc's "GLIBC_TUNABLES") and the symbol string tables (musl's
// "__libc_start_init"); without section headers, the non-executable PT_LOAD segments. `looked`
// records what was read, for an honest "unknown".
class BoundedSearch {
 public:
  explicit BoundedSearch(const Image& img) : img_(img) {}

  bool find(std::string_view needle, bool rodata, bool strtabs) {
    for (const auto& s : img_.sections) {
      if (!s.has_file_data || s.size == 0) continue;
      const bool ro = s.name == ".rodata" || s.name.starts_with(".rodata.") || s.name == ".data.rel.ro";
      const bool st = s.name == ".strtab" || s.name == ".dynstr";
      if (!((rodata && ro) || (strtabs && st))) continue;
      if (search(img_.section_bytes(s), needle, s.name)) return true;
    }
    if (img_.sections.empty()) {
      constexpr uint32_t kPtLoad = 1, kPfX = 1;
      for (const auto& seg : img_.segments) {
        if (seg.type != kPtLoad || (seg.flags & kPfX) != 0 || seg.offset >= img_.file.size()) continue;
        const uint64_t len = std::min<uint64_t>(seg.filesz, img_.file.size() - seg.offset);
        if (search(img_.file.subspan(seg.offset, len), needle, "read-only PT_LOAD")) return true;
      }
    }
    return false;
  }
  std::string looked() const {
    std::string s;
    for (const auto& w : where_) s += (s.empty() ? "" : ", ") + w;
    return (s.empty() ? std::string("no read-only data or symbol names") : s) + " (" +
           std::to_string(spent_ >> 10) + " KiB" + (capped_ ? ", capped" : "") + ")";
  }

 private:
  bool search(std::span<const uint8_t> bytes, std::string_view needle, const std::string& where) {
    if (spent_ >= limits::kMaxLibcEvidenceScan) {
      capped_ = true;
      return false;
    }
    if (bytes.size() > limits::kMaxLibcEvidenceScan - spent_) {
      bytes = bytes.first(limits::kMaxLibcEvidenceScan - spent_);
      capped_ = true;
    }
    spent_ += bytes.size();
    if (std::find(where_.begin(), where_.end(), where) == where_.end()) where_.push_back(where);
    return !bytes.empty() && ::memmem(bytes.data(), bytes.size(), needle.data(), needle.size()) != nullptr;
  }

  const Image& img_;
  uint64_t spent_ = 0;
  bool capped_ = false;
  std::vector<std::string> where_;
};

}  // namespace

void analyze_libc(const Image& img, ArtifactReport& r) {
  LibcReport& libc = r.libc;
  auto add = [&](const std::string& flavour, std::string evidence) {
    if (libc.flavour.empty() || libc.flavour == "unknown") libc.flavour = flavour;
    else if (libc.flavour != flavour)
      r.warnings.push_back("libc evidence conflicts: " + evidence + " says " + flavour + ", earlier evidence " +
                           libc.flavour);
    libc.evidence.push_back(std::move(evidence));
  };
  if (img.interpreter)
    if (auto f = flavour_of_interpreter(*img.interpreter)) add(*f, "interpreter " + *img.interpreter);
  for (const auto& lib : img.needed) {
    if (auto f = flavour_of_library(lib)) add(*f, "needs " + lib);
    // Unversioned libc.so is bionic on android and the system libc on openbsd and solaris/illumos.
    if (lib == "libc.so" && r.goos) {
      const std::string& os = *r.goos;
      if (os == "linux") add("musl", "needs libc.so (musl's soname) on linux");
      else if (os == "android") add("bionic", "needs libc.so on android");
      else if (os == "openbsd") add("openbsd", "needs libc.so on openbsd");
      else if (os == "solaris" || os == "illumos") add("solaris", "needs libc.so on " + os);
    }
  }
  if (r.min_glibc) add("glibc", "needs symbol version GLIBC_" + r.min_glibc->version);
  if (!libc.flavour.empty()) return;

  if (r.kind == "relocatable" || r.kind == "core") {
    libc.flavour = "unknown";
    return;
  }
  if (r.linkage == "static" || r.linkage == "static-pie") {
    for (const auto& n : img.notes) {
      if (n.owner == "GNU" && n.type == 1 && n.section == ".note.ABI-tag") {
        add("glibc", "static, with glibc's .note.ABI-tag from crt1.o");
        return;
      }
    }
    if (r.go && r.go->cgo.linked == false) {
      add("none", "static Go binary without cgo: no C library linked");
      return;
    }
    BoundedSearch search(img);
    // glibc >= 2.26 links its tunables parser into every static binary.
    if (search.find("GLIBC_TUNABLES", true, false)) {
      add("glibc", "static, contains glibc's GLIBC_TUNABLES parser");
      return;
    }
    if (search.find("__libc_start_init", false, true)) {
      add("musl", "static, contains musl's start-up symbols");
      return;
    }
    libc.flavour = "unknown";
    libc.evidence.push_back(std::string(r.go && r.go->cgo.linked == true ? "static cgo binary; " : "static; ") +
                            "no glibc ABI note, no glibc or musl markers in " + search.looked());
    return;
  }
  if (img.needed.empty() && r.linkage == "dynamic") {
    libc.flavour = "none";
    libc.evidence.push_back("dynamic object that needs no libraries");
    return;
  }
  libc.flavour = "unknown";
}

}  // namespace crossgo::analysis
