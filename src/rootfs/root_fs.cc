// Paths inside a root: normalising, following symbolic links the way the kernel does for a
// process whose root is the root filesystem (path_resolution(7)), and reading small
// configuration files. The root's kinds (directory, tar, OCI image) only answer lstat, readlink,
// list and open for paths already resolved here, so no kind can be made to leave the root.
#include <sys/stat.h>

#include "crossgo/root_fs.h"
#include "rootfs/roots.h"

namespace crossgo::rootfs {
namespace {

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) parts.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

std::string parent_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string join(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

}  // namespace

std::string normalise(std::string_view path) {
  std::vector<std::string> out;
  for (auto& part : split(path)) {
    if (part == ".") continue;
    if (part == "..") {
      if (!out.empty()) out.pop_back();
      continue;
    }
    out.push_back(std::move(part));
  }
  std::string s;
  for (const auto& part : out) s += "/" + part;
  return s.empty() ? "/" : s;
}

std::optional<Resolved> resolve(const RootFs& root, const std::string& path, std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<Resolved> {
    if (error != nullptr) *error = std::move(why);
    return std::nullopt;
  };
  // Components still to walk, last first (so a link's target is pushed in front cheaply).
  std::vector<std::string> todo = split(path);
  std::reverse(todo.begin(), todo.end());
  Resolved out;
  std::string current = "/";
  out.type = EntryType::directory;
  int hops = 0;
  while (!todo.empty()) {
    const std::string part = std::move(todo.back());
    todo.pop_back();
    if (part == ".") continue;
    if (part == "..") {
      current = parent_of(current);  // ".." of "/" is "/": nothing above the root
      continue;
    }
    if (out.type != EntryType::directory) return fail(current + " is not a directory");
    const std::string candidate = join(current, part);
    const auto type = root.lstat(candidate);
    if (!type) return fail(candidate + " does not exist");
    if (*type == EntryType::symlink) {
      if (++hops > kMaxSymlinkHops) {
        return fail("too many levels of symbolic links (more than " + std::to_string(kMaxSymlinkHops) +
                    ") at " + candidate + ": a symlink loop");
      }
      const auto target = root.readlink(candidate);
      if (!target) return fail(candidate + " is a symbolic link that cannot be read");
      out.hops.push_back(candidate + " -> " + *target);
      auto parts = split(*target);
      for (auto it = parts.rbegin(); it != parts.rend(); ++it) todo.push_back(std::move(*it));
      if (!target->empty() && (*target)[0] == '/') current = "/";
      out.type = EntryType::directory;  // the link's directory (or "/") is where its target starts
      continue;
    }
    current = candidate;
    out.type = *type;
  }
  out.path = current;
  return out;
}

Result<std::optional<std::string>> read_text(const RootFs& root, const std::string& path, uint64_t max_bytes) {
  const auto where = resolve(root, path);
  if (!where || where->type != EntryType::regular) return std::optional<std::string>();
  auto source = root.open(where->path);
  if (!source) return source.error();
  ByteSource& src = **source;
  if (src.size() > max_bytes) {
    return Error{path + " is " + std::to_string(src.size()) + " bytes, more than the " +
                     std::to_string(max_bytes) + " read of a configuration file",
                 std::nullopt};
  }
  try {
    const auto bytes = src.read(0, src.size(), "configuration file");
    return std::optional<std::string>(std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } catch (const ParseError& e) {
    return e.error();
  }
}

Result<std::unique_ptr<RootFs>> open_root(const std::string& path, const std::string& platform) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{"cannot open the root " + path + ": no such file or directory", std::nullopt};
  if (S_ISDIR(st.st_mode)) {
    if (is_oci_layout_dir(path)) return open_oci_layout_dir(path, platform);
    return open_directory_root(path);
  }
  if (!S_ISREG(st.st_mode)) return Error{"the root " + path + " is neither a directory nor an archive", std::nullopt};
  return open_archive_root(path, platform);
}

}  // namespace crossgo::rootfs
