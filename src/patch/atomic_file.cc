// Replacing a file so that a reader sees the old bytes or the new ones, never a mixture: the new
// contents go to a temporary file in the target's own directory (rename(2) is atomic only within
// one file system), created O_EXCL by mkostemp so nothing else's file is reused, made durable
// with fsync, then renamed over the target and the directory fsynced. Any failure before the
// rename unlinks the temporary file and leaves the target as it was.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "patch/elf_writer.h"

namespace crossgo::patch::detail {
namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string dir_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// copy_file_range shares extents on file systems that can (btrfs, xfs reflinks, NFS server-side
// copy) and copies in the kernel elsewhere; sendfile and read/write are the fallbacks for file
// systems or kernels that refuse it (EXDEV before Linux 5.3, ENOSYS, EINVAL on some FUSE).
std::optional<std::string> copy_bytes(int from, int to, uint64_t size) {
  uint64_t done = 0;
  bool use_cfr = true, use_sendfile = true;
  std::vector<char> buf;
  while (done < size) {
    const size_t chunk = static_cast<size_t>(std::min<uint64_t>(size - done, 1 << 30));
    ssize_t n = -1;
    if (use_cfr) {
      loff_t in = static_cast<loff_t>(done), out = static_cast<loff_t>(done);
      n = ::copy_file_range(from, &in, to, &out, chunk, 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP || errno == EPERM)) {
        use_cfr = false;
        continue;
      }
    } else if (use_sendfile) {
      if (::lseek(to, static_cast<off_t>(done), SEEK_SET) < 0) return errno_text("lseek");
      off_t in = static_cast<off_t>(done);
      n = ::sendfile(to, from, &in, chunk);
      if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
        use_sendfile = false;
        continue;
      }
    } else {
      buf.resize(1 << 20);
      n = ::pread(from, buf.data(), std::min(chunk, buf.size()), static_cast<off_t>(done));
      if (n > 0) {
        ssize_t w = 0;
        while (w < n) {
          const ssize_t k = ::pwrite(to, buf.data() + w, static_cast<size_t>(n - w), static_cast<off_t>(done) + w);
          if (k < 0 && errno == EINTR) continue;
          if (k <= 0) return errno_text("write");
          w += k;
        }
      }
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_text("copy");
    if (n == 0) return std::string("the input ended early (it changed while it was copied)");
    done += static_cast<uint64_t>(n);
  }
  return std::nullopt;
}

// Owner (where permitted: only root may give a file away, so EPERM is not an error), mode, and
// extended attributes (security.capability, SELinux labels, user.*). chown first: it clears the
// set-user-ID bits and file capabilities, which the later calls put back.
std::optional<std::string> copy_metadata(int from, int to, const struct stat& st) {
  if (::fchown(to, st.st_uid, st.st_gid) != 0 && errno != EPERM) return errno_text("fchown");
  if (::fchmod(to, st.st_mode & 07777) != 0) return errno_text("fchmod");
  ssize_t len = ::flistxattr(from, nullptr, 0);
  if (len < 0) return errno == ENOTSUP ? std::nullopt : std::optional(errno_text("flistxattr"));
  std::vector<char> names(static_cast<size_t>(len) + 1, 0);
  len = ::flistxattr(from, names.data(), names.size());
  if (len < 0) return errno_text("flistxattr");
  for (size_t i = 0; i < static_cast<size_t>(len);) {
    const char* name = names.data() + i;
    i += std::strlen(name) + 1;
    const ssize_t vlen = ::fgetxattr(from, name, nullptr, 0);
    if (vlen < 0) return errno_text(std::string("fgetxattr ") + name);
    std::vector<char> value(static_cast<size_t>(vlen));
    const ssize_t got = ::fgetxattr(from, name, value.data(), value.size());
    if (got < 0) return errno_text(std::string("fgetxattr ") + name);
    // Attributes only a privileged process may set (trusted.*, security.* for others) are left
    // behind rather than failing the whole patch.
    if (::fsetxattr(to, name, value.data(), static_cast<size_t>(got), 0) != 0 && errno != EPERM && errno != ENOTSUP)
      return errno_text(std::string("fsetxattr ") + name);
  }
  return std::nullopt;
}

}  // namespace

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

std::optional<std::string> AtomicFile::create(const std::string& target, int source_fd, const struct stat& st) {
  target_ = target;
  const size_t slash = target.rfind('/');
  const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string tmpl = dir_of(target) + "/." + base + ".crossgo-XXXXXX";
  fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd_ < 0) return errno_text("cannot create a temporary file in " + dir_of(target));
  temp_ = tmpl;
  if (auto e = copy_bytes(source_fd, fd_, static_cast<uint64_t>(st.st_size))) return e;
  return copy_metadata(source_fd, fd_, st);
}

std::optional<std::string> AtomicFile::commit() {
  if (::fsync(fd_) != 0) return errno_text("fsync");
  if (::close(fd_) != 0) {
    fd_ = -1;
    return errno_text("close");
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0) return errno_text("cannot rename over " + target_);
  committed_ = true;
  const int dir = ::open(dir_of(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);  // best effort: the rename is done; a failure here cannot be undone
    ::close(dir);
  }
  return std::nullopt;
}

}  // namespace crossgo::patch::detail
