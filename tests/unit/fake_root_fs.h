// FakeRootFs: an in-memory RootFs for the loader-configuration tests (regular files, directories
// and symbolic links by absolute path); paths through it are resolved by the real
// rootfs::resolve (src/rootfs/root_fs.cc).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/root_fs.h"

namespace crossgo::testing {

class FakeRootFs final : public rootfs::RootFs {
 public:
  FakeRootFs() { nodes_["/"] = Node{rootfs::EntryType::directory, {}}; }

  // Adds a file (and its parent directories).
  void file(const std::string& path, std::string_view text) { add(path, rootfs::EntryType::regular, std::string(text)); }
  void dir(const std::string& path) { add(path, rootfs::EntryType::directory, {}); }
  void link(const std::string& path, const std::string& target) { add(path, rootfs::EntryType::symlink, target); }

  std::string describe() const override { return "fake root"; }
  std::optional<rootfs::EntryType> lstat(const std::string& path) const override {
    auto it = nodes_.find(path);
    if (it == nodes_.end()) return std::nullopt;
    return it->second.type;
  }
  std::optional<std::string> readlink(const std::string& path) const override {
    auto it = nodes_.find(path);
    if (it == nodes_.end() || it->second.type != rootfs::EntryType::symlink) return std::nullopt;
    return it->second.data;
  }
  std::vector<std::string> list(const std::string& path) const override {
    std::vector<std::string> out;
    const std::string prefix = path == "/" ? "/" : path + "/";
    for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      const std::string rest = it->first.substr(prefix.size());
      if (!rest.empty() && rest.find('/') == std::string::npos) out.push_back(rest);
    }
    return out;  // std::map order: sorted
  }
  Result<std::unique_ptr<ByteSource>> open(const std::string& path) const override {
    auto it = nodes_.find(path);
    if (it == nodes_.end() || it->second.type != rootfs::EntryType::regular) return Error{"not a regular file: " + path, {}};
    const auto& d = it->second.data;
    return std::unique_ptr<ByteSource>(
        std::make_unique<MemorySource>(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(d.data()), d.size())));
  }

 private:
  struct Node {
    rootfs::EntryType type;
    std::string data;  // file contents or link target
  };
  void add(const std::string& path, rootfs::EntryType type, std::string data) {
    for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1))
      nodes_.emplace(path.substr(0, slash), Node{rootfs::EntryType::directory, {}});
    nodes_[path] = Node{type, std::move(data)};
  }
  std::map<std::string, Node> nodes_;
};

}  // namespace crossgo::testing
