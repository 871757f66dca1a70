// A root filesystem as the target's loader sees it: a directory (a sysroot, an mmdebstrap tree,
// an unpacked image), a tar archive of one, or an OCI image (layout directory or `docker save`
// archive) with its layers applied. Every path is absolute and inside the root ("/usr/lib/x.so");
// symbolic links are followed inside the root (an absolute target is relative to the root, ".."
// stops at "/"), never out of it, so a hostile image cannot make crossgo read the host.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/error.h"

namespace crossgo::rootfs {

enum class EntryType { regular, directory, symlink, other };

class RootFs {
 public:
  virtual ~RootFs() = default;

  // "directory /srv/arm64", "tar archive img.tar.zst", "OCI image layout ./oci (linux/arm64)".
  virtual std::string describe() const = 0;

  // The entry at `path` without following a symbolic link in its last component (lstat), or
  // nullopt when there is none. Directories on the way are followed as they are (the caller
  // resolves links first; see resolve()).
  virtual std::optional<EntryType> lstat(const std::string& path) const = 0;
  // The target of the symbolic link at `path` as written ("../lib/libc.so.6", "/lib/x").
  virtual std::optional<std::string> readlink(const std::string& path) const = 0;
  // The names in directory `path`, sorted; empty when it is not a directory.
  virtual std::vector<std::string> list(const std::string& path) const = 0;
  // A regular file's bytes. The source stays valid while the RootFs lives.
  virtual Result<std::unique_ptr<ByteSource>> open(const std::string& path) const = 0;
};

// Opens ROOT: a directory, a tar archive (plain, gzip, xz, zstd), an OCI image layout directory
// or a docker/podman save archive. `platform` ("linux/arm64", "linux/arm/v7") picks the manifest
// of a multi-platform image; empty: the only one, else an error listing them.
Result<std::unique_ptr<RootFs>> open_root(const std::string& path, const std::string& platform);

// "/a/./b//c/../d" -> "/a/b/d" (".." stops at "/"); a relative path is taken from "/".
std::string normalise(std::string_view path);

// `path` with every symbolic link followed inside the root, as the kernel would for open(2)
// with the root as "/" (at most kMaxSymlinkHops links, like Linux's 40). nullopt in `error` with
// the reason when a component is missing, not a directory, or the links loop.
struct Resolved {
  std::string path;                 // the real path inside the root
  EntryType type = EntryType::other;
  std::vector<std::string> hops{};  // each link followed, "from -> to"
};
inline constexpr int kMaxSymlinkHops = 40;
std::optional<Resolved> resolve(const RootFs& root, const std::string& path, std::string* error = nullptr);

// Reads a small text file (configuration) inside the root, following links; nullopt when it
// does not exist or is not a regular file. Capped at `max_bytes` (an error past it).
Result<std::optional<std::string>> read_text(const RootFs& root, const std::string& path,
                                             uint64_t max_bytes = 1 << 20);

}  // namespace crossgo::rootfs
