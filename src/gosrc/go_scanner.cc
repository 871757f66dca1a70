// The header go/build reads of a Go file (read.go readGoInfo: package clause, then import
// declarations, stopping at the first other token), the cgo preamble of import "C" (the import
// spec's doc comment, or the declaration's when it has one spec: readGoInfo, Go 1.19 and 1.23),
// and, for a full scan, package-level declarations and identifier uses.
#include <array>
#include <optional>

#include "crossgo/limits.h"
#include "gosrc/go_lexer.h"
#include "gosrc/internal.h"

namespace crossgo::gosrc {
namespace {

using detail::Comment;
using detail::Lexer;
using detail::Token;
using detail::TokenKind;

constexpr std::array<std::string_view, 44> kPredeclared = {
    "bool",    "byte",    "complex64", "complex128", "error",  "float32", "float64", "int",    "int8",
    "int16",   "int32",   "int64",     "rune",       "string", "uint",    "uint8",   "uint16", "uint32",
    "uint64",  "uintptr", "any",       "comparable", "true",   "false",   "iota",    "nil",    "append",
    "cap",     "clear",   "close",     "complex",    "copy",   "delete",  "imag",    "len",    "make",
    "max",     "min",     "new",       "panic",      "print",  "println", "real",    "recover"};

bool predeclared(std::string_view name) {
  if (name == "_") return true;
  for (auto p : kPredeclared)
    if (p == name) return true;
  return false;
}

// strconv.Unquote for import paths: raw strings verbatim (minus CR), interpreted strings with the
// simple escapes; an escape this does not know is kept as written.
std::string unquote(std::string_view literal) {
  if (literal.size() < 2) return std::string(literal);
  const std::string_view body = literal.substr(1, literal.size() - 2);
  std::string out;
  if (literal.front() == '`') {
    for (char c : body)
      if (c != '\r') out.push_back(c);
    return out;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out.push_back(body[i]);
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case '\\': out.push_back('\\'); break;
      case '"': out.push_back('"'); break;
      default: out.push_back('\\'); out.push_back(e); break;
    }
  }
  return out;
}

// The cgo preamble's `#cgo` lines, as go/build's saveCgo picks them from the comment text
// (build.go: each line trimmed, "#cgo" then a space or tab).
void collect_cgo_directives(std::string_view comment, std::vector<std::string>* out) {
  std::string_view body = comment.substr(2);
  if (comment.starts_with("/*") && body.ends_with("*/")) body.remove_suffix(2);
  size_t start = 0;
  while (start <= body.size()) {
    const size_t nl = body.find('\n', start);
    const std::string_view line =
        detail::trim_space(body.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (line.size() >= 5 && line.starts_with("#cgo") && (line[4] == ' ' || line[4] == '\t'))
      out->emplace_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

// The comment group that go/parser makes a token's doc (lead) comment, among the comments between
// offsets lo and hi: the last group, when it ends on the line just before the token. Groups follow
// parser.next/consumeCommentGroup: a comment on the line of the previous token starts a
// line-comment group that only same-line comments join (never a doc); otherwise a comment joins
// the group when it starts at most one line after the group ends.
std::vector<const Comment*> doc_comment(const std::vector<Comment>& comments, uint32_t lo, uint32_t hi,
                                        int token_line) {
  std::vector<const Comment*> group;
  bool line_group = false;
  for (const auto& c : comments) {
    if (c.offset < lo || c.offset >= hi) continue;
    const bool joins = !group.empty() && c.line <= group.back()->end_line + (line_group ? 0 : 1);
    if (!joins) {
      group.clear();
      line_group = c.previous_token_line != 0 && c.line == c.previous_token_line;
    }
    group.push_back(&c);
  }
  if (group.empty() || line_group || group.back()->end_line + 1 != token_line) return {};
  return group;
}

class Scanner {
 public:
  Scanner(std::string_view text, ScanDepth depth) : text_(text), depth_(depth), lexer_(text) {}

  GoScanResult run(bool* header_complete) {
    GoScanResult result;
    GoFileScan scan;
    *header_complete = false;
    if (!scan_header(&scan)) return error_result(header_complete);
    *header_complete = first_body_token_.kind != TokenKind::eof;
    const auto constraints = detail::parse_file_header(text_.substr(0, header_end_));
    scan.go_build = constraints.go_build;
    scan.go_build_where = constraints.go_build_where;
    scan.plus_build = constraints.plus_build;
    scan.plus_build_where = constraints.plus_build_where;
    if (depth_ == ScanDepth::full && !scan_body(&scan)) return error_result(header_complete);
    result.scan = std::move(scan);
    return result;
  }

 private:
  GoScanResult error_result(bool* header_complete) {
    GoScanResult result;
    result.error = error_.empty() ? lexer_.error() : error_;
    result.error_where = error_.empty() ? lexer_.error_where() : error_where_;
    if (result.error.empty()) result.error = "syntax error";
    *header_complete = false;  // a caller that gave only a prefix must retry with more
    return result;
  }

  Token next() {
    prev_end_ = current_end_;
    Token t = lexer_.next();
    if (t.kind != TokenKind::semicolon || t.length > 0) current_end_ = t.offset + t.length;
    return t;
  }
  bool is(const Token& t, TokenKind kind, std::string_view text) const {
    return t.kind == kind && lexer_.text(t) == text;
  }
  bool fail(const Token& t, std::string message) {
    if (t.kind == TokenKind::error) return false;  // the lexer's error stands
    if (error_.empty()) {
      error_ = std::move(message);
      error_where_ = t.where;
    }
    return false;
  }
  std::string describe(const Token& t) const {
    if (t.kind == TokenKind::eof) return "EOF";
    if (t.kind == TokenKind::semicolon && t.length == 0) return "newline";
    std::string out = "'";
    out.append(lexer_.text(t)).append("'");
    return out;
  }

  bool scan_header(GoFileScan* scan) {
    Token t = next();
    if (!is(t, TokenKind::keyword, "package")) return fail(t, "expected 'package', found " + describe(t));
    t = next();
    if (t.kind != TokenKind::ident) return fail(t, "expected package name, found " + describe(t));
    scan->package_name = std::string(lexer_.text(t));
    t = next();
    if (t.kind == TokenKind::semicolon) t = next();
    while (is(t, TokenKind::keyword, "import")) {
      const Token keyword = t;
      const uint32_t keyword_lo = prev_end_;
      t = next();
      if (is(t, TokenKind::op, "(")) {
        t = next();
        size_t specs = 0;
        bool c_without_doc = false;
        while (!is(t, TokenKind::op, ")")) {
          if (t.kind == TokenKind::semicolon) {
            t = next();
            continue;
          }
          ++specs;
          bool had_doc = false;
          const bool was_c = import_spec(scan, &t, &had_doc);
          if (t.kind == TokenKind::error) return false;
          if (!error_.empty()) return false;
          c_without_doc = was_c && !had_doc;
        }
        // build.go readGoInfo: a lone spec without its own doc takes the declaration's.
        if (specs == 1 && c_without_doc) add_doc(keyword_lo, keyword.offset, keyword.where.line, scan);
        t = next();
      } else {
        bool had_doc = false;
        if (import_spec(scan, &t, &had_doc)) add_doc(keyword_lo, keyword.offset, keyword.where.line, scan);
        if (!error_.empty() || t.kind == TokenKind::error) return false;
      }
      if (t.kind == TokenKind::semicolon) t = next();
      else if (t.kind != TokenKind::eof) return fail(t, "expected ';', found " + describe(t));
    }
    if (t.kind == TokenKind::error) return false;
    header_end_ = t.offset;
    first_body_token_ = t;
    return true;
  }

  // One ImportSpec: [name | '.'] path. Returns whether it imports "C" (its own doc comment's
  // #cgo lines collected, *had_doc telling whether it had one).
  bool import_spec(GoFileScan* scan, Token* t, bool* had_doc) {
    const Token spec_start = *t;
    const uint32_t spec_lo = prev_end_;
    if (t->kind == TokenKind::ident || is(*t, TokenKind::op, ".")) *t = next();
    if (t->kind != TokenKind::string) return fail(*t, "expected import path, found " + describe(*t));
    GoImport imp;
    imp.path = unquote(lexer_.text(*t));
    imp.where = t->where;
    *t = next();
    const bool is_c = imp.path == "C";
    if (is_c) {
      if (!scan->imports_c) {
        scan->imports_c = true;
        scan->import_c_where = imp.where;
      }
      *had_doc = add_doc(spec_lo, spec_start.offset, spec_start.where.line, scan);
    }
    scan->imports.push_back(std::move(imp));
    return is_c;
  }

  bool add_doc(uint32_t lo, uint32_t hi, int line, GoFileScan* scan) {
    const auto group = doc_comment(lexer_.comments(), lo, hi, line);
    for (const Comment* c : group) collect_cgo_directives(lexer_.text(*c), &scan->cgo_directives);
    return !group.empty();
  }

  bool scan_body(GoFileScan* scan);

  std::string_view text_;
  ScanDepth depth_;
  Lexer lexer_;
  std::string error_;
  Position error_where_;
  uint32_t prev_end_ = 0;     // end offset of the token before the one next() returned last
  uint32_t current_end_ = 0;
  size_t header_end_ = 0;
  Token first_body_token_;
};

// Declarations and uses, from the token stream after the imports. Heuristics (cheap, and
// documented because a use list is only a prediction aid):
//  - an identifier right after '.' is a selector or qualified name: skipped;
//  - `Key:` right after '{' or ',' inside braces is a composite-literal key (or a label), unless a
//    `case` at that brace level is still waiting for its ':' — skipped;
//  - in a struct body, the names of a field (the identifiers before its type) are skipped, an
//    embedded type (followed by ';', '}', '.', or a tag string) is a use;
//  - in an interface body, a method name (identifier followed by '(') is skipped;
//  - the name after `func` at top level, and the method name after a receiver, are not uses.
bool Scanner::scan_body(GoFileScan* scan) {
  std::vector<Token> tokens;
  Token t = first_body_token_;
  while (true) {
    if (t.kind == TokenKind::error) return false;
    tokens.push_back(t);
    if (t.kind == TokenKind::eof) break;
    t = next();
  }
  enum class Brace : uint8_t { paren, bracket, block, struct_body, interface_body, decl_group };
  struct Level {
    Brace kind;
    bool in_case = false;
    std::string_view decl_kind;  // for decl_group: "var", "const", "type"
  };
  std::vector<Level> stack;
  auto text_of = [&](size_t i) { return lexer_.text(tokens[i]); };
  auto is_op = [&](size_t i, std::string_view op) { return i < tokens.size() && is(tokens[i], TokenKind::op, op); };
  auto kind_at = [&](size_t i) { return i < tokens.size() ? tokens[i].kind : TokenKind::eof; };
  std::vector<bool> skip(tokens.size(), false);

  auto declare_names = [&](size_t i, std::string_view kind, bool single) {
    // A name list at i: ident {',' ident}. Marks them; returns nothing.
    while (i < tokens.size() && tokens[i].kind == TokenKind::ident) {
      skip[i] = true;
      if (text_of(i) != "_")
        scan->declarations.push_back({std::string(text_of(i)), std::string(kind), tokens[i].where});
      if (single || !is_op(i + 1, ",")) break;
      i += 2;
    }
  };
  auto at_element_start = [&](size_t i) {
    return i > 0 && (is_op(i - 1, "{") || is_op(i - 1, "(") || tokens[i - 1].kind == TokenKind::semicolon);
  };

  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& tok = tokens[i];
    const std::string_view s = text_of(i);
    if (tok.kind == TokenKind::keyword) {
      // Only a `func` that starts a top-level declaration: `var f = func() T` has a literal.
      const bool starts_decl = i == 0 || tokens[i - 1].kind == TokenKind::semicolon;
      if (stack.empty() && starts_decl && s == "func") {
        if (kind_at(i + 1) == TokenKind::ident) {
          declare_names(i + 1, "func", true);
        } else if (is_op(i + 1, "(")) {
          // A method: skip to the receiver's ')' and past the method name.
          size_t depth = 0;
          for (size_t j = i + 1; j < tokens.size(); ++j) {
            if (is_op(j, "(")) ++depth;
            else if (is_op(j, ")") && --depth == 0) {
              if (kind_at(j + 1) == TokenKind::ident) skip[j + 1] = true;
              break;
            }
          }
        }
      } else if (stack.empty() && starts_decl && (s == "var" || s == "const" || s == "type")) {
        if (is_op(i + 1, "(")) {
          stack.push_back({Brace::decl_group, false, s});
          ++i;
        } else {
          declare_names(i + 1, s, s == "type");
        }
      } else if (s == "case" && !stack.empty()) {
        stack.back().in_case = true;
      } else if ((s == "struct" || s == "interface") && is_op(i + 1, "{")) {
        stack.push_back({s == "struct" ? Brace::struct_body : Brace::interface_body, false, {}});
        ++i;
      }
      continue;
    }
    if (tok.kind == TokenKind::op) {
      if (s == "(" || s == "[" || s == "{") {
        stack.push_back({s == "(" ? Brace::paren : s == "[" ? Brace::bracket : Brace::block, false, {}});
      } else if (s == ")" || s == "]" || s == "}") {
        if (!stack.empty()) stack.pop_back();
      } else if (s == ":" && !stack.empty()) {
        stack.back().in_case = false;
      }
      continue;
    }
    if (tok.kind != TokenKind::ident || skip[i]) continue;
    if (!stack.empty() && stack.back().kind == Brace::decl_group && stack.size() == 1 && at_element_start(i)) {
      declare_names(i, stack.back().decl_kind, stack.back().decl_kind == "type");
      continue;
    }
    if (i > 0 && is_op(i - 1, ".")) continue;
    if (predeclared(s)) continue;
    if (!stack.empty()) {
      const Level& level = stack.back();
      if ((level.kind == Brace::block) && is_op(i + 1, ":") && !level.in_case &&
          (is_op(i - 1, "{") || is_op(i - 1, ",") || tokens[i - 1].kind == TokenKind::semicolon))
        continue;
      if (level.kind == Brace::struct_body && at_element_start(i)) {
        // Field names: idents separated by ',' and followed by a type.
        size_t j = i;
        while (kind_at(j) == TokenKind::ident && is_op(j + 1, ",")) j += 2;
        const bool embedded = kind_at(j) == TokenKind::ident && j == i &&
                              (is_op(j + 1, ".") || is_op(j + 1, "}") || kind_at(j + 1) == TokenKind::semicolon ||
                               kind_at(j + 1) == TokenKind::string || is_op(j + 1, "["));
        if (!embedded) {
          for (size_t k = i; k <= j && k < tokens.size(); k += 2) skip[k] = true;
          continue;
        }
      }
      if (level.kind == Brace::interface_body && at_element_start(i) && is_op(i + 1, "(")) continue;
    }
    scan->uses.push_back({std::string(s), tok.where});
  }
  return true;
}

}  // namespace

namespace detail {
GoScanResult scan_go_source_prefix(std::string_view text, ScanDepth depth, bool* header_complete) {
  bool complete = false;
  GoScanResult result;
  if (text.size() > limits::kMaxGoSourceBytes) {
    result.error = "file larger than " + std::to_string(limits::kMaxGoSourceBytes) + " bytes";
    result.error_where = {1, 1};
  } else {
    result = Scanner(text, depth).run(&complete);
  }
  if (header_complete) *header_complete = complete;
  return result;
}
}  // namespace detail

GoScanResult scan_go_source(std::string_view text, ScanDepth depth) {
  return detail::scan_go_source_prefix(text, depth, nullptr);
}

GoScanResult scan_other_source_header(std::string_view text) {
  GoScanResult result;
  const auto constraints = detail::parse_file_header(text.substr(0, detail::leading_comments_end(text)));
  if (!constraints.error.empty()) {
    result.error = constraints.error;
    result.error_where = constraints.go_build_where;
    return result;
  }
  GoFileScan scan;
  scan.go_build = constraints.go_build;
  scan.go_build_where = constraints.go_build_where;
  scan.plus_build = constraints.plus_build;
  scan.plus_build_where = constraints.plus_build_where;
  result.scan = std::move(scan);
  return result;
}

}  // namespace crossgo::gosrc
