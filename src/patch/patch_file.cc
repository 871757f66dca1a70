// One file end to end: open, plan, copy to a temporary file, write the plan's ranges, read the
// result back and check it, rename. The input is opened once and read through that descriptor
// only, so a file swapped in by name meanwhile is never the one copied.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "crossgo/patch.h"
#include "patch/elf_writer.h"
#include "patch/patch_internal.h"

namespace crossgo::patch {

FileResult patch_file(const std::string& path, const Request& request, const FileOptions& options) {
  FileResult r;
  r.file = path;
  r.output = options.output.empty() ? path : options.output;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    r.outcome.unreadable = Error{std::strerror(errno), std::nullopt};
    return r;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    r.outcome.unreadable = Error{S_ISREG(st.st_mode) ? std::strerror(errno) : "not a regular file", std::nullopt};
    return r;
  }
  auto src = FileSource::adopt(::dup(fd));
  if (!src) {
    r.outcome.unreadable = src.error();
    return r;
  }
  r.outcome = plan_patch(**src, request, path);
  if (!r.outcome.plan || options.dry_run) return r;
  const Plan& plan = *r.outcome.plan;
  if (!plan.changes && options.output.empty()) return r;

  // In place through a symlink: the file it points at is replaced, the link stays.
  std::string target = options.output;
  if (target.empty()) {
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) == nullptr) {
      r.io_error = std::string("cannot resolve ") + path + ": " + std::strerror(errno);
      return r;
    }
    target = resolved;
  }
  detail::AtomicFile tmp;
  if (auto e = tmp.create(target, fd, st)) {
    r.io_error = *e;
    return r;
  }
  if (auto e = detail::apply_to_fd(tmp.fd(), plan, r.bytes_written)) {
    r.io_error = *e;
    return r;
  }
  if (auto changed = (*src)->changed()) {
    r.outcome.unreadable = Error{*changed, std::nullopt};
    r.outcome.plan.reset();
    return r;
  }
  auto back = FileSource::adopt(::dup(tmp.fd()));
  if (!back) {
    r.io_error = back.error().to_string();
    return r;
  }
  if (auto problem = reverify(**src, **back, plan)) {
    r.reverify_failure = detail::refusal(Code::CG896, path, "the patched file failed re-verification, nothing was written: " + *problem,
                                         "report this file to crossgo; patchelf may handle it");
    return r;
  }
  if (auto e = tmp.commit()) {
    r.io_error = *e;
    return r;
  }
  r.written = true;
  return r;
}

}  // namespace crossgo::patch
