// Which C library an ELF binary was built against: the interpreter, the libraries it needs, the
// symbol versions it asks for and, for static binaries, bounded evidence its libc's start files
// leave — never a scan of the whole file.
#include <string.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "analysis/elf_analysis.h"
#include "crossgo/byte_source.h"
#include "crossgo/limits.h"

namespace crossgo::analysis {
namespace {

std::optional<LibcFlavour> flavour_of_library(std::string_view lib) {
  if (lib == "libc.so.6") return LibcFlavour::glibc;
  if (lib.starts_with("libc.musl-")) return LibcFlavour::musl;
  if (lib == "libc.so.0") return LibcFlavour::uclibc;
  if (lib == "libc.so.7") return LibcFlavour::freebsd;
  if (lib == "libc.so.8") return LibcFlavour::dragonfly;
  if (lib == "libc.so.12") return LibcFlavour::netbsd;
  if (lib.starts_with("libc.so.9") && lib.size() > 10) return LibcFlavour::openbsd;
  if (lib == "libc.so.1") return LibcFlavour::solaris;
  return std::nullopt;
}

std::optional<LibcFlavour> flavour_of_interpreter(std::string_view i) {
  if (auto k = find_loader(i)) return k->libc;
  if (i.find("ld-musl") != std::string_view::npos) return LibcFlavour::musl;
  if (i.find("ld-uClibc") != std::string_view::npos) return LibcFlavour::uclibc;
  if (i.find("/system/bin/linker") != std::string_view::npos) return LibcFlavour::bionic;
  if (i.find("ld-linux") != std::string_view::npos || i.find("ld64.so") != std::string_view::npos)
    return LibcFlavour::glibc;
  return std::nullopt;
}

// Strings a static binary's libc links in, searched only where they live and within
// limits::kMaxLibcEvidenceScan bytes per marker, streamed (nothing is held): read-only data (glibc's "GLIBC_TUNABLES") and the
// symbol string tables (musl's "__libc_start_init"); without section headers, the
// non-executable PT_LOAD segments. `looked` records what was read, for an honest "unknown".
class BoundedSearch {
 public:
  explicit BoundedSearch(const Image& img) : img_(img) {}

  // Each marker gets its own budget: a large .rodata must not use up the search for another.
  bool find(std::string_view needle, bool rodata, bool strtabs) {
    budget_ = limits::kMaxLibcEvidenceScan;
    for (const auto& s : img_.sections) {
      if (!s.has_file_data || s.size == 0) continue;
      const bool ro = s.name == ".rodata" || s.name.starts_with(".rodata.") || s.name == ".data.rel.ro";
      const bool st = s.name == ".strtab" || s.name == ".dynstr";
      if (!((rodata && ro) || (strtabs && st))) continue;
      if (search(s.offset, s.size, needle, s.name)) return true;
    }
    if (img_.sections.empty()) {
      for (const auto& seg : img_.segments) {
        if (seg.exec || seg.filesz == 0) continue;
        if (search(seg.offset, seg.filesz, needle, "read-only PT_LOAD")) return true;
      }
    }
    return false;
  }
  std::string looked() const {
    std::string s;
    for (const auto& w : where_) s += (s.empty() ? "" : ", ") + w;
    return (s.empty() ? std::string("no read-only data or symbol names") : s) + " (" + std::to_string(spent_ >> 10) +
           " KiB" + (capped_ ? ", capped" : "") + ")";
  }

 private:
  bool search(uint64_t offset, uint64_t size, std::string_view needle, const std::string& where) {
    if (budget_ == 0) {
      capped_ = true;
      return false;
    }
    if (size > budget_) {
      size = budget_;
      capped_ = true;
    }
    budget_ -= size;
    spent_ += size;
    if (std::find(where_.begin(), where_.end(), where) == where_.end()) where_.push_back(where);
    return img_.source->scan(offset, size, needle.size() - 1, [&](std::span<const uint8_t> b, uint64_t) {
      return ::memmem(b.data(), b.size(), needle.data(), needle.size()) != nullptr;
    });
  }

  const Image& img_;
  uint64_t spent_ = 0;   // bytes searched in all, for looked()
  uint64_t budget_ = 0;  // what the current marker may still search
  bool capped_ = false;
  std::vector<std::string> where_;
};

// musl's own libc.so is its loader too: a shared object that needs nothing and defines the C
// start-up entry, without glibc's symbol versions (glibc's libc.so.6 needs ld-linux).
bool is_musl_libc_itself(const Image& img) {
  if (img.kind != ObjectKind::shared_library || !img.libraries.empty() || !img.visit_symbols) return false;
  if (!img.elf->version_needs.empty()) return false;
  bool start_main = false;
  img.visit_symbols([&](const SymbolRef& s) {
    if (s.dynamic && s.defined && s.name == "__libc_start_main") start_main = true;
    return start_main;
  });
  return start_main;
}

}  // namespace

LibcFacts elf_libc(const Image& img, const LinkageFacts& l, const OsFacts& os, const GoFacts* go) {
  LibcFacts libc;
  std::vector<std::string> conflicts;
  auto add = [&](LibcFlavour flavour, std::string evidence) {
    if (libc.flavour == LibcFlavour::unknown) libc.flavour = flavour;
    else if (libc.flavour != flavour)
      evidence += std::string(" (conflicts with ") + libc_flavour_name(libc.flavour) + ")";
    libc.evidence.push_back(std::move(evidence));
  };
  if (img.interpreter)
    if (auto f = flavour_of_interpreter(*img.interpreter)) add(*f, "interpreter " + *img.interpreter);
  for (const auto& lib : img.libraries) {
    if (auto f = flavour_of_library(lib.name)) add(*f, "needs " + lib.name);
    // Unversioned libc.so is bionic on android and the system libc on openbsd and solaris/illumos.
    if (lib.name == "libc.so" && os.goos) {
      const std::string& g = *os.goos;
      if (g == "linux") add(LibcFlavour::musl, "needs libc.so (musl's soname) on linux");
      else if (g == "android") add(LibcFlavour::bionic, "needs libc.so on android");
      else if (g == "openbsd") add(LibcFlavour::openbsd, "needs libc.so on openbsd");
      else if (g == "solaris" || g == "illumos") add(LibcFlavour::solaris, "needs libc.so on " + g);
    }
  }
  for (const auto& need : img.elf->version_needs) {
    if (need.version.starts_with("GLIBC_2.")) {
      add(LibcFlavour::glibc, "needs symbol versions GLIBC_* of " + need.file);
      break;
    }
  }
  if (libc.flavour != LibcFlavour::unknown) return libc;

  if (img.kind == ObjectKind::relocatable || img.kind == ObjectKind::core) return libc;
  if (is_musl_libc_itself(img)) {
    add(LibcFlavour::musl, "musl's libc.so itself: a shared object that needs nothing and defines __libc_start_main");
    return libc;
  }
  if (l.linkage == Linkage::static_exe || l.linkage == Linkage::static_pie) {
    for (const auto& n : img.elf->notes) {
      if (n.owner == "GNU" && n.type == 1 && n.section == ".note.ABI-tag") {
        add(LibcFlavour::glibc, "static, with glibc's .note.ABI-tag from crt1.o");
        return libc;
      }
    }
    if (go && go->cgo.linked == false) {
      add(LibcFlavour::none, "static Go binary without cgo: no C library linked");
      return libc;
    }
    // Symbol names first (small, and musl's start-up symbol is decisive), then read-only data.
    BoundedSearch search(img);
    if (search.find("__libc_start_init", false, true)) {
      add(LibcFlavour::musl, "static, contains musl's start-up symbols");
      return libc;
    }
    // glibc >= 2.26 links its tunables parser into every static binary.
    if (search.find("GLIBC_TUNABLES", true, false)) {
      add(LibcFlavour::glibc, "static, contains glibc's GLIBC_TUNABLES parser");
      return libc;
    }
    // Stripped: musl's strerror table starts with its own wording for errno 0 (src/errno/__strerror.h;
    // glibc says "Success"), and anything that reports an errno links it (runtime/cgo does).
    if (search.find("No error information", true, false)) {
      add(LibcFlavour::musl, "static, contains musl's strerror table (\"No error information\")");
      return libc;
    }
    libc.evidence.push_back(std::string(go && go->cgo.linked == true ? "static cgo binary; " : "static; ") +
                            "no glibc ABI note, no glibc or musl markers in " + search.looked());
    return libc;
  }
  if (img.libraries.empty() && l.linkage == Linkage::dynamic) {
    libc.flavour = LibcFlavour::none;
    libc.evidence.push_back("dynamic object that needs no libraries");
  }
  return libc;
}

}  // namespace crossgo::analysis
