// Renderers for rootfs's reports (src/output/rootfs_*.cc). JSON follows docs/rootfs.schema.json.
#pragma once

#include <string>
#include <vector>

#include "crossgo/rootfs.h"

namespace crossgo::output {

inline constexpr int kRootfsSchemaVersion = 1;

struct RootfsRun {
  std::string root_path;
  std::string root_description;
  rootfs::Libc libc = rootfs::Libc::unknown;
  rootfs::Loader::Config config;
  std::vector<rootfs::FileLoadReport> files;
};

// A tree per file like lddtree's: each library under the object that first needs it, with where
// it was found and by which rule; then the findings. Quiet about files that load unless verbose.
std::string rootfs_text(const RootfsRun& run, bool verbose, bool colour);
std::string rootfs_json(const RootfsRun& run);

}  // namespace crossgo::output
