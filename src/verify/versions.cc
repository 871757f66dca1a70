// Version constraints for --go, and the dotted comparison --max-glibc and the macOS bounds use.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "analysis/elf_analysis.h"
#include "crossgo/verify.h"

namespace crossgo {
namespace {

// "go1.22.3" → "1.22.3"; "devel go1.28-abc" → "1.28"; "1.22rc1" → "1.22" (a pre-release compares
// as its release: constraints name releases).
std::string numeric_part(std::string_view v) {
  if (const size_t go = v.find("go1."); go != std::string_view::npos) v.remove_prefix(go + 2);
  std::string out;
  for (char c : v) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') out += c;
    else break;
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  return analysis::compare_dotted_versions(numeric_part(a), numeric_part(b));
}

std::optional<std::vector<VersionConstraint>> parse_version_constraints(std::string_view text, std::string& error) {
  std::vector<VersionConstraint> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
    if (i >= text.size()) break;
    VersionConstraint c;
    // The operator as a view first: assigning string literals to c.op in the loop makes GCC 12
    // -O3 report a false -Wrestrict.
    std::string_view op = "=";
    for (std::string_view candidate : {">=", "<=", ">", "<", "="}) {
      if (text.substr(i).starts_with(candidate)) {
        op = candidate;
        i += candidate.size();
        break;
      }
    }
    c.op = std::string(op);
    while (i < text.size() && text[i] == ' ') ++i;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != ',') ++end;
    std::string_view v = text.substr(i, end - i);
    if (v.starts_with("go")) v.remove_prefix(2);
    const std::string n = numeric_part(v);
    if (n.empty() || n.size() != v.size() || !n.starts_with("1.")) {
      error = fmt::format("\"{}\" is not a Go version like 1.22 or 1.21.5", text.substr(i, end - i));
      return std::nullopt;
    }
    c.version = n;
    out.push_back(c);
    i = end;
  }
  if (out.empty()) {
    error = "no version given (e.g. '>=1.22')";
    return std::nullopt;
  }
  return out;
}

bool satisfies(std::string_view version, const std::vector<VersionConstraint>& constraints) {
  const std::string v = numeric_part(version);
  if (v.empty()) return false;
  for (const auto& c : constraints) {
    // "=1.22" matches every 1.22.x, as `go 1.22` in go.mod names the language version.
    const size_t parts = static_cast<size_t>(std::count(c.version.begin(), c.version.end(), '.')) + 1;
    const int r = analysis::compare_dotted_versions(c.op == "=" && parts == 2 ? v.substr(0, v.find('.', v.find('.') + 1)) : v, c.version);
    const bool ok = c.op == ">=" ? r >= 0 : c.op == ">" ? r > 0 : c.op == "<=" ? r <= 0 : c.op == "<" ? r < 0 : r == 0;
    if (!ok) return false;
  }
  return true;
}

}  // namespace crossgo
