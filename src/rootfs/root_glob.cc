// Pattern matching as POSIX fnmatch and glob define it (with glibc's choices where POSIX leaves
// one: an unmatched '[' is an ordinary character, a trailing backslash matches nothing, ranges
// compare byte values), written as a two-pointer matcher that remembers only the last '*'.
#include "rootfs/root_glob.h"

#include <algorithm>
#include <optional>

#include "crossgo/limits.h"

namespace crossgo::rootfs::detail {
namespace {

bool in_class(std::string_view cls, unsigned char c) {
  const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z', digit = c >= '0' && c <= '9';
  const bool space = c == ' ' || (c >= '\t' && c <= '\r'), cntrl = c < 0x20 || c == 0x7f;
  const bool print = c >= 0x20 && c < 0x7f, graph = c > 0x20 && c < 0x7f;
  if (cls == "alpha") return upper || lower;
  if (cls == "digit") return digit;
  if (cls == "alnum") return upper || lower || digit;
  if (cls == "upper") return upper;
  if (cls == "lower") return lower;
  if (cls == "space") return space;
  if (cls == "blank") return c == ' ' || c == '\t';
  if (cls == "punct") return graph && !(upper || lower || digit);
  if (cls == "print") return print;
  if (cls == "graph") return graph;
  if (cls == "cntrl") return cntrl;
  if (cls == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  return false;  // an unknown class matches nothing, as in glibc
}

// The bracket expression starting at pattern[p] == '[': its length, and whether it matches c.
// nullopt when there is no closing ']' (then the '[' is an ordinary character).
std::optional<std::pair<size_t, bool>> bracket(std::string_view pat, size_t p, unsigned char c) {
  size_t i = p + 1;
  bool negate = false;
  if (i < pat.size() && (pat[i] == '!' || pat[i] == '^')) negate = true, ++i;
  bool matched = false, first = true;
  while (i < pat.size()) {
    if (pat[i] == ']' && !first) return std::make_pair(i + 1 - p, matched != negate);
    first = false;
    if (pat[i] == '[' && i + 1 < pat.size() && pat[i + 1] == ':') {
      const size_t end = pat.find(":]", i + 2);
      if (end != std::string_view::npos) {
        matched |= in_class(pat.substr(i + 2, end - i - 2), c);
        i = end + 2;
        continue;
      }
    }
    unsigned char lo = static_cast<unsigned char>(pat[i]);
    if (lo == '\\' && i + 1 < pat.size()) lo = static_cast<unsigned char>(pat[++i]);
    ++i;
    unsigned char hi = lo;
    if (i + 1 < pat.size() && pat[i] == '-' && pat[i + 1] != ']') {
      size_t h = i + 1;
      if (pat[h] == '\\' && h + 1 < pat.size()) ++h;
      hi = static_cast<unsigned char>(pat[h]);
      i = h + 1;
    }
    if (c >= lo && c <= hi) matched = true;
  }
  return std::nullopt;
}

// Whether the single-character element at pattern[p] matches c (not '*'); its length in `len`.
bool match_one(std::string_view pat, size_t p, unsigned char c, bool leading_period, size_t& len) {
  const char pc = pat[p];
  if (pc == '?') {
    len = 1;
    return !leading_period;
  }
  if (pc == '[') {
    if (auto b = bracket(pat, p, c)) {
      len = b->first;
      return b->second && !leading_period;
    }
  }
  if (pc == '\\') {
    if (p + 1 >= pat.size()) return false;  // a trailing backslash matches nothing
    len = 2;
    return static_cast<unsigned char>(pat[p + 1]) == c;
  }
  len = 1;
  return static_cast<unsigned char>(pc) == c;
}

}  // namespace

bool match_component(std::string_view pat, std::string_view name) {
  size_t p = 0, n = 0;
  std::optional<size_t> star_p;
  size_t star_n = 0;
  while (n < name.size()) {
    const bool leading_period = n == 0 && name[0] == '.';
    if (p < pat.size() && pat[p] == '*') {
      if (leading_period) return false;  // not even as the empty match: the '.' must be explicit
      star_p = ++p;
      star_n = n;
      continue;
    }
    size_t len = 0;
    if (p < pat.size() && match_one(pat, p, static_cast<unsigned char>(name[n]), leading_period, len)) {
      p += len;
      ++n;
      continue;
    }
    // Let the last '*' take one more character (never a leading '.': a '*' is never first then).
    if (!star_p) return false;
    p = *star_p;
    n = ++star_n;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

bool has_wildcards(std::string_view c) {
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] == '\\') {
      ++i;
    } else if (c[i] == '*' || c[i] == '?') {
      return true;
    } else if (c[i] == '[' && c.find(']', i + 1) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

namespace {

std::string unescape(std::string_view c) {
  std::string out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] == '\\' && i + 1 < c.size()) ++i;
    out += c[i];
  }
  return out;
}

std::string join(const std::string& dir, std::string_view name) {
  std::string out = dir;
  out += '/';
  out += name;
  return out;
}

}  // namespace

std::vector<std::string> glob(const RootFs& root, std::string_view pattern, size_t max_results, bool* truncated) {
  std::vector<std::string> paths{""};  // "" is the root itself
  uint64_t listed = 0;
  bool cut = false;
  size_t pos = 0;
  while (pos < pattern.size() && !paths.empty()) {
    const size_t end = std::min(pattern.find('/', pos), pattern.size());
    const std::string_view comp = pattern.substr(pos, end - pos);
    pos = end + 1;
    if (comp.empty()) continue;
    std::vector<std::string> next;
    if (!has_wildcards(comp)) {
      const std::string literal = unescape(comp);
      for (const auto& p : paths) next.push_back(join(p, literal));
    } else {
      for (const auto& p : paths) {
        const auto dir = resolve(root, p.empty() ? "/" : p);
        if (!dir || dir->type != EntryType::directory) continue;
        for (const auto& name : root.list(dir->path)) {
          if (++listed > limits::kMaxGlobEntries) {
            cut = true;
            break;
          }
          // Listings of a hostile image may hold anything; no real entry has these names.
          if (name.empty() || name == "." || name == ".." || name.find_first_of(std::string_view("/\0", 2)) != std::string::npos)
            continue;
          if (!match_component(comp, name)) continue;
          if (next.size() >= max_results) {
            cut = true;
            break;
          }
          next.push_back(join(p, name));
        }
        if (cut) break;
      }
    }
    paths = std::move(next);
  }
  if (paths.size() == 1 && paths[0].empty()) paths[0].push_back('/');  // not = "/": GCC 12 -Wrestrict
  if (paths.size() > max_results) {
    paths.resize(max_results);
    cut = true;
  }
  std::sort(paths.begin(), paths.end());
  if (truncated) *truncated = cut;
  return paths;
}

}  // namespace crossgo::rootfs::detail
