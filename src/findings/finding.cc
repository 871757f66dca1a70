// Finding's behaviour: its id and severity come from the registry, so two call sites reporting the
// same code cannot disagree on how serious it is.
#include <algorithm>
#include <cassert>

#include "crossgo/finding.h"
#include "crossgo/finding_registry.h"

namespace crossgo {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "info";
}

std::string_view Finding::id() const { return finding_info(code).id(); }

Severity Finding::severity() const {
  const FindingInfo& info = finding_info(code);
  // A rule may only downgrade where the registry documents it (Debug and sanitizer builds check).
  assert(!downgraded || info.downgraded_to);
  return downgraded && info.downgraded_to ? *info.downgraded_to : info.severity;
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    const Severity sa = a.severity(), sb = b.severity();
    if (sa != sb) return static_cast<int>(sa) > static_cast<int>(sb);
    return a.code < b.code;
  });
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity() == Severity::error; });
}

}  // namespace crossgo
