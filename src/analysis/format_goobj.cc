// Go object files (the _go_.o member of Go package archives, and __.PKGDEF export data): the
// header line names the target's GOOS; nothing is linked yet, so linkage, C library and hardening
// are not properties of the file.
#include <algorithm>
#include <array>
#include <string_view>

#include "analysis/format_analyzer.h"
#include "formats/goobj/goobj_header.h"

namespace crossgo::analysis {
namespace {

// internal/syslist knownOS (Go 1.23): a header naming anything else casts no vote.
constexpr std::array<std::string_view, 18> kKnownGoos = {
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
    "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"};

class GoObjectAnalyzer final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image& image) const override {
    if (image.source == nullptr) return {};
    const auto header = goobj::read_go_object_header(*image.source);
    if (!header) return {};
    if (std::find(kKnownGoos.begin(), kKnownGoos.end(), header->goos) == kKnownGoos.end()) return {};
    return {OsVote{{header->goos}, "go object header"}};
  }
  // An object is not linked: how it will be linked is decided when it is.
  LinkageFacts linkage(const Image&) const override { return {}; }
  LibcFacts libc(const Image&, const LinkageFacts&, const OsFacts&, const GoFacts*) const override { return {}; }
  HardeningFacts hardening(const Image&, const LinkageFacts&) const override { return {}; }
};

}  // namespace

const FormatAnalyzer& goobj_analyzer() {
  static const GoObjectAnalyzer a;
  return a;
}

}  // namespace crossgo::analysis
