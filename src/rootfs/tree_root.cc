#include "rootfs/tree_root.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

namespace crossgo::rootfs {
namespace {

constexpr size_t kMaxEntries = 2'000'000;          // entries of all layers together
constexpr uint64_t kMaxStored = uint64_t{4} << 30;  // bytes kept (ELF objects, configuration)
constexpr uint64_t kMaxEntrySize = uint64_t{2} << 30;

std::string parent_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Built by appending: GCC 12's -Wrestrict misfires at -O3 on `"/" + std::string` chains.
std::string child_of(const std::string& dir, std::string_view name) {
  std::string out = dir;
  if (out != "/") out += '/';
  out += name;
  return out;
}

// The loader's configuration, which is read as text: kept whatever its first bytes are.
bool is_config(const std::string& path) {
  return path == "/etc/ld.so.cache" || path == "/etc/ld.so.conf" || path.starts_with("/etc/ld.so.conf.d/") ||
         (path.starts_with("/etc/ld-musl-") && path.ends_with(".path")) || path == "/var/run/ld-elf.so.hints" ||
         path == "/etc/os-release" || path == "/usr/lib/os-release";
}

}  // namespace

TreeRoot::TreeRoot(std::string description) : description_(std::move(description)) {
  nodes_["/"] = Node{EntryType::directory, "", false, 0, 0, 0};
}

TreeRoot::~TreeRoot() {
  if (store_fd_ >= 0) ::close(store_fd_);
}

void TreeRoot::ensure_parents(const std::string& path, int layer) {
  for (std::string dir = parent_of(path); dir != "/"; dir = parent_of(dir)) {
    auto it = nodes_.find(dir);
    if (it != nodes_.end() && it->second.type == EntryType::directory) break;
    if (it != nodes_.end()) remove_tree(dir, layer + 1);  // a file where a directory now is
    nodes_[dir] = Node{EntryType::directory, "", false, 0, 0, layer};
    children_[parent_of(dir)].insert(base_of(dir));
  }
}

void TreeRoot::put(const std::string& path, Node node) {
  if (path == "/") return;
  ensure_parents(path, node.layer);
  auto it = nodes_.find(path);
  if (it != nodes_.end() && it->second.type == EntryType::directory && node.type == EntryType::directory) {
    it->second.layer = node.layer;  // the same directory again (a later layer): its contents stay
    return;
  }
  if (it != nodes_.end()) remove_tree(path, node.layer + 1);
  nodes_[path] = std::move(node);
  children_[parent_of(path)].insert(base_of(path));
}

void TreeRoot::remove_tree(const std::string& path, int below_layer) {
  // Everything at or under `path` that came from a layer below `below_layer`.
  std::vector<std::string> doomed;
  const std::string prefix = path == "/" ? "/" : path + "/";
  if (path != "/") {
    auto it = nodes_.find(path);
    if (it != nodes_.end() && it->second.layer < below_layer) doomed.push_back(path);
  }
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix); ++it) {
    if (it->second.layer < below_layer) doomed.push_back(it->first);
  }
  for (const auto& p : doomed) {
    nodes_.erase(p);
    children_.erase(p);
    auto parent = children_.find(parent_of(p));
    if (parent != children_.end()) parent->second.erase(base_of(p));
  }
}

Result<TreeRoot::Node> TreeRoot::store(archive* a, const std::string& path, const std::string& name,
                                       uint64_t declared_size) {
  const auto& api = libarchive::api();
  Node node{EntryType::regular, "", false, 0, declared_size, 0};
  char buf[64 << 10];
  la_ssize_t got = api.read_data(a, buf, sizeof buf);
  if (got < 0) return Error{name + "(" + path + "): " + libarchive::error_of(a), std::nullopt};
  const bool elf = got >= 4 && std::memcmp(buf, "\x7f" "ELF", 4) == 0;
  if (!elf && !is_config(path)) return node;  // not read by any loader: its bytes are skipped
  if (store_fd_ < 0) {
    store_fd_ = memfd_create("crossgo-rootfs", MFD_CLOEXEC);
    if (store_fd_ < 0) return Error{std::string("cannot create a memory file: ") + std::strerror(errno), std::nullopt};
  }
  node.kept = true;
  node.offset = stored_;
  uint64_t size = 0;
  while (got > 0) {
    size += static_cast<uint64_t>(got);
    if (size > kMaxEntrySize || stored_ + size > kMaxStored)
      return Error{name + "(" + path + "): the ELF files of this root exceed " + std::to_string(kMaxStored >> 30) + " GiB", std::nullopt};
    for (la_ssize_t done = 0; done < got;) {
      const ssize_t w = ::pwrite(store_fd_, buf + done, static_cast<size_t>(got - done),
                                 static_cast<off_t>(node.offset + size - static_cast<uint64_t>(got - done)));
      if (w <= 0) return Error{name + ": cannot keep " + path + " in memory: " + std::strerror(errno), std::nullopt};
      done += w;
    }
    got = api.read_data(a, buf, sizeof buf);
  }
  if (got < 0) return Error{name + "(" + path + "): " + libarchive::error_of(a), std::nullopt};
  node.size = size;
  stored_ += size;
  return node;
}

std::optional<Error> TreeRoot::apply(archive* a, const std::string& name, int layer) {
  const auto& api = libarchive::api();
  archive_entry* entry = nullptr;
  for (;;) {
    const int r = api.next_header(a, &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) return Error{name + ": " + libarchive::error_of(a), std::nullopt};
    if (nodes_.size() >= kMaxEntries) return Error{name + ": more than " + std::to_string(kMaxEntries) + " entries", std::nullopt};
    const char* pathname = api.entry_pathname(entry);
    if (pathname == nullptr) continue;
    const std::string path = normalise(pathname);
    const std::string base = base_of(path);
    if (layer > 0 && base.starts_with(".wh.")) {
      if (base == ".wh..wh..opq") remove_tree(parent_of(path), layer);
      else remove_tree(child_of(parent_of(path), std::string_view(base).substr(4)), layer);
      children_[parent_of(path)];  // the directory itself stays
      continue;
    }
    Node node;
    node.layer = layer;
    const char* hard = api.entry_hardlink(entry);
    if (hard != nullptr) {
      auto it = nodes_.find(normalise(hard));
      if (it == nodes_.end()) continue;  // a link to nothing earlier in the stream: dropped, as tar does
      node = it->second;
      node.layer = layer;
      put(path, std::move(node));
      continue;
    }
    switch (api.entry_filetype(entry)) {
      case AE_IFDIR: node.type = EntryType::directory; break;
      case AE_IFLNK: {
        node.type = EntryType::symlink;
        const char* target = api.entry_symlink(entry);
        node.link = target != nullptr ? target : "";
        break;
      }
      case AE_IFREG: {
        const la_int64_t size = api.entry_size(entry);
        auto stored = store(a, path, name, size > 0 ? static_cast<uint64_t>(size) : 0);
        if (!stored) return stored.error();
        node = *stored;
        node.layer = layer;
        break;
      }
      default: node.type = EntryType::other; break;
    }
    put(path, std::move(node));
  }
  return std::nullopt;
}

std::optional<Error> TreeRoot::seal() {
  if (store_fd_ < 0) return std::nullopt;
  const int fd = ::dup(store_fd_);
  if (fd < 0) return Error{"cannot reopen the memory file", std::nullopt};
  auto source = FileSource::adopt(fd);
  if (!source) return source.error();
  store_ = std::move(*source);
  return std::nullopt;
}

std::optional<EntryType> TreeRoot::lstat(const std::string& path) const {
  const auto it = nodes_.find(path);
  if (it == nodes_.end()) return std::nullopt;
  return it->second.type;
}

std::optional<std::string> TreeRoot::readlink(const std::string& path) const {
  const auto it = nodes_.find(path);
  if (it == nodes_.end() || it->second.type != EntryType::symlink) return std::nullopt;
  return it->second.link;
}

std::vector<std::string> TreeRoot::list(const std::string& path) const {
  const auto it = children_.find(path);
  if (it == children_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

Result<std::unique_ptr<ByteSource>> TreeRoot::open(const std::string& path) const {
  const auto it = nodes_.find(path);
  if (it == nodes_.end() || it->second.type != EntryType::regular) return Error{path + ": not a regular file", std::nullopt};
  const Node& n = it->second;
  if (!n.kept) return Error{path + ": not an ELF file (its bytes were not kept)", std::nullopt};
  if (!store_) return Error{path + ": the root was not sealed", std::nullopt};
  return std::unique_ptr<ByteSource>(std::make_unique<SliceSource>(*store_, n.offset, n.size));
}

}  // namespace crossgo::rootfs
