// verify --rootfs ROOT: each file that is an ELF program or library is also loaded, on paper, in
// that root (src/rootfs/), and every error the loader would meet is a failed "rootfs" check with
// its CG88x finding, so the CI gate says "this binary will not start in the image" before the
// image ships.
#include "crossgo/verify.h"

#include <sys/stat.h>

namespace crossgo {

void add_rootfs_checks(std::vector<FileVerdict>& verdicts, rootfs::Loader& loader, const std::string& root) {
  for (FileVerdict& v : verdicts) {
    if (v.error || v.checks.empty()) continue;
    struct stat st {};
    if (!v.member.empty() || ::stat(v.file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      v.checks.push_back({.check = "rootfs", .outcome = CheckOutcome::skipped,
                          .detail = "a member of a container or a release archive: loaded from nowhere in " + root});
      continue;
    }
    const rootfs::FileLoadReport r = loader.check(v.file, false);
    if (r.error) {
      v.checks.push_back({.check = "rootfs", .outcome = CheckOutcome::skipped,
                          .detail = "not an ELF program or library: " + *r.error});
      continue;
    }
    bool failed = false;
    for (const Finding& f : r.findings) {
      if (f.severity() != Severity::error) continue;
      failed = true;
      Finding located = f;
      located.location.file = v.file;
      v.checks.push_back({.check = "rootfs", .outcome = CheckOutcome::failed, .expected = "loads in " + root,
                          .actual = f.actual.empty() ? std::string(f.id()) : f.actual, .finding = located});
    }
    if (!failed) {
      std::string detail = r.is_static ? "static: loads anywhere its kernel runs"
                                       : std::to_string(r.libraries.size()) + " libraries resolve in " + root;
      v.checks.push_back({.check = "rootfs", .outcome = CheckOutcome::passed, .expected = "loads in " + root,
                          .actual = "loads", .detail = detail});
    }
  }
}

}  // namespace crossgo
