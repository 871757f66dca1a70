// Go tokens per the language spec (go.dev/ref/spec "Lexical elements"), positions as go/scanner
// reports them: 1-based line, 1-based byte column (a leading BOM is skipped but still counted).
#include "gosrc/go_lexer.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace crossgo::gosrc::detail {
namespace {

bool ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool ident_char(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9'); }
bool digit(unsigned char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 25> kKeywords = {
    "break",  "case",   "chan",      "const", "continue", "default", "defer",  "else",   "fallthrough",
    "for",    "func",   "go",        "goto",  "if",       "import",  "interface", "map", "package",
    "range",  "return", "select",    "struct", "switch",  "type",    "var"};

bool is_keyword(std::string_view word) {
  if (word.size() < 2 || word.size() > 11) return false;
  for (auto k : kKeywords)
    if (k[0] == word[0] && k == word) return true;
  return false;
}

// Longest first, so a prefix never wins over the whole operator.
constexpr std::array<std::string_view, 48> kOperators = {
    "<<=", ">>=", "&^=", "...", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "+=", "-=",
    "*=",  "/=",  "%=",  "&=",  "|=", "^=", "<<", ">>", "&^", "+",  "-",  "*",  "/",  "%",  "&",  "|",
    "^",   "<",   ">",   "=",   "!",  "(",  ")",  "[",  "]",  "{",  "}",  ",",  ";",  ".",  ":",  "~"};

}  // namespace

Lexer::Lexer(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) advance(3);
}

// Lines found with memchr rather than byte by byte: comments and strings are most of a header.
void Lexer::advance(size_t n) {
  n = std::min(n, text_.size() - pos_);
  if (n <= 8) {  // a token's few bytes: the loop is cheaper than a call
    for (size_t i = 0; i < n; ++i, ++pos_) {
      if (text_[pos_] == '\n') {
        ++here_.line;
        here_.column = 1;
      } else {
        ++here_.column;
      }
    }
    return;
  }
  const char* p = text_.data() + pos_;
  const char* end = p + n;
  const char* last_newline = nullptr;
  for (auto* q = static_cast<const char*>(std::memchr(p, '\n', n)); q != nullptr;
       q = static_cast<const char*>(std::memchr(q + 1, '\n', static_cast<size_t>(end - q - 1)))) {
    ++here_.line;
    last_newline = q;
  }
  here_.column = last_newline != nullptr ? static_cast<int>(end - last_newline) : here_.column + static_cast<int>(n);
  pos_ += n;
}

Token Lexer::make(TokenKind kind, size_t start, Position where) {
  Token t;
  t.kind = kind;
  t.offset = static_cast<uint32_t>(start);
  t.length = static_cast<uint32_t>(pos_ - start);
  t.where = where;
  t.end_line = here_.line;
  last_token_line_ = here_.line;
  const std::string_view s = text_.substr(start, pos_ - start);
  semicolon_allowed_ = kind == TokenKind::ident || kind == TokenKind::string || kind == TokenKind::rune ||
                       kind == TokenKind::number ||
                       (kind == TokenKind::keyword &&
                        (s == "break" || s == "continue" || s == "fallthrough" || s == "return")) ||
                       (kind == TokenKind::op && (s == "++" || s == "--" || s == ")" || s == "]" || s == "}"));
  return t;
}

Token Lexer::fail(std::string message, Position where) {
  if (error_.empty()) {
    error_ = std::move(message);
    error_where_ = where;
  }
  Token t;
  t.kind = TokenKind::error;
  t.where = where;
  return t;
}

// Skips one comment at pos_; sets *saw_newline when it spans or ends a line. False: unterminated.
bool Lexer::skip_comment(bool* saw_newline) {
  Comment c;
  c.offset = static_cast<uint32_t>(pos_);
  c.line = here_.line;
  c.previous_token_line = last_token_line_;
  if (text_[pos_ + 1] == '/') {
    const size_t nl = text_.find('\n', pos_);
    const size_t end = nl == std::string_view::npos ? text_.size() : nl;
    if (text_.substr(pos_, end - pos_).find('\0') != std::string_view::npos) return false;
    advance(end - pos_);
  } else {
    const size_t close = text_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) return false;
    if (text_.substr(pos_, close - pos_).find('\0') != std::string_view::npos) return false;
    const int line = here_.line;
    advance(close + 2 - pos_);
    if (here_.line != line) *saw_newline = true;
  }
  c.length = static_cast<uint32_t>(pos_ - c.offset);
  c.end_line = here_.line;
  comments_.push_back(c);
  return true;
}

bool Lexer::scan_string(char quote) {
  advance(1);
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == quote) {
      advance(1);
      return true;
    }
    if (quote != '`' && c == '\n') return false;
    if (c == '\0') {
      saw_nul_ = true;
      return false;
    }
    if (quote != '`' && c == '\\') advance(1);
    advance(1);
  }
  return false;
}

void Lexer::scan_number() {
  // Digits, letters, '_' and '.', plus a sign right after an exponent (e/E decimal, p/P hex).
  const bool hex = pos_ + 1 < text_.size() && text_[pos_] == '0' && (text_[pos_ + 1] == 'x' || text_[pos_ + 1] == 'X');
  while (pos_ < text_.size()) {
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (ident_char(c) || c == '.') {
      advance(1);
      const bool exponent = hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E');
      if (exponent && pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) advance(1);
      continue;
    }
    break;
  }
}

Token Lexer::next() {
  if (!error_.empty()) return fail(error_, error_where_);
  while (true) {
    bool newline = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        newline = true;
        if (semicolon_allowed_) break;
        advance(1);
      } else if (c == ' ' || c == '\t' || c == '\r') {
        advance(1);
      } else if (c == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*')) {
        const Position where = here_;
        bool spans = false;
        const bool line_comment = text_[pos_ + 1] == '/';
        if (!skip_comment(&spans)) {
          const bool nul = text_.substr(pos_).find('\0') != std::string_view::npos &&
                           (text_[pos_ + 1] == '/' || text_.find("*/", pos_ + 2) != std::string_view::npos);
          return fail(nul ? "unexpected NUL in input" : "comment not terminated", where);
        }
        // A comment that spans lines, or a // comment at the end of a line, acts as a newline.
        if ((spans || line_comment) && semicolon_allowed_) {
          Token t;
          t.kind = TokenKind::semicolon;
          t.offset = static_cast<uint32_t>(pos_);
          t.where = here_;
          t.end_line = here_.line;
          semicolon_allowed_ = false;
          return t;
        }
      } else {
        break;
      }
    }
    if (pos_ >= text_.size() || (newline && semicolon_allowed_)) {
      if (semicolon_allowed_) {
        Token t;
        t.kind = TokenKind::semicolon;
        t.offset = static_cast<uint32_t>(pos_);
        t.where = here_;
        t.end_line = here_.line;
        semicolon_allowed_ = false;
        if (pos_ < text_.size()) advance(1);  // the newline
        return t;
      }
      Token t;
      t.kind = TokenKind::eof;
      t.offset = static_cast<uint32_t>(pos_);
      t.where = here_;
      return t;
    }
    const size_t start = pos_;
    const Position where = here_;
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == 0) return fail("unexpected NUL in input", where);
    if (ident_start(c)) {
      while (pos_ < text_.size() && ident_char(static_cast<unsigned char>(text_[pos_]))) advance(1);
      return make(is_keyword(text_.substr(start, pos_ - start)) ? TokenKind::keyword : TokenKind::ident, start, where);
    }
    if (digit(c) || (c == '.' && pos_ + 1 < text_.size() && digit(static_cast<unsigned char>(text_[pos_ + 1])))) {
      scan_number();
      return make(TokenKind::number, start, where);
    }
    if (c == '"' || c == '`' || c == '\'') {
      if (!scan_string(static_cast<char>(c)))
        return fail(saw_nul_ ? "unexpected NUL in input"
                    : c == '\'' ? "rune literal not terminated" : "string literal not terminated", where);
      return make(c == '\'' ? TokenKind::rune : TokenKind::string, start, where);
    }
    for (auto op : kOperators) {
      if (op[0] == static_cast<char>(c) && text_.substr(pos_).starts_with(op)) {
        advance(op.size());
        Token t = make(op == ";" ? TokenKind::semicolon : TokenKind::op, start, where);
        return t;
      }
    }
    return fail(std::string("invalid character ") + std::to_string(c), where);
  }
}

}  // namespace crossgo::gosrc::detail
