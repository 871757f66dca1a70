// go/build's tag matching, the //go:build and // +build grammars, and the file-name rules.
// Sources of truth (read, not copied): go/build/build.go (Context.matchTag, goodOSArchFile,
// parseFileHeader, isGoBuildComment, fileListForExt), go/build/constraint/expr.go (parseExpr,
// exprParser.lex, parsePlusBuildExpr, isValidTag, splitPlusBuild), go/build/syslist.go — Go 1.19
// and Go 1.23.
#include <array>

#include "gosrc/internal.h"

namespace crossgo::gosrc {
namespace {

constexpr int kNewestMinor = 23;

// syslist.go knownOS. wasip1 joined in Go 1.21 (1.19's list lacks it); nacl and hurd stay listed
// although unsupported, because a file named *_nacl.go must still be excluded.
struct VersionedName {
  std::string_view name;
  int since_minor;
};
constexpr std::array<VersionedName, 18> kKnownOS = {{
    {"aix", 0},     {"android", 0}, {"darwin", 0},  {"dragonfly", 0}, {"freebsd", 0}, {"hurd", 0},
    {"illumos", 0}, {"ios", 0},     {"js", 0},      {"linux", 0},     {"nacl", 0},    {"netbsd", 0},
    {"openbsd", 0}, {"plan9", 0},   {"solaris", 0}, {"wasip1", 21},   {"windows", 0}, {"zos", 0},
}};
// syslist.go unixOS: the GOOS values the "unix" tag matches (the tag exists since Go 1.19).
constexpr std::array<std::string_view, 12> kUnixOS = {
    "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux",
    "netbsd", "openbsd", "solaris"};
// syslist.go knownArch: identical in 1.19 and 1.23.
constexpr std::array<std::string_view, 24> kKnownArch = {
    "386",     "amd64",    "amd64p32",  "arm",         "armbe",  "arm64", "arm64be", "loong64",
    "mips",    "mipsle",   "mips64",    "mips64le",    "mips64p32", "mips64p32le", "ppc", "ppc64",
    "ppc64le", "riscv",    "riscv64",   "s390",        "s390x",  "sparc", "sparc64", "wasm"};

int effective_minor(const BuildContext& context) {
  return context.go_minor <= 0 ? kNewestMinor : context.go_minor;
}

bool known_os(std::string_view name, int minor) {
  for (const auto& os : kKnownOS)
    if (os.name == name) return minor >= os.since_minor;
  return false;
}
bool known_arch(std::string_view name) {
  for (auto arch : kKnownArch)
    if (arch == name) return true;
  return false;
}
bool unix_os(std::string_view name) {
  for (auto os : kUnixOS)
    if (os == name) return true;
  return false;
}

bool contains(const std::vector<std::string>& tags, std::string_view tag) {
  for (const auto& t : tags)
    if (t == tag) return true;
  return false;
}

// expr.go accepts unicode.IsLetter / IsDigit runes, '_' and '.'. Without Unicode tables every
// non-ASCII byte counts as a letter: real tags are ASCII, and a non-letter symbol in a tag only
// turns an error into a false tag.
bool is_tag_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == '.' || u >= 0x80;
}

bool valid_plus_build_tag(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word)
    if (!is_tag_char(c)) return false;
  return true;
}

// expr.go exprParser, evaluating while it parses (the whole text is always parsed, so syntax
// errors behind a decided || or && are still reported). Go 1.23 caps the number of not() calls
// at 1000 ("build expression too large", CVE-2024-34158); the cap applies to every version here
// because it also bounds this parser's recursion.
class ExprParser {
 public:
  ExprParser(std::string_view text, const BuildContext& context) : s_(text), context_(context) {}

  std::optional<bool> parse(std::string* error) {
    bool value = parse_or();
    if (error_.empty() && !tok_.empty()) fail(tok_pos_, "unexpected token " + std::string(tok_));
    if (!error_.empty()) {
      if (error) *error = error_;
      return std::nullopt;
    }
    return value;
  }

 private:
  static constexpr int kMaxSize = 1000;

  void fail(size_t offset, std::string message) {
    if (error_.empty()) error_ = message.append(" (offset ").append(std::to_string(offset)).append(")");
  }

  bool parse_or() {
    bool x = parse_and();
    while (error_.empty() && tok_ == "||") {
      bool y = parse_and();
      x = x || y;
    }
    return x;
  }
  bool parse_and() {
    bool x = parse_not();
    while (error_.empty() && tok_ == "&&") {
      bool y = parse_not();
      x = x && y;
    }
    return x;
  }
  bool parse_not() {
    if (++size_ > kMaxSize) {
      fail(tok_pos_, "build expression too large");
      return false;
    }
    lex();
    if (!error_.empty()) return false;
    if (tok_ == "!") {
      lex();
      if (tok_ == "!") {
        fail(tok_pos_, "double negation not allowed");
        return false;
      }
      return !parse_atom();
    }
    return parse_atom();
  }
  bool parse_atom() {
    if (!error_.empty()) return false;
    if (tok_ == "(") {
      const size_t open = tok_pos_;
      bool x = parse_or();
      if (!error_.empty()) {
        // expr.go atom(): running out inside parentheses is reported as the missing paren.
        if (error_.starts_with("unexpected end of expression")) {
          error_.clear();
          fail(open, "missing close paren");
        }
        return false;
      }
      if (tok_ != ")") {
        fail(open, "missing close paren");
        return false;
      }
      lex();
      return x;
    }
    if (!is_tag_) {
      if (tok_.empty()) fail(tok_pos_, "unexpected end of expression");
      else fail(tok_pos_, "unexpected token " + std::string(tok_));
      return false;
    }
    const std::string_view tag = tok_;
    lex();
    return match_tag(tag, context_);
  }
  void lex() {
    is_tag_ = false;
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    tok_pos_ = i_;
    if (i_ >= s_.size()) {
      tok_ = {};
      return;
    }
    const char c = s_[i_];
    if (c == '(' || c == ')' || c == '!') {
      tok_ = s_.substr(i_++, 1);
      return;
    }
    if (c == '&' || c == '|') {
      if (i_ + 1 >= s_.size() || s_[i_ + 1] != c) {
        fail(i_, std::string("invalid syntax at ") + c);
        tok_ = {};
        return;
      }
      tok_ = s_.substr(i_, 2);
      i_ += 2;
      return;
    }
    size_t end = i_;
    while (end < s_.size() && is_tag_char(s_[end])) ++end;
    if (end == i_) {
      fail(i_, std::string("invalid syntax at ") + c);
      tok_ = {};
      return;
    }
    tok_ = s_.substr(i_, end - i_);
    i_ = end;
    is_tag_ = true;
  }

  std::string_view s_;
  const BuildContext& context_;
  size_t i_ = 0;
  std::string_view tok_;
  size_t tok_pos_ = 0;
  bool is_tag_ = false;
  int size_ = 0;
  std::string error_;
};

// One +build line per parsePlusBuildExpr: space-separated clauses OR-ed, comma-separated terms
// AND-ed, a leading '!' negates; "!!x", "!" and invalid tags stand for the tag "ignore"; an empty
// line is "ignore". Go 1.22.7+/1.23.1+ reject more than 100 operators ("too complex").
std::optional<bool> eval_plus_build_line(std::string_view text, const BuildContext& context, std::string* error) {
  const bool limited = effective_minor(context) >= 22;
  int size = 0;
  bool any_clause = false;
  bool result = false;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && detail::is_space(text[i])) ++i;
    if (i >= text.size()) break;
    size_t end = i;
    while (end < text.size() && !detail::is_space(text[end])) ++end;
    const std::string_view clause = text.substr(i, end - i);
    i = end;
    if (any_clause && limited && ++size > 100) {
      if (error) *error = "expression too complex for // +build lines";
      return std::nullopt;
    }
    bool clause_value = true;
    bool first_term = true;
    size_t start = 0;
    while (true) {
      const size_t comma = clause.find(',', start);
      std::string_view lit = clause.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (!first_term && limited && ++size > 100) {
        if (error) *error = "expression too complex for // +build lines";
        return std::nullopt;
      }
      bool term;
      if (lit.starts_with("!!") || lit == "!") {
        term = match_tag("ignore", context);
      } else {
        const bool negate = lit.starts_with("!");
        if (negate) lit.remove_prefix(1);
        term = valid_plus_build_tag(lit) ? match_tag(lit, context) : match_tag("ignore", context);
        if (negate) term = !term;
      }
      clause_value = first_term ? term : (clause_value && term);
      first_term = false;
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    result = any_clause ? (result || clause_value) : clause_value;
    any_clause = true;
  }
  if (!any_clause) return match_tag("ignore", context);
  return result;
}

}  // namespace

bool match_tag(std::string_view tag, const BuildContext& context) {
  // build.go Context.matchTag (1.19 and 1.23 agree).
  if (context.cgo_enabled && tag == "cgo") return true;
  if (tag == context.goos || tag == context.goarch || tag == context.compiler) return true;
  if (context.goos == "android" && tag == "linux") return true;
  if (context.goos == "illumos" && tag == "solaris") return true;
  if (context.goos == "ios" && tag == "darwin") return true;
  if (tag == "unix" && unix_os(context.goos)) return true;
  // "boringcrypto" is the old spelling of goexperiment.boringcrypto.
  if (tag == "boringcrypto") tag = "goexperiment.boringcrypto";
  return contains(context.build_tags, tag) || contains(context.tool_tags, tag) ||
         contains(context.release_tags, tag);
}

std::optional<bool> eval_go_build(std::string_view expression, const BuildContext& context, std::string* error) {
  return ExprParser(expression, context).parse(error);
}

std::optional<bool> eval_plus_build(const std::vector<std::string>& lines, const BuildContext& context,
                                    std::string* error) {
  bool result = true;
  for (const auto& line : lines) {
    auto value = eval_plus_build_line(line, context, error);
    if (!value) return std::nullopt;
    result = result && *value;
  }
  return result;
}

std::optional<std::string> filename_excludes(std::string_view file_name, const BuildContext& context) {
  // build.go goodOSArchFile: only the part before the first '.', after the first '_'.
  std::string_view name = file_name.substr(0, file_name.find('.'));
  const size_t underscore = name.find('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  name.remove_prefix(underscore);
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t next = name.find('_', start);
    parts.push_back(name.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start));
    if (next == std::string_view::npos) break;
    start = next + 1;
  }
  if (!parts.empty() && parts.back() == "test") parts.pop_back();
  const size_t n = parts.size();
  const int minor = effective_minor(context);
  const std::string target = context.goos + "/" + context.goarch;
  if (n >= 2 && known_os(parts[n - 2], minor) && known_arch(parts[n - 1])) {
    if (match_tag(parts[n - 1], context) && match_tag(parts[n - 2], context)) return std::nullopt;
    std::string reason = "file name suffix _";
    reason.append(parts[n - 2]).append("_").append(parts[n - 1]).append(": target is ").append(target);
    return reason;
  }
  if (n >= 1 && (known_os(parts[n - 1], minor) || known_arch(parts[n - 1]))) {
    if (match_tag(parts[n - 1], context)) return std::nullopt;
    const bool is_os = known_os(parts[n - 1], minor);
    std::string reason = "file name suffix _";
    reason.append(parts[n - 1]).append(is_os ? ": GOOS is " : ": GOARCH is ");
    reason.append(is_os ? context.goos : context.goarch);
    return reason;
  }
  return std::nullopt;
}

FileKind file_kind(std::string_view file_name) {
  // build.go fileListForExt; the extension starts at the last '.'. Case matters (.F, .S).
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return FileKind::other;
  const std::string_view ext = file_name.substr(dot);
  if (ext == ".go") return FileKind::go;
  if (ext == ".c") return FileKind::c;
  if (ext == ".cc" || ext == ".cpp" || ext == ".cxx") return FileKind::cxx;
  if (ext == ".m") return FileKind::objc;
  if (ext == ".h" || ext == ".hh" || ext == ".hpp" || ext == ".hxx") return FileKind::header;
  if (ext == ".f" || ext == ".F" || ext == ".for" || ext == ".f90") return FileKind::fortran;
  if (ext == ".s" || ext == ".S" || ext == ".sx") return FileKind::assembly;
  if (ext == ".swig") return FileKind::swig;
  if (ext == ".swigcxx") return FileKind::swigcxx;
  if (ext == ".syso") return FileKind::syso;
  return FileKind::other;
}

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::go: return "go";
    case FileKind::c: return "c";
    case FileKind::cxx: return "cxx";
    case FileKind::objc: return "objc";
    case FileKind::fortran: return "fortran";
    case FileKind::assembly: return "assembly";
    case FileKind::header: return "header";
    case FileKind::swig: return "swig";
    case FileKind::swigcxx: return "swigcxx";
    case FileKind::syso: return "syso";
    case FileKind::other: return "other";
  }
  return "other";
}

std::string_view to_string(FileRule rule) {
  switch (rule) {
    case FileRule::builds: return "builds";
    case FileRule::ignored_name: return "ignored-name";
    case FileRule::test_file: return "test-file";
    case FileRule::file_name: return "file-name";
    case FileRule::constraint: return "constraint";
    case FileRule::bad_constraint: return "bad-constraint";
    case FileRule::cgo_disabled: return "cgo-disabled";
    case FileRule::not_source: return "not-source";
    case FileRule::unreadable: return "unreadable";
  }
  return "unreadable";
}

namespace detail {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

Position position_at(std::string_view text, size_t offset) {
  Position p{1, 1};
  if (offset > text.size()) offset = text.size();
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

// constraint/expr.go splitPlusBuild: "//", optional spaces, "+build", then a space or nothing.
static std::optional<std::string_view> plus_build_text(std::string_view line) {
  if (!line.starts_with("//")) return std::nullopt;
  line = trim_space(line.substr(2));
  if (!line.starts_with("+build")) return std::nullopt;
  line.remove_prefix(6);
  const std::string_view trimmed = trim_space(line);
  if (trimmed.size() == line.size() && !line.empty()) return std::nullopt;
  return trimmed;
}

// build.go isGoBuildComment: "//go:build" followed by nothing or a space.
static std::optional<std::string_view> go_build_text(std::string_view line) {
  if (!line.starts_with("//go:build")) return std::nullopt;
  const std::string_view rest = line.substr(10);
  const std::string_view trimmed = trim_space(rest);
  if (!rest.empty() && trimmed.size() == rest.size()) return std::nullopt;
  return trimmed;
}

HeaderConstraints parse_file_header(std::string_view text) {
  HeaderConstraints out;
  size_t base = 0;
  // go/build's reader drops a leading UTF-8 BOM before the header is examined (read.go).
  if (text.starts_with("\xEF\xBB\xBF")) base = 3;
  size_t end = base;  // bytes up to the last blank line: where +build lines may appear
  bool ended = false;
  bool in_slash_star = false;
  size_t pos = base;
  std::vector<std::pair<size_t, std::string_view>> plus_candidates;  // (line start, trimmed line)
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    const size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    const size_t line_start = pos;
    std::string_view line = trim_space(text.substr(pos, line_end - pos));
    pos = next;
    if (line.empty() && !ended) {
      end = next;
      continue;
    }
    if (!line.starts_with("//")) ended = true;
    if (!in_slash_star) {
      if (auto expr = go_build_text(line)) {
        if (out.go_build) {
          out.error = "multiple //go:build comments";
        } else {
          out.go_build = std::string(*expr);
          const size_t indent = text.substr(line_start).find_first_not_of(" \t\v\f\r");
          out.go_build_where = position_at(text, line_start + (indent == std::string_view::npos ? 0 : indent));
        }
      }
      if (line.starts_with("//")) plus_candidates.emplace_back(line_start, line);
    }
    bool stop = false;
    while (!line.empty()) {
      if (in_slash_star) {
        const size_t close = line.find("*/");
        if (close == std::string_view::npos) break;
        in_slash_star = false;
        line = trim_space(line.substr(close + 2));
        continue;
      }
      if (line.starts_with("//")) break;
      if (line.starts_with("/*")) {
        in_slash_star = true;
        line = trim_space(line.substr(2));
        continue;
      }
      stop = true;  // non-comment text
      break;
    }
    if (stop) break;
  }
  // build.go shouldBuild: only +build lines inside content[:end] count.
  for (const auto& [start, line] : plus_candidates) {
    if (start >= end) break;
    if (line.find("+build") == std::string_view::npos) continue;
    if (auto expr = plus_build_text(line)) {
      if (out.plus_build.empty()) {
        const size_t indent = text.substr(start).find_first_not_of(" \t\v\f\r");
        out.plus_build_where = position_at(text, start + (indent == std::string_view::npos ? 0 : indent));
      }
      out.plus_build.emplace_back(*expr);
    }
  }
  return out;
}

size_t leading_comments_end(std::string_view text) {
  size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\f' || c == '\t' || c == '\r' || c == '\n' || c == ';') {
      ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      const size_t nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl + 1;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace detail
}  // namespace crossgo::gosrc
