// What an XCOFF file says about its target: XCOFF is AIX's format (Go's only XCOFF target is
// aix/ppc64), the loader section's import file IDs decide linkage and the C library, and the
// symbol table and STYP_DWARF sections the stripped/dwarf hardening facts.
#include <string>

#include "analysis/format_analyzer.h"

namespace crossgo::analysis {
namespace {

std::string join(const std::vector<LibraryImport>& libs) {
  std::string out;
  for (const auto& l : libs) out += (out.empty() ? "" : ", ") + l.name;
  return out;
}

// "libc.a(shr_64.o)" or "/usr/lib/libc.a(shr.o)": the archive named libc.a.
bool is_libc(const std::string& name) {
  const size_t slash = name.rfind('/', name.find('('));
  const std::string base = name.substr(slash == std::string::npos ? 0 : slash + 1);
  return base == "libc.a" || base.starts_with("libc.a(");
}

class XcoffAnalyzer final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image& image) const override {
    // Only AIX writes XCOFF (IBM's "XCOFF Object File Format"; Go: GOOS=aix, cmd/link Haix).
    return {OsVote{{"aix"}, image.bits == 64 ? "XCOFF64 file" : "XCOFF32 file"}};
  }

  LinkageFacts linkage(const Image& image) const override {
    LinkageFacts f;
    if (!image.libraries.empty()) {
      f.linkage = Linkage::dynamic;
      f.evidence = "XCOFF loader section imports " + join(image.libraries);
    } else if (image.kind == ObjectKind::executable) {
      f.linkage = Linkage::static_exe;
      f.evidence = image.xcoff && image.xcoff->loader_section != 0 ? "XCOFF loader section imports no file"
                                                                    : "no XCOFF loader section";
    }
    return f;
  }

  LibcFacts libc(const Image& image, const LinkageFacts&, const OsFacts&, const GoFacts*) const override {
    LibcFacts f;
    for (const auto& l : image.libraries) {
      if (is_libc(l.name)) {
        f.flavour = LibcFlavour::aix;
        f.evidence.push_back("imports " + l.name);
        break;
      }
    }
    return f;
  }

  HardeningFacts hardening(const Image& image, const LinkageFacts&) const override {
    HardeningFacts h;
    h.stripped = !image.has_symtab;
    h.dwarf = image.has_debug_info;
    return h;
  }
};

}  // namespace

const FormatAnalyzer& xcoff_analyzer() {
  static const XcoffAnalyzer a;
  return a;
}

}  // namespace crossgo::analysis
