// What a Plan 9 a.out says about its target: only Plan 9 loads a.out(6) files with these magics,
// and they have no dynamic linking at all (no loader, no shared libraries: the C library, like
// Go's runtime, calls the kernel directly), so linkage is static and there is no libc to name.
#include <string>

#include "analysis/format_analyzer.h"

namespace crossgo::analysis {
namespace {

class Plan9Analyzer final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image& image) const override {
    return {OsVote{{"plan9"}, "Plan 9 a.out, " + image.machine}};
  }

  LinkageFacts linkage(const Image&) const override {
    LinkageFacts f;
    f.linkage = Linkage::static_exe;
    f.evidence = "Plan 9 a.out has no dynamic loader";
    return f;
  }

  LibcFacts libc(const Image&, const LinkageFacts&, const OsFacts&, const GoFacts*) const override {
    LibcFacts f;
    f.flavour = LibcFlavour::none;
    f.evidence.push_back("Plan 9 binaries call the kernel directly");
    return f;
  }

  HardeningFacts hardening(const Image& image, const LinkageFacts&) const override {
    HardeningFacts h;
    h.pie = false;  // a.out files are linked at a fixed address (UTZERO)
    h.stripped = !image.has_symtab;
    h.dwarf = image.has_debug_info;
    return h;
  }
};

}  // namespace

const FormatAnalyzer& plan9_analyzer() {
  static const Plan9Analyzer a;
  return a;
}

}  // namespace crossgo::analysis
