// Finding codes as users type them (`--ignore`, `explain CODE`): exact lookup by id or name, and
// the nearest existing code for a mistyped one, so a typo is a usage error with a suggestion
// instead of an --ignore that silently ignores nothing.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <string>

#include "crossgo/finding_registry.h"

namespace crossgo {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool code_shaped(std::string_view s) {
  return s.size() == 5 && (s[0] == 'C' || s[0] == 'c') && (s[1] == 'G' || s[1] == 'g') &&
         std::isdigit(static_cast<unsigned char>(s[2])) && std::isdigit(static_cast<unsigned char>(s[3])) &&
         std::isdigit(static_cast<unsigned char>(s[4]));
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

const FindingInfo* find_finding(std::string_view id_or_name) {
  for (const FindingInfo& f : finding_registry())
    if (f.id() == id_or_name || f.name == id_or_name) return &f;
  return nullptr;
}

const FindingInfo* nearest_finding(std::string_view text) {
  if (const FindingInfo* exact = find_finding(upper(text))) return exact;  // "cg101"
  const FindingInfo* best = nullptr;
  if (code_shaped(text)) {
    // A mistyped number: fewest differing digits, then the numerically closest (CG108 → CG106,
    // not CG208), so the suggestion stays in the same topic where it can.
    const int n = std::atoi(std::string(text.substr(2)).c_str());
    int best_digits = 4, best_gap = std::numeric_limits<int>::max();
    for (const FindingInfo& f : finding_registry()) {
      const std::string id(f.id());
      int digits = 0;
      for (size_t i = 2; i < 5; ++i) digits += id[i] != text[i] ? 1 : 0;
      const int gap = std::abs(static_cast<int>(f.code) - n);
      if (digits < best_digits || (digits == best_digits && gap < best_gap)) {
        best = &f;
        best_digits = digits;
        best_gap = gap;
      }
    }
    return best;
  }
  // A mistyped name ("goos-invalit"): the closest name within a third of its length.
  size_t best_distance = text.size() / 3 + 1;
  for (const FindingInfo& f : finding_registry()) {
    const size_t d = edit_distance(text, f.name);
    if (d < best_distance) {
      best = &f;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace crossgo
