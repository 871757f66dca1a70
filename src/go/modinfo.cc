// The module-info text inside Go build info, read with the same rules as Go's own reader
// (runtime/debug.ParseBuildInfo, Go >= 1.18) so that crossgo and `go version -m` agree line for
// line, and with the same error wording so a user can search for it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

// runtime/debug.quoteKey / quoteValue: when the writer must have quoted, an unquoted form is an
// error for the reader too.
bool key_needs_quotes(std::string_view key) {
  return key.empty() || key.find_first_of("= \t\r\n\"`") != std::string_view::npos;
}
bool value_needs_quotes(std::string_view value) {
  return value.find_first_of(" \t\r\n\"`") != std::string_view::npos;
}

void append_utf8(std::string& out, uint32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xc0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3f));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xe0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (r & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (r & 0x3f));
  }
}

// utf8.DecodeRuneInString: the rune and its length, or (U+FFFD, 1) for an invalid sequence.
std::pair<uint32_t, size_t> decode_rune(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t c = b(0);
  if (c < 0x80) return {c, 1};
  size_t n = 0;
  uint32_t r = 0;
  uint32_t min = 0;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2, r = c & 0x1f, min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3, r = c & 0x0f, min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4, r = c & 0x07, min = 0x10000;
  } else {
    return {0xfffd, 1};
  }
  if (s.size() < n) return {0xfffd, 1};
  for (size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xc0) != 0x80) return {0xfffd, 1};
    r = (r << 6) | (b(i) & 0x3f);
  }
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return {0xfffd, 1};
  return {r, n};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The length of the quoted literal at the start of s (strconv.QuotedPrefix), or nullopt.
std::optional<size_t> quoted_prefix_length(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s[0] == '`') {
    const size_t end = s.find('`', 1);
    if (end == std::string_view::npos) return std::nullopt;
    return end + 1;
  }
  if (s[0] != '"') return std::nullopt;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == '\n') return std::nullopt;
    if (s[i] == '\\') {
      ++i;  // the escaped character can't end the literal; go_unquote validates it
      continue;
    }
    if (s[i] == '"') {
      if (!go_unquote(s.substr(0, i + 1))) return std::nullopt;
      return i + 1;
    }
  }
  return std::nullopt;
}

struct Line {
  std::string_view text;
  uint64_t offset;  // within the modinfo text
};

std::vector<std::string_view> split_tabs(std::string_view s) {
  std::vector<std::string_view> out;
  for (;;) {
    const size_t tab = s.find('\t');
    out.push_back(s.substr(0, tab));
    if (tab == std::string_view::npos) return out;
    s.remove_prefix(tab + 1);
  }
}

}  // namespace

std::optional<std::string> go_unquote(std::string_view in) {
  if (in.size() < 2 || in.front() != in.back()) return std::nullopt;
  const char quote = in.front();
  std::string_view body = in.substr(1, in.size() - 2);
  std::string out;
  if (quote == '`') {
    // Raw literal: no backquote inside; carriage returns are dropped, nothing else changes.
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    for (char c : body)
      if (c != '\r') out += c;
    return out;
  }
  if (quote != '"') return std::nullopt;
  out.reserve(body.size());
  while (!body.empty()) {
    const char c = body[0];
    if (c == '"' || c == '\n') return std::nullopt;
    if (static_cast<uint8_t>(c) >= 0x80) {
      // Unescaped non-ASCII: Go decodes it as a rune, so invalid UTF-8 comes out as U+FFFD.
      const auto [r, n] = decode_rune(body);
      append_utf8(out, r);
      body.remove_prefix(n);
      continue;
    }
    if (c != '\\') {
      out += c;
      body.remove_prefix(1);
      continue;
    }
    if (body.size() < 2) return std::nullopt;
    const char e = body[1];
    body.remove_prefix(2);
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x':
      case 'u':
      case 'U': {
        const size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (body.size() < n) return std::nullopt;
        uint32_t v = 0;
        for (size_t j = 0; j < n; ++j) {
          const int h = hex_value(body[j]);
          if (h < 0) return std::nullopt;
          v = (v << 4) | static_cast<uint32_t>(h);
        }
        body.remove_prefix(n);
        if (e == 'x') {
          out += static_cast<char>(v);  // one byte, possibly not UTF-8
        } else {
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return std::nullopt;
          append_utf8(out, v);
        }
        break;
      }
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        if (body.size() < 2) return std::nullopt;
        uint32_t v = static_cast<uint32_t>(e - '0');
        for (size_t j = 0; j < 2; ++j) {
          if (body[j] < '0' || body[j] > '7') return std::nullopt;
          v = (v << 3) | static_cast<uint32_t>(body[j] - '0');
        }
        body.remove_prefix(2);
        if (v > 255) return std::nullopt;
        out += static_cast<char>(v);
        break;
      }
      default:
        return std::nullopt;  // includes \' which is only valid inside a rune literal
    }
  }
  return out;
}

Result<bool> parse_modinfo(std::string_view text, GoBuildInfo& info, uint64_t text_offset) {
  if (text.size() > limits::kMaxBuildInfoBytes) {
    return Error{"Go module info is " + std::to_string(text.size()) + " bytes, more than the " +
                     std::to_string(limits::kMaxBuildInfoBytes) + " byte limit",
                 text_offset};
  }
  uint64_t line_number = 1;
  uint64_t line_offset = 0;
  auto fail = [&](const std::string& why) -> Error {
    return Error{"could not parse Go build info: line " + std::to_string(line_number) + ": " + why,
                 text_offset + line_offset};
  };

  // Index of the module a following "=>" line replaces: -1 main, -2 none, else a dep.
  constexpr long kNone = -2;
  constexpr long kMain = -1;
  long last = kNone;

  auto module_line = [&](std::string_view rest) -> std::optional<GoModule> {
    const auto elem = split_tabs(rest);
    if (elem.size() != 2 && elem.size() != 3) return std::nullopt;
    GoModule m;
    m.path = std::string(elem[0]);
    m.version = std::string(elem[1]);
    if (elem.size() == 3) m.sum = std::string(elem[2]);
    return m;
  };
  auto columns = [](std::string_view rest) { return std::to_string(split_tabs(rest).size()); };

  uint64_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) break;  // Go ignores an unterminated last line
    line_offset = pos;
    const std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    auto starts = [&](std::string_view prefix) { return line.substr(0, prefix.size()) == prefix; };

    if (starts("path\t")) {
      info.path = std::string(line.substr(5));
    } else if (starts("mod\t")) {
      auto m = module_line(line.substr(4));
      if (!m) return fail("expected 2 or 3 columns; got " + columns(line.substr(4)));
      info.main = std::move(*m);
      last = kMain;
    } else if (starts("dep\t")) {
      auto m = module_line(line.substr(4));
      if (!m) return fail("expected 2 or 3 columns; got " + columns(line.substr(4)));
      if (info.deps.size() >= limits::kMaxDeps) {
        return fail("more than " + std::to_string(limits::kMaxDeps) + " dependencies");
      }
      info.deps.push_back(std::move(*m));
      last = static_cast<long>(info.deps.size()) - 1;
    } else if (starts("=>\t")) {
      const auto elem = split_tabs(line.substr(3));
      if (elem.size() != 3) {
        return fail("expected 3 columns for replacement; got " + std::to_string(elem.size()));
      }
      if (last == kNone) return fail("replacement with no module on previous line");
      GoModuleVersion r{std::string(elem[0]), std::string(elem[1]), std::string(elem[2])};
      (last == kMain ? *info.main : info.deps[static_cast<size_t>(last)]).replace = std::move(r);
      last = kNone;
    } else if (starts("build\t")) {
      const std::string_view kv = line.substr(6);
      if (kv.empty()) return fail("build line missing '='");
      std::string key;
      std::string_view raw_value;
      if (kv[0] == '=') return fail("build line with missing key");
      if (kv[0] == '`' || kv[0] == '"') {
        const auto n = quoted_prefix_length(kv);
        if (!n) return fail("invalid quoted key in build line");
        if (*n == kv.size()) return fail("build line missing '=' after quoted key");
        if (kv[*n] != '=') {
          return fail("unexpected character after quoted key: '" + std::string(1, kv[*n]) + "'");
        }
        key = *go_unquote(kv.substr(0, *n));
        raw_value = kv.substr(*n + 1);
      } else {
        const size_t eq = kv.find('=');
        if (eq == std::string_view::npos) return fail("build line missing '=' after key");
        key = std::string(kv.substr(0, eq));
        raw_value = kv.substr(eq + 1);
        if (key_needs_quotes(key)) return fail("unquoted key \"" + key + "\" must be quoted");
      }
      std::string value;
      if (!raw_value.empty()) {
        if (raw_value[0] == '`' || raw_value[0] == '"') {
          auto v = go_unquote(raw_value);
          if (!v) return fail("invalid quoted value in build line");
          value = std::move(*v);
        } else {
          value = std::string(raw_value);
          if (value_needs_quotes(value)) return fail("unquoted value \"" + value + "\" must be quoted");
        }
      }
      info.settings.emplace_back(std::move(key), std::move(value));
    }
    // Other lines (a "go" line, future additions) are skipped, as Go does.
    ++line_number;
  }
  return true;
}

}  // namespace crossgo
