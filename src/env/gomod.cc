// The `go` and `toolchain` lines of the nearest go.work or go.mod (cmd/go walks up from the
// current directory). With GOTOOLCHAIN=auto (the go1.21+ default from $GOROOT/go.env) they can
// make `go build` switch to — and download — another toolchain.
#include <unistd.h>

#include <sstream>

#include "crossgo/env.h"
#include "crossgo/limits.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

void read_lines(const std::string& text, GoMod& m) {
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto comment = line.find("//");
    if (comment != std::string::npos) line.resize(comment);
    line = trim_copy(line);
    auto words = split_quoted(line);
    if (words.size() != 2) continue;
    if (words[0] == "go" && m.go_line.empty()) {
      m.go_line = words[1].substr(0, 64);
      m.go_line_number = number;
    }
    if (words[0] == "toolchain" && m.toolchain_line.empty()) {
      m.toolchain_line = words[1].substr(0, 64);
      m.toolchain_line_number = number;
    }
  }
}

}  // namespace

GoMod find_gomod(const std::string& start) {
  GoMod m;
  std::string dir = start.empty() ? "." : start;
  if (dir[0] != '/') {
    char buf[4096];
    if (getcwd(buf, sizeof buf) != nullptr) dir = std::string(buf) + (dir == "." ? "" : "/" + dir);
  }
  for (int depth = 0; depth < limits::kMaxPathDepth; ++depth) {
    for (const char* name : {"go.work", "go.mod"}) {
      std::string p = dir + "/" + name;
      if (!path_exists(p)) continue;
      auto text = read_small_file(p, limits::kMaxGoModBytes);
      m.path = p;
      if (!text) {
        m.error = "unreadable";
        return m;
      }
      read_lines(*text, m);
      return m;
    }
    if (dir == "/" || dir.empty()) break;
    auto slash = dir.find_last_of('/');
    dir = slash == 0 ? "/" : dir.substr(0, slash);
  }
  return m;
}

}  // namespace crossgo::env
