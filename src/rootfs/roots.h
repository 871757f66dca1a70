// The kinds of root (internal to src/rootfs/): each answers RootFs's four questions for paths
// that root_fs.cc has already resolved.
#pragma once

#include <memory>
#include <string>

#include "crossgo/root_fs.h"

namespace crossgo::rootfs {

Result<std::unique_ptr<RootFs>> open_directory_root(const std::string& dir);
// True when `dir` holds an OCI image layout ("oci-layout" and "index.json").
bool is_oci_layout_dir(const std::string& dir);
Result<std::unique_ptr<RootFs>> open_oci_layout_dir(const std::string& dir, const std::string& platform);
// A tar of a root filesystem (plain, gzip, xz, zstd …), or a `docker save` / `podman save`
// archive, or an OCI layout in a tar: told apart by what is inside.
Result<std::unique_ptr<RootFs>> open_archive_root(const std::string& path, const std::string& platform);

}  // namespace crossgo::rootfs
