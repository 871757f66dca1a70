// PLACEHOLDER until the xcoff analyzer lands: decides nothing.
#include "analysis/format_analyzer.h"

namespace crossgo::analysis {
namespace {

class Placeholder final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image&) const override { return {}; }
  LinkageFacts linkage(const Image&) const override { return {}; }
  LibcFacts libc(const Image&, const LinkageFacts&, const OsFacts&, const GoFacts*) const override { return {}; }
  HardeningFacts hardening(const Image&, const LinkageFacts&) const override { return {}; }
};

}  // namespace

const FormatAnalyzer& xcoff_analyzer() {
  static const Placeholder a;
  return a;
}

}  // namespace crossgo::analysis
