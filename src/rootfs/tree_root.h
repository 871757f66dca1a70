// A root filesystem held in memory: the tree of a tar archive or of an image's layers applied in
// order, never unpacked to disk. Directories, links and sizes are kept for every entry; the bytes
// only of the files the loader reads (ELF objects and the loader's configuration), in one
// anonymous memory file so that they do not count as crossgo's heap.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "crossgo/root_fs.h"
#include "io/libarchive.h"

namespace crossgo::rootfs {

class TreeRoot final : public RootFs {
 public:
  explicit TreeRoot(std::string description);
  ~TreeRoot() override;

  // Applies one tar stream (a root tarball or one image layer). With `layer` > 0, OCI whiteouts
  // apply: ".wh.NAME" deletes NAME of the layers below, ".wh..wh..opq" empties its directory of
  // them (image-spec layer.md, "Whiteouts").
  std::optional<Error> apply(archive* a, const std::string& name, int layer);
  // Makes the kept bytes readable; call once, after the last apply().
  std::optional<Error> seal();

  std::string describe() const override { return description_; }
  std::optional<EntryType> lstat(const std::string& path) const override;
  std::optional<std::string> readlink(const std::string& path) const override;
  std::vector<std::string> list(const std::string& path) const override;
  Result<std::unique_ptr<ByteSource>> open(const std::string& path) const override;

  size_t entries() const { return nodes_.size(); }

 private:
  struct Node {
    EntryType type = EntryType::other;
    std::string link;  // symlink target
    bool kept = false; // bytes stored
    uint64_t offset = 0, size = 0;
    int layer = 0;
  };
  void put(const std::string& path, Node node);
  void remove_tree(const std::string& path, int below_layer);
  void ensure_parents(const std::string& path, int layer);
  Result<Node> store(archive* a, const std::string& path, const std::string& name, uint64_t declared_size);

  std::string description_;
  std::map<std::string, Node> nodes_;
  std::map<std::string, std::set<std::string>> children_;
  int store_fd_ = -1;
  uint64_t stored_ = 0;
  std::unique_ptr<ByteSource> store_;  // the memory file, once sealed
};

}  // namespace crossgo::rootfs
