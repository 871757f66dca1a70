// FakeRootFs: an in-memory RootFs for the loader-configuration tests (regular files, directories
// and symbolic links by absolute path).
//
// TEMPORARY: until src/rootfs/root_fs.cc provides them, this header also defines minimal FAKE
// rootfs::normalise, resolve and read_text, so that the tests link. They are weak symbols: once
// the real ones are in libcrossgo, the real ones win at link time (and these should be deleted).
// Include this header in one test file only.
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

// ---- TEMPORARY FAKE implementations of root_fs.h's free functions (see above) ----------------
namespace crossgo::rootfs {

__attribute__((weak)) std::string normalise(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view c = path.substr(pos, end - pos);
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!c.empty() && c != ".") {
      parts.push_back(c);
    }
    pos = end + 1;
  }
  std::string out;
  for (auto c : parts) {
    out += '/';
    out += c;
  }
  return out.empty() ? "/" : out;
}

__attribute__((weak)) std::optional<Resolved> resolve(const RootFs& root, const std::string& path, std::string* error) {
  std::deque<std::string> todo;
  auto push_front = [&](std::string_view p) {
    std::vector<std::string> comps;
    size_t pos = 0;
    while (pos <= p.size()) {
      size_t end = p.find('/', pos);
      if (end == std::string_view::npos) end = p.size();
      if (end > pos) comps.emplace_back(p.substr(pos, end - pos));
      pos = end + 1;
    }
    todo.insert(todo.begin(), comps.begin(), comps.end());
  };
  push_front(path);
  Resolved r{"/", EntryType::directory, {}};
  while (!todo.empty()) {
    const std::string c = todo.front();
    todo.pop_front();
    if (c == ".") continue;
    if (c == "..") {
      r.path = normalise(r.path + "/..");
      continue;
    }
    if (r.type != EntryType::directory) {
      if (error) *error = r.path + " is not a directory";
      return std::nullopt;
    }
    std::string next = r.path == "/" ? std::string() : r.path;  // appended: GCC 12 -Wrestrict
    next += '/';
    next += c;
    const auto type = root.lstat(next);
    if (!type) {
      if (error) *error = next + " does not exist";
      return std::nullopt;
    }
    if (*type == EntryType::symlink) {
      if (r.hops.size() >= kMaxSymlinkHops) {
        if (error) *error = "too many levels of symbolic links";
        return std::nullopt;
      }
      const std::string target = root.readlink(next).value_or("");
      r.hops.push_back(next + " -> " + target);
      if (!target.empty() && target[0] == '/') r.path = "/";
      push_front(target);
      r.type = EntryType::directory;
      continue;
    }
    r.path = next;
    r.type = *type;
  }
  return r;
}

__attribute__((weak)) Result<std::optional<std::string>> read_text(const RootFs& root, const std::string& path,
                                                                 uint64_t max_bytes) {
  const auto r = resolve(root, path);
  if (!r || r->type != EntryType::regular) return std::optional<std::string>{};
  auto src = root.open(r->path);
  if (!src) return src.error();
  if ((*src)->size() > max_bytes) return Error{path + " is larger than " + std::to_string(max_bytes) + " bytes", {}};
  const auto bytes = (*src)->read(0, (*src)->size(), "text");
  return std::optional<std::string>(std::string(bytes.begin(), bytes.end()));
}

}  // namespace crossgo::rootfs
