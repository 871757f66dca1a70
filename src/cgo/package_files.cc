// crossgo cgo --files: every entry of one package's directory, and whether it builds for the
// target, with the go/build rule that decided it. go list's own lists for the package are the
// authority; where crossgo's rules disagree with them, the report says so instead of guessing.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include "crossgo/cgo.h"
#include "crossgo/limits.h"

namespace crossgo::cgo {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// go list's verdict for a file of the package, or nullopt when it does not list the file (an
// extension go/build does not look at, a directory, a test file).
std::optional<bool> go_list_builds(const ListedPackage& p, const std::string& name) {
  for (const auto* built : {&p.go_files, &p.cgo_files, &p.c_files, &p.cxx_files, &p.m_files, &p.h_files, &p.f_files,
                            &p.s_files, &p.swig_files, &p.swig_cxx_files, &p.syso_files})
    if (contains(*built, name)) return true;
  if (contains(p.ignored_go_files, name) || contains(p.ignored_other_files, name)) return false;
  return std::nullopt;
}

}  // namespace

FilesReport package_files(const ListedPackage& package, const gosrc::BuildContext& context) {
  FilesReport out;
  out.import_path = package.import_path;
  out.dir = package.dir;
  out.context = context;
  out.context.cgo_enabled = true;
  gosrc::BuildContext without = out.context;
  without.cgo_enabled = false;
  DIR* d = opendir(package.dir.c_str());
  if (d == nullptr) return out;
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    // go/build reads the directory's regular files (and what symlinks point to); subdirectories
    // are other packages.
    if (fstatat(dirfd(d), name.c_str(), &st, 0) != 0 || S_ISDIR(st.st_mode)) continue;
    if (names.size() >= limits::kMaxGoListListEntries) break;
    names.push_back(std::move(name));
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    FileRow row{gosrc::decide_file(package.dir, name, out.context), gosrc::decide_file(package.dir, name, without)};
    if (auto listed = go_list_builds(package, name);
        listed && *listed != row.with_cgo.builds && row.with_cgo.rule != gosrc::FileRule::unreadable)
      out.disagreements.push_back({package.import_path, name, *listed, row.with_cgo.reason});
    out.files.push_back(std::move(row));
  }
  return out;
}

}  // namespace crossgo::cgo
