// A root that is a directory on this machine. Paths arrive resolved (root_fs.cc follows every
// link inside the root), and the last component is opened with O_NOFOLLOW, so a link replaced
// between resolving and opening cannot lead out of the root.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "crossgo/limits.h"
#include "rootfs/roots.h"

namespace crossgo::rootfs {
namespace {

class DirectoryRoot final : public RootFs {
 public:
  explicit DirectoryRoot(std::string dir) : dir_(std::move(dir)) {
    while (dir_.size() > 1 && dir_.back() == '/') dir_.pop_back();
  }

  std::string describe() const override { return "directory " + dir_; }

  std::optional<EntryType> lstat(const std::string& path) const override {
    struct stat st {};
    if (::lstat(host(path).c_str(), &st) != 0) return std::nullopt;
    if (S_ISREG(st.st_mode)) return EntryType::regular;
    if (S_ISDIR(st.st_mode)) return EntryType::directory;
    if (S_ISLNK(st.st_mode)) return EntryType::symlink;
    return EntryType::other;
  }

  std::optional<std::string> readlink(const std::string& path) const override {
    char buf[4096];
    const ssize_t n = ::readlink(host(path).c_str(), buf, sizeof buf);
    if (n < 0 || static_cast<size_t>(n) >= sizeof buf) return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }

  std::vector<std::string> list(const std::string& path) const override {
    std::vector<std::string> names;
    DIR* d = ::opendir(host(path).c_str());
    if (d == nullptr) return names;
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      if (names.size() >= limits::kMaxWalkEntries) break;
      names.push_back(name);
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    return names;
  }

  Result<std::unique_ptr<ByteSource>> open(const std::string& path) const override {
    const int fd = ::open(host(path).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return Error{path + ": cannot open: " + std::strerror(errno), std::nullopt};
    auto source = FileSource::adopt(fd);
    if (!source) return Error{path + ": " + source.error().message, std::nullopt};
    return std::unique_ptr<ByteSource>(std::move(*source));
  }

 private:
  std::string host(const std::string& path) const { return path == "/" ? dir_ : dir_ + path; }
  std::string dir_;
};

}  // namespace

Result<std::unique_ptr<RootFs>> open_directory_root(const std::string& dir) {
  return std::unique_ptr<RootFs>(new DirectoryRoot(dir));
}

}  // namespace crossgo::rootfs
