// Where Go's settings live (src/cmd/go/internal/cfg/cfg.go, EnvOrAndChanged and the go env -w file): the `go env -w` file (GOENV / XDG_CONFIG_HOME / HOME),
// $GOROOT/go.env (go1.21+), and the defaults baked into the toolchain at make.bash time, which a
// distribution's GOROOT keeps as generated Go source (zbootstrap.go, zcgo.go, zdefaultcc.go).
// Files are read with a size cap and parsed the way cmd/go parses them, CRs and all.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/utsname.h>

#include <cstdio>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "crossgo/env.h"
#include "crossgo/limits.h"
#include "env/internal.h"

namespace crossgo::env {

std::optional<std::string> read_small_file(const std::string& path, size_t cap) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data;
  data.resize(cap);
  in.read(data.data(), static_cast<std::streamsize>(cap));
  data.resize(static_cast<size_t>(in.gcount()));
  return data;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

// cmd/go readEnvFile: KEY=VALUE lines; lines without '=' or not starting with A-Z are ignored;
// the first occurrence of a key wins; values are taken verbatim (no quotes, no trimming).
EnvMap parse_env_file(const std::string& text) {
  EnvMap out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? text.size() : nl + 1;
    size_t eq = line.find('=');
    if (eq == std::string::npos || line.empty() || line[0] < 'A' || line[0] > 'Z') continue;
    out.emplace(line.substr(0, eq), line.substr(eq + 1));
  }
  return out;
}

std::string goenv_file_path(const EnvMap& process, std::string* note) {
  auto get = [&](const char* k) {
    auto it = process.find(k);
    return it == process.end() ? std::string() : it->second;
  };
  std::string goenv = get("GOENV");
  if (!goenv.empty()) {
    if (goenv == "off") {
      if (note) *note = "GOENV=off: no go env -w file is read";
      return "";
    }
    if (note) *note = "from $GOENV";
    return goenv;
  }
  // os.UserConfigDir on Linux/Unix: $XDG_CONFIG_HOME (must be absolute), else $HOME/.config.
  std::string xdg = get("XDG_CONFIG_HOME");
  if (!xdg.empty()) {
    if (xdg[0] == '/') {
      if (note) *note = "$XDG_CONFIG_HOME/go/env";
      return xdg + "/go/env";
    }
    if (note) *note = "$XDG_CONFIG_HOME is relative, so Go reads no go env -w file";
    return "";
  }
  std::string home = get("HOME");
  if (!home.empty()) {
    if (note) *note = "$HOME/.config/go/env";
    return home + "/.config/go/env";
  }
  if (note) *note = "neither $XDG_CONFIG_HOME nor $HOME is set, so Go reads no go env -w file";
  return "";
}

EnvFile load_env_file(const std::string& path, const std::string& note) {
  EnvFile f;
  f.path = path;
  f.state_note = note;
  if (path.empty()) return f;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return f;  // does not exist (CG204)
  if (!S_ISREG(st.st_mode)) {
    f.kind = S_ISDIR(st.st_mode)    ? "directory"
             : S_ISFIFO(st.st_mode) ? "FIFO"
             : S_ISCHR(st.st_mode)  ? "character device"
             : S_ISBLK(st.st_mode)  ? "block device"
             : S_ISSOCK(st.st_mode) ? "socket"
                                    : "special file";
    f.state_note += (f.state_note.empty() ? "" : "; ") + ("a " + f.kind + ", not a file");
    return f;
  }
  // Go reads the whole file (cmd/go/internal/cfg readEnvFile): so does crossgo, line by line, up
  // to kMaxEnvFileScan bytes, keeping the first occurrence of each key as Go does. O_NONBLOCK: the
  // path may be replaced by a FIFO between stat and open.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    f.state_note += (f.state_note.empty() ? "" : "; ") + std::string("unreadable: ") + std::strerror(errno);
    return f;
  }
  f.exists = true;
  f.size = static_cast<uint64_t>(st.st_size);
  std::string line;
  auto finish_line = [&] {
    const size_t eq = line.find('=');
    if (eq != std::string::npos && !line.empty() && line[0] >= 'A' && line[0] <= 'Z')
      f.values.emplace(line.substr(0, eq), line.substr(eq + 1));
    line.clear();
  };
  char buf[65536];
  uint64_t total = 0;
  while (true) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        finish_line();
      } else if (line.size() < limits::kMaxEnvLineBytes) {
        line += buf[i];  // a longer line keeps its key and the start of its value
      }
    }
    total += static_cast<uint64_t>(n);
    if (total >= limits::kMaxEnvFileScan) {
      f.truncated = true;
      break;
    }
  }
  if (!f.truncated && !line.empty()) finish_line();
  close(fd);
  return f;
}

namespace {

// `const defaultGOARM = `5`` or `const DefaultGOARM = "7"` → ("GOARM", "7").
void parse_baked_consts(const std::string& text, EnvMap& out) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t p = line.find("const ");
    if (p == std::string::npos) continue;
    size_t name_start = p + 6;
    std::string prefix = line.substr(name_start, 7);
    if (prefix != "default" && prefix != "Default") continue;
    size_t eq = line.find('=', name_start);
    if (eq == std::string::npos) continue;
    std::string name = line.substr(name_start + 7, eq - name_start - 7);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    size_t q1 = line.find_first_of("`\"", eq);
    if (q1 == std::string::npos) continue;
    size_t q2 = line.find(line[q1], q1 + 1);
    if (q2 == std::string::npos) continue;
    out[name] = line.substr(q1 + 1, q2 - q1 - 1);
  }
}

std::string between_quotes(const std::string& s) {
  size_t q1 = s.find_first_of("`\"");
  if (q1 == std::string::npos) return "";
  size_t q2 = s.find(s[q1], q1 + 1);
  if (q2 == std::string::npos) return "";
  return s.substr(q1 + 1, q2 - q1 - 1);
}

// zdefaultcc.go: per-pair cases, an optional `switch goos` clang rule (go1.21+), final return.
void parse_default_cc(const std::string& text, const std::string& func, const std::string& key,
                      EnvMap& out) {
  size_t start = text.find("func " + func + "(");
  if (start == std::string::npos) return;
  size_t end = text.find("\nfunc ", start + 1);
  std::string body = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  std::istringstream in(body);
  std::string line, pending_case;
  std::string last_return;
  bool in_goos_switch = false;
  while (std::getline(in, line)) {
    if (line.find("switch goos {") != std::string::npos) {
      in_goos_switch = true;
      out[key + "_CLANGOS"] = std::string(1, '1');  // not = "1": GCC 12 false -Wrestrict (PR 105329)
      continue;
    }
    if (line.find("case ") != std::string::npos) {
      pending_case = in_goos_switch ? "" : between_quotes(line);
      continue;
    }
    if (line.find("return ") != std::string::npos) {
      std::string v = between_quotes(line);
      if (!pending_case.empty()) {
        out[key + ":" + pending_case] = v;
        pending_case.clear();
      } else if (!in_goos_switch) {
        last_return = v;
      }
      continue;
    }
    if (line.find('}') != std::string::npos) in_goos_switch = false;
  }
  if (!last_return.empty()) out[key] = last_return;
}

}  // namespace

void read_baked_defaults(GoToolchain& go) {
  if (go.goroot.empty()) return;
  const std::string& r = go.goroot;
  std::vector<std::string> used;
  if (auto t = read_small_file(r + "/src/internal/buildcfg/zbootstrap.go", limits::kMaxEnvFileBytes)) {
    parse_baked_consts(*t, go.baked);
    used.push_back("src/internal/buildcfg/zbootstrap.go");
  }
  if (auto t = read_small_file(r + "/src/go/build/zcgo.go", limits::kMaxEnvFileBytes)) {
    EnvMap m;
    parse_baked_consts(*t, m);
    if (m.count("CGO_ENABLED") != 0) go.baked["CGO_ENABLED"] = m["CGO_ENABLED"];
    used.push_back("src/go/build/zcgo.go");
  }
  if (auto t = read_small_file(r + "/src/cmd/go/internal/cfg/zdefaultcc.go", limits::kMaxEnvFileBytes)) {
    parse_default_cc(*t, "DefaultCC", "CC", go.baked);
    parse_default_cc(*t, "DefaultCXX", "CXX", go.baked);
    EnvMap m;
    parse_baked_consts(*t, m);
    if (m.count("PkgConfig") != 0) go.baked["PKG_CONFIG"] = m["PkgConfig"];
    used.push_back("src/cmd/go/internal/cfg/zdefaultcc.go");
  }
  for (size_t i = 0; i < used.size(); ++i) go.baked_source += (i ? ", " : "$GOROOT/") + used[i];
}

void machine_platform(std::string& goos, std::string& goarch) {
  utsname u{};
  goos = "linux";
  goarch = "amd64";
  if (uname(&u) != 0) return;
  std::string sys = u.sysname, mach = u.machine;
  if (sys == "Darwin") goos = "darwin";
  else if (sys == "FreeBSD") goos = "freebsd";
  else if (sys == "OpenBSD") goos = "openbsd";
  else if (sys == "NetBSD") goos = "netbsd";
  if (mach == "x86_64" || mach == "amd64") goarch = "amd64";
  else if (mach == "aarch64" || mach == "arm64") goarch = "arm64";
  else if (mach.rfind("arm", 0) == 0) goarch = "arm";
  else if (mach == "i686" || mach == "i386") goarch = "386";
  else if (mach == "riscv64") goarch = "riscv64";
  else if (mach == "ppc64le") goarch = "ppc64le";
  else if (mach == "s390x") goarch = "s390x";
  else if (mach == "loongarch64") goarch = "loong64";
}

}  // namespace crossgo::env
