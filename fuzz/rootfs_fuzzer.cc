// libFuzzer harness for rootfs: the input is split at its first "\n--layer--\n" into two tar
// layers (any tar libarchive reads: ustar, pax, gnu; compressed or not), applied with whiteouts
// into an in-memory root; then every path is resolved and every regular file is checked by the
// loader model as a program of that root. Hostile trees (link loops, links out of the root,
// deep directories, ELF files with damaged dynamic sections, huge version tables) must only ever
// produce findings or errors: any crash, sanitizer report, hang or leak is a bug.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crossgo/rootfs.h"
#include "io/libarchive.h"
#include "rootfs/tree_root.h"

namespace {

constexpr size_t kFilesChecked = 32;

void apply(crossgo::rootfs::TreeRoot& tree, std::string_view bytes, int layer) {
  auto a = crossgo::libarchive::tar_reader();
  if (crossgo::libarchive::api().open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) return;
  (void)tree.apply(a.get(), "fuzz", layer);
}

void walk(crossgo::rootfs::TreeRoot& tree, crossgo::rootfs::Loader& loader, const std::string& dir, int depth,
          size_t& checked) {
  if (depth > 16) return;
  for (const auto& name : tree.list(dir)) {
    const std::string path = dir == "/" ? "/" + name : dir + "/" + name;
    std::string why;
    const auto r = crossgo::rootfs::resolve(tree, path, &why);
    if (r && r->path.empty()) std::abort();  // a resolved path is absolute
    const auto type = tree.lstat(path);
    if (!type) std::abort();  // list() names only entries that exist
    if (*type == crossgo::rootfs::EntryType::directory) {
      walk(tree, loader, path, depth + 1, checked);
    } else if (checked < kFilesChecked) {
      ++checked;
      const auto report = loader.check(path, true);
      if (report.loads && report.error) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!crossgo::libarchive::api().error.empty()) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSplit = "\n--layer--\n";
  const size_t cut = input.find(kSplit);
  crossgo::rootfs::TreeRoot tree("fuzz");
  apply(tree, input.substr(0, cut), 1);
  if (cut != std::string_view::npos) apply(tree, input.substr(cut + kSplit.size()), 2);
  if (tree.seal()) return 0;
  crossgo::rootfs::Loader loader(tree, {});
  (void)loader.config();
  size_t checked = 0;
  walk(tree, loader, "/", 0, checked);
  return 0;
}
