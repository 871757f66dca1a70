// A small Go lexer (the token rules of the Go spec, with automatic semicolons) for go_scanner.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/go_source.h"

namespace crossgo::gosrc::detail {

enum class TokenKind : uint8_t { ident, keyword, string, rune, number, op, semicolon, eof, error };

struct Token {
  TokenKind kind = TokenKind::eof;
  uint32_t offset = 0;
  uint32_t length = 0;
  Position where;
  int end_line = 0;  // raw strings and auto semicolons span lines
};

struct Comment {
  uint32_t offset = 0;
  uint32_t length = 0;
  int line = 0;
  int end_line = 0;
  int previous_token_line = 0;  // line of the token before it (0: none): a same-line comment is a line comment
};

class Lexer {
 public:
  explicit Lexer(std::string_view text);
  Token next();
  std::string_view text(const Token& t) const { return text_.substr(t.offset, t.length); }
  std::string_view text(const Comment& c) const { return text_.substr(c.offset, c.length); }
  const std::vector<Comment>& comments() const { return comments_; }
  const std::string& error() const { return error_; }
  Position error_where() const { return error_where_; }

 private:
  Token make(TokenKind kind, size_t start, Position where);
  Token fail(std::string message, Position where);
  void advance(size_t n);
  bool skip_comment(bool* saw_newline);
  bool scan_string(char quote);
  void scan_number();

  std::string_view text_;
  size_t pos_ = 0;
  Position here_{1, 1};
  bool semicolon_allowed_ = false;  // the spec's automatic semicolon rule after the last token
  int last_token_line_ = 0;
  bool saw_nul_ = false;
  std::vector<Comment> comments_;
  std::string error_;
  Position error_where_;
};

}  // namespace crossgo::gosrc::detail
