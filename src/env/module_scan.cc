// What the main module's own files say about its C toolchain needs, so doctor proves the tools a
// build of *this* module will run: CXX when it has C++ files (cmd/go compiles .cc/.cpp/.cxx files
// with $CXX and then links with it), and PKG_CONFIG when a Go file carries `#cgo pkg-config:`
// (cmd/go runs `$PKG_CONFIG --cflags` and `--libs` for those names, cmd/go/internal/work/exec.go
// getPkgConfigFlags, Go 1.19). The walk skips what cmd/go skips for `./...` (testdata, vendor,
// directories starting with _ or .) and is capped in entries, depth and bytes read.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "crossgo/env.h"
#include "crossgo/limits.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `#cgo [GOOS,GOARCH...] pkg-config: name name` lines of a cgo preamble. Build constraints on the
// directive are not evaluated: any name the module may ask for is worth proving.
void collect_pkg_config(const std::string& text, const std::string& rel, ModuleCgoUse& use) {
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    std::string t = trim_copy(line);
    if (starts_with(t, "//")) t = trim_copy(t.substr(2));
    if (!starts_with(t, "#cgo")) continue;
    auto colon = t.find(':');
    if (colon == std::string::npos) continue;
    auto words = split_quoted(t.substr(4, colon - 4));
    if (words.empty() || words.back() != "pkg-config") continue;
    for (const auto& name : split_quoted(t.substr(colon + 1))) {
      if (name.empty() || name[0] == '-') continue;  // pkg-config options are not package names
      if (std::find(use.pkg_config.begin(), use.pkg_config.end(), name) != use.pkg_config.end()) continue;
      if (use.pkg_config.size() >= limits::kMaxPkgConfigPackages) return;
      if (use.pkg_config_where.empty()) use.pkg_config_where = rel + ":" + std::to_string(line_no);
      use.pkg_config.push_back(name);
    }
  }
}

struct Walker {
  ModuleCgoUse& use;
  size_t visited = 0;

  void walk(const std::string& dir, const std::string& rel, size_t depth) {
    if (depth > limits::kMaxModuleScanDepth) {
      use.truncated = true;
      return;
    }
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return;
    std::vector<std::pair<std::string, bool>> entries;
    while (dirent* ent = readdir(d)) {
      if (++visited > limits::kMaxModuleScanEntries) {
        use.truncated = true;
        break;
      }
      std::string name = ent->d_name;
      if (name == "." || name == "..") continue;
      struct stat st {};
      if (fstatat(dirfd(d), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      if (S_ISDIR(st.st_mode)) {
        if (name[0] == '.' || name[0] == '_' || name == "testdata" || name == "vendor") continue;
        entries.emplace_back(name, true);
      } else if (S_ISREG(st.st_mode)) {
        entries.emplace_back(name, false);
      }
    }
    closedir(d);
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, is_dir] : entries) {
      const std::string path = dir + "/" + name, r = rel.empty() ? name : rel + "/" + name;
      if (is_dir) {
        // A nested go.mod starts another module, which `./...` does not include.
        if (!path_exists(path + "/go.mod")) walk(path, r, depth + 1);
        continue;
      }
      if (ends_with(name, ".cc") || ends_with(name, ".cpp") || ends_with(name, ".cxx")) {
        if (use.cxx_files.size() < 8) use.cxx_files.push_back(r);
      } else if (ends_with(name, ".go") && !ends_with(name, "_test.go")) {
        if (auto text = read_small_file(path, limits::kMaxModuleScanGoBytes)) {
          if (contains(*text, "pkg-config")) collect_pkg_config(*text, r, use);
        }
      }
    }
  }
};

}  // namespace

ModuleCgoUse scan_module_cgo_use(const std::string& module_root) {
  ModuleCgoUse use;
  use.root = module_root;
  if (module_root.empty() || !is_directory(module_root)) return use;
  Walker w{use};
  w.walk(module_root, "", 0);
  return use;
}

}  // namespace crossgo::env
