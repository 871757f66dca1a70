// The second look crossgo cgo takes at the Go files a CGO_ENABLED=0 build keeps, beyond
// scan_go_source's package-level uses: the names a file declares inside functions (`:=`, var and
// const in blocks, parameters, results, receivers), so that a local `i64 :=` is not taken for the
// package-level i64 a cgo file declared, and its qualified identifiers `pkg.Name`, so that an
// importer's use of an exported name only a cgo file declared is found (the type checker's
// "undefined: pkg.Name", reported at Name). Token rules are go_lexer.cc's; the shapes followed
// are the Go spec's ShortVarDecl, VarDecl/ConstDecl in a Block, Signature and Receiver.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "crossgo/limits.h"
#include "gosrc/go_lexer.h"

namespace crossgo::gosrc {
namespace {

using detail::Lexer;
using detail::Token;
using detail::TokenKind;

class UsesScanner {
 public:
  explicit UsesScanner(std::string_view text) : lexer_(text) {}

  std::optional<GoFileUses> run() {
    for (;;) {
      Token t = lexer_.next();
      if (t.kind == TokenKind::error) return std::nullopt;
      if (t.kind == TokenKind::eof) break;
      tokens_.push_back(t);
    }
    GoFileUses out;
    int depth = 0;  // braces: 0 is the package block
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (is_op(i, "{")) ++depth;
      else if (is_op(i, "}")) depth = std::max(0, depth - 1);
      else if (is_keyword(i, "import") && depth == 0) imports(i + 1, out);
      else if (is_op(i, ":=")) short_var_names(i, out);
      else if ((is_keyword(i, "var") || is_keyword(i, "const")) && depth > 0) block_decl(i + 1, out);
      else if (is_keyword(i, "func")) signature(i + 1, out);
      else if (kind(i) == TokenKind::ident && !is_op(i - 1, ".") && is_op(i + 1, ".") && kind(i + 2) == TokenKind::ident)
        out.qualified.push_back({std::string(text(i)), std::string(text(i + 2)), tokens_[i + 2].where});
    }
    std::sort(out.local_names.begin(), out.local_names.end());
    out.local_names.erase(std::unique(out.local_names.begin(), out.local_names.end()), out.local_names.end());
    return out;
  }

 private:
  TokenKind kind(size_t i) const { return i < tokens_.size() ? tokens_[i].kind : TokenKind::eof; }
  std::string_view text(size_t i) const { return i < tokens_.size() ? lexer_.text(tokens_[i]) : std::string_view(); }
  bool is_op(size_t i, std::string_view op) const { return kind(i) == TokenKind::op && text(i) == op; }
  bool is_keyword(size_t i, std::string_view k) const { return kind(i) == TokenKind::keyword && text(i) == k; }

  void add_local(size_t i, GoFileUses& out) {
    if (kind(i) == TokenKind::ident && text(i) != "_") out.local_names.emplace_back(text(i));
  }

  // ImportSpec: [ "." | "_" | PackageName ] ImportPath, alone or in a parenthesised group.
  void imports(size_t i, GoFileUses& out) {
    auto spec = [&](size_t j) {
      std::string name;
      if (kind(j) == TokenKind::ident || is_op(j, ".")) name = std::string(text(j++));
      if (kind(j) == TokenKind::string && text(j).size() >= 2) {
        std::string_view lit = text(j);
        out.imports.push_back({std::string(lit.substr(1, lit.size() - 2)), std::move(name)});
      }
    };
    if (!is_op(i, "(")) {
      spec(i);
      return;
    }
    for (size_t j = i + 1; j < tokens_.size() && !is_op(j, ")"); ++j)
      if (j == i + 1 || kind(j - 1) == TokenKind::semicolon) spec(j);
  }

  // ShortVarDecl: IdentifierList ":=" …, walking back from the ":=".
  void short_var_names(size_t i, GoFileUses& out) {
    for (size_t j = i; j >= 1 && kind(j - 1) == TokenKind::ident;) {
      add_local(j - 1, out);
      if (j >= 3 && is_op(j - 2, ",")) j -= 2;
      else break;
    }
  }

  // var/const inside a function: IdentifierList …, or a parenthesised group of them.
  void block_decl(size_t i, GoFileUses& out) {
    auto names = [&](size_t j) {
      while (kind(j) == TokenKind::ident) {
        add_local(j, out);
        if (!is_op(j + 1, ",")) break;
        j += 2;
      }
    };
    if (!is_op(i, "(")) {
      names(i);
      return;
    }
    int depth = 0;
    for (size_t j = i; j < tokens_.size(); ++j) {
      if (is_op(j, "(")) ++depth;
      else if (is_op(j, ")") && --depth == 0) break;
      else if (depth == 1 && (j == i + 1 || kind(j - 1) == TokenKind::semicolon)) names(j);
    }
  }

  // Index just past the bracket group opening at i (its matching closer), or i when none opens.
  size_t past_group(size_t i, std::string_view open, std::string_view close) const {
    if (!is_op(i, open)) return i;
    int depth = 0;
    for (size_t j = i; j < tokens_.size(); ++j) {
      if (is_op(j, open)) ++depth;
      else if (is_op(j, close) && --depth == 0) return j + 1;
    }
    return tokens_.size();
  }

  // A parameter list "(" … ")": when any parameter is "name Type", every parameter's first
  // identifier is a name (Go does not mix named and unnamed parameters).
  void parameters(size_t open, GoFileUses& out) {
    const size_t close = past_group(open, "(", ")");
    std::vector<std::pair<size_t, size_t>> elements;  // [first, end) token ranges at depth 1
    size_t start = open + 1;
    int depth = 0;
    for (size_t j = open + 1; j + 1 < close; ++j) {
      if (is_op(j, "(") || is_op(j, "[") || is_op(j, "{")) ++depth;
      else if (is_op(j, ")") || is_op(j, "]") || is_op(j, "}")) --depth;
      else if (depth == 0 && is_op(j, ",")) {
        elements.emplace_back(start, j);
        start = j + 1;
      }
    }
    if (close >= 1 && start < close - 1) elements.emplace_back(start, close - 1);
    bool named = false;
    for (const auto& [first, end] : elements)
      if (end - first >= 2 && kind(first) == TokenKind::ident && !is_op(first + 1, ".")) named = true;
    if (!named) return;
    for (const auto& [first, end] : elements) add_local(first, out);
  }

  // Signature after `func`: [Receiver] [Name] [TypeParams] Parameters [Result].
  void signature(size_t i, GoFileUses& out) {
    if (is_op(i, "(")) {  // a receiver, or a function literal's parameters
      parameters(i, out);
      i = past_group(i, "(", ")");
    }
    if (kind(i) == TokenKind::ident) ++i;
    i = past_group(i, "[", "]");
    if (is_op(i, "(")) {
      parameters(i, out);
      i = past_group(i, "(", ")");
      if (is_op(i, "(")) parameters(i, out);
    }
  }

  Lexer lexer_;
  std::vector<Token> tokens_;
};

}  // namespace

std::optional<GoFileUses> scan_go_uses(std::string_view text) {
  if (text.size() > limits::kMaxGoSourceBytes) return std::nullopt;
  return UsesScanner(text).run();
}

std::optional<std::string> read_go_source(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<uint64_t>(st.st_size) > limits::kMaxGoSourceBytes) {
    ::close(fd);
    return std::nullopt;
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::pread(fd, bytes.data() + got, bytes.size() - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);
  return bytes;
}

}  // namespace crossgo::gosrc
