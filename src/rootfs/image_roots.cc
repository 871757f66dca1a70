// Roots that are archives or container images, applied into a TreeRoot without unpacking:
//   - a tar of a root filesystem (plain, gzip, xz, zstd … as libarchive reads them);
//   - an OCI image layout (image-spec image-layout.md: "oci-layout", index.json, blobs/<alg>/<hex>),
//     as a directory or inside a tar (`docker save` since Docker 25 writes one);
//   - a `docker save` / `podman save` archive of the older kind (manifest.json listing each
//     image's Config and Layers by member name).
// The manifest is chosen by platform (image-spec image-index.md: os, architecture, variant); its
// layers are applied in order with whiteouts.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "crossgo/platform.h"
#include "rootfs/roots.h"
#include "rootfs/tree_root.h"

namespace crossgo::rootfs {
namespace {

using json = nlohmann::json;
constexpr uint64_t kMaxJsonBytes = 4 << 20;
constexpr int kMaxIndexDepth = 4;

// The files of an image, however they are stored: a directory, or members of a tar kept in
// anonymous memory files.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // A descriptor positioned at the start of the named file (owned by the caller), or -1.
  virtual int open(const std::string& name) const = 0;
  std::optional<json> read_json(const std::string& name, std::string& error) const {
    const int fd = open(name);
    if (fd < 0) {
      error = name + " is missing";
      return std::nullopt;
    }
    std::string text;
    char buf[64 << 10];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
      if (text.size() > kMaxJsonBytes) {
        ::close(fd);
        error = name + " is larger than " + std::to_string(kMaxJsonBytes >> 20) + " MiB";
        return std::nullopt;
      }
    }
    ::close(fd);
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
      error = name + " is not valid JSON";
      return std::nullopt;
    }
    return doc;
  }
};

class DirectoryBlobs final : public BlobStore {
 public:
  explicit DirectoryBlobs(std::string dir) : dir_(std::move(dir)) {}
  int open(const std::string& name) const override {
    if (name.find("..") != std::string::npos) return -1;  // a hostile index must not leave the layout
    return ::open((dir_ + "/" + name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  }

 private:
  std::string dir_;
};

class ArchivedBlobs final : public BlobStore {
 public:
  ~ArchivedBlobs() override {
    for (auto& [name, fd] : files_) ::close(fd);
  }
  std::optional<Error> load(const std::string& path) {
    const auto& api = libarchive::api();
    auto a = libarchive::tar_reader();
    if (api.open_filename(a.get(), path.c_str(), 64 << 10) != ARCHIVE_OK)
      return Error{path + ": " + libarchive::error_of(a.get()), std::nullopt};
    archive_entry* entry = nullptr;
    for (size_t n = 0;; ++n) {
      const int r = api.next_header(a.get(), &entry);
      if (r == ARCHIVE_EOF) break;
      if (r < ARCHIVE_WARN) return Error{path + ": " + libarchive::error_of(a.get()), std::nullopt};
      if (n > 100000) return Error{path + ": more than 100000 entries", std::nullopt};
      const char* pathname = api.entry_pathname(entry);
      if (pathname == nullptr || api.entry_filetype(entry) != AE_IFREG) continue;
      const std::string name = normalise(pathname).substr(1);
      const int fd = memfd_create("crossgo-image-blob", MFD_CLOEXEC);
      if (fd < 0) return Error{path + ": cannot create a memory file", std::nullopt};
      char buf[64 << 10];
      la_ssize_t got = 0;
      while ((got = api.read_data(a.get(), buf, sizeof buf)) > 0) {
        if (::write(fd, buf, static_cast<size_t>(got)) != got) {
          ::close(fd);
          return Error{path + "(" + name + "): cannot keep it in memory", std::nullopt};
        }
      }
      if (got < 0) {
        ::close(fd);
        return Error{path + "(" + name + "): " + libarchive::error_of(a.get()), std::nullopt};
      }
      if (auto old = files_.find(name); old != files_.end()) ::close(old->second);
      files_[name] = fd;
    }
    return std::nullopt;
  }
  int open(const std::string& name) const override {
    const auto it = files_.find(name);
    if (it == files_.end()) return -1;
    const int fd = ::dup(it->second);  // shares the offset: rewind for each reader
    if (fd >= 0) ::lseek(fd, 0, SEEK_SET);
    return fd;
  }
  bool has(const std::string& name) const { return files_.count(name) != 0; }

 private:
  std::map<std::string, int> files_;
};

std::string blob_path(const std::string& digest) {
  const size_t colon = digest.find(':');
  if (colon == std::string::npos) return "";
  return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

std::string platform_of(const json& p) {
  if (!p.is_object()) return "";
  std::string s = p.value("os", "") + "/" + p.value("architecture", "");
  if (p.contains("variant") && p["variant"].is_string()) s += "/" + p["variant"].get<std::string>();
  return s;
}

bool same_platform(const std::string& have, const std::string& want) {
  if (have == want) return true;
  // "linux/arm64" matches "linux/arm64/v8": arm64's only variant is the default one.
  return (have + "/v8" == want) || (want + "/v8" == have);
}

bool is_index_media_type(const std::string& media) {
  return media == "application/vnd.oci.image.index.v1+json" ||
         media == "application/vnd.docker.distribution.manifest.list.v2+json";
}

// The image manifests an index lists, with their platforms, nested indexes followed (an OCI
// layout's index.json often holds one index per tag, which holds the platforms).
bool collect_manifests(const BlobStore& blobs, const json& index, std::vector<std::pair<std::string, json>>& out,
                       std::string& error, int depth) {
  if (depth > kMaxIndexDepth) {
    error = "image indexes nested deeper than " + std::to_string(kMaxIndexDepth);
    return false;
  }
  if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array()) {
    error = "the index has no manifests";
    return false;
  }
  for (const auto& d : index["manifests"]) {
    if (!d.is_object() || !d.contains("digest") || !d["digest"].is_string()) continue;
    if (is_index_media_type(d.value("mediaType", ""))) {
      auto nested = blobs.read_json(blob_path(d["digest"].get<std::string>()), error);
      if (!nested || !collect_manifests(blobs, *nested, out, error, depth + 1)) return false;
      continue;
    }
    const std::string plat = platform_of(d.value("platform", json::object()));
    if (plat == "unknown/unknown") continue;  // attestation manifests (BuildKit)
    out.emplace_back(plat, d);
  }
  return true;
}

// Picks the image manifest for `platform` from an index.
std::optional<json> pick_manifest(const BlobStore& blobs, const json& index, const std::string& platform,
                                  std::string& error) {
  std::vector<std::pair<std::string, json>> candidates;  // platform, descriptor
  if (!collect_manifests(blobs, index, candidates, error, 0)) return std::nullopt;
  const json* chosen = nullptr;
  std::string listed;
  for (const auto& [plat, d] : candidates) {
    listed += (listed.empty() ? "" : ", ") + (plat.empty() || plat == "/" ? std::string("(no platform)") : plat);
    if (!platform.empty() && same_platform(plat, platform) && chosen == nullptr) chosen = &d;
  }
  // "linux/arm" (a file's GOOS/GOARCH says no variant) picks "linux/arm/v7" when it is the only
  // manifest of that OS and architecture.
  if (chosen == nullptr && !platform.empty() && std::count(platform.begin(), platform.end(), '/') == 1) {
    const json* only = nullptr;
    size_t n = 0;
    for (const auto& [plat, d] : candidates) {
      if (plat.starts_with(platform + "/")) {
        only = &d;
        ++n;
      }
    }
    if (n == 1) chosen = only;
  }
  // One manifest and no --platform: that one. One manifest without a platform in the index: the
  // asked platform is checked against its config below.
  if (chosen == nullptr && candidates.size() == 1 && (platform.empty() || candidates.front().first.empty() ||
                                                      candidates.front().first == "/"))
    chosen = &candidates.front().second;
  if (chosen == nullptr) {
    error = platform.empty() ? "the image has several platforms (" + listed + "): pick one with --platform"
                             : "the image has no manifest for " + platform + " (it has " + listed + ")";
    return std::nullopt;
  }
  return blobs.read_json(blob_path((*chosen)["digest"].get<std::string>()), error);
}

std::optional<Error> apply_layer(TreeRoot& tree, const BlobStore& blobs, const std::string& name, int layer) {
  const int fd = blobs.open(name);
  if (fd < 0) return Error{"layer " + name + " is missing", std::nullopt};
  const auto& api = libarchive::api();
  auto a = libarchive::tar_reader();
  if (api.open_fd(a.get(), fd, 64 << 10) != ARCHIVE_OK) {
    ::close(fd);
    return Error{"layer " + name + ": " + libarchive::error_of(a.get()), std::nullopt};
  }
  auto err = tree.apply(a.get(), "layer " + name, layer);
  a.reset();
  ::close(fd);
  return err;
}

Result<std::unique_ptr<RootFs>> from_oci(const BlobStore& blobs, const std::string& where, const std::string& platform) {
  std::string error;
  const auto index = blobs.read_json("index.json", error);
  if (!index) return Error{where + ": " + error, std::nullopt};
  const auto manifest = pick_manifest(blobs, *index, platform, error);
  if (!manifest) return Error{where + ": " + error, std::nullopt};
  if (!manifest->contains("layers") || !(*manifest)["layers"].is_array())
    return Error{where + ": the image manifest has no layers", std::nullopt};
  std::string plat = platform;
  if (manifest->contains("config") && (*manifest)["config"].is_object()) {
    if (auto config = blobs.read_json(blob_path((*manifest)["config"].value("digest", "")), error)) plat = platform_of(*config);
  }
  auto tree = std::make_unique<TreeRoot>("OCI image " + where + (plat.empty() ? "" : " (" + plat + ")"));
  int layer = 1;
  for (const auto& l : (*manifest)["layers"]) {
    if (!l.is_object() || !l.contains("digest") || !l["digest"].is_string()) return Error{where + ": a layer without a digest", std::nullopt};
    if (auto err = apply_layer(*tree, blobs, blob_path(l["digest"].get<std::string>()), layer++)) return *err;
  }
  if (auto err = tree->seal()) return *err;
  return std::unique_ptr<RootFs>(std::move(tree));
}

Result<std::unique_ptr<RootFs>> from_docker_save(const BlobStore& blobs, const std::string& where, const std::string& platform) {
  std::string error;
  const auto manifest = blobs.read_json("manifest.json", error);
  if (!manifest || !manifest->is_array() || manifest->empty())
    return Error{where + ": " + (error.empty() ? "manifest.json lists no image" : error), std::nullopt};
  const json* chosen = nullptr;
  std::string listed;
  for (const auto& image : *manifest) {
    if (!image.is_object()) continue;
    std::string plat;
    if (auto config = blobs.read_json(image.value("Config", ""), error)) plat = platform_of(*config);
    listed += (listed.empty() ? "" : ", ") + plat;
    if (platform.empty() ? manifest->size() == 1 : same_platform(plat, platform)) chosen = &image;
  }
  if (chosen == nullptr) return Error{where + ": no image for " + (platform.empty() ? "one platform (pick with --platform)" : platform) + "; it has " + listed, std::nullopt};
  if (!chosen->contains("Layers") || !(*chosen)["Layers"].is_array()) return Error{where + ": the image lists no Layers", std::nullopt};
  auto tree = std::make_unique<TreeRoot>("docker save archive " + where);
  int layer = 1;
  for (const auto& l : (*chosen)["Layers"]) {
    if (!l.is_string()) return Error{where + ": a layer name that is not a string", std::nullopt};
    if (auto err = apply_layer(*tree, blobs, normalise(l.get<std::string>()).substr(1), layer++)) return *err;
  }
  if (auto err = tree->seal()) return *err;
  return std::unique_ptr<RootFs>(std::move(tree));
}

// Whether a tar holds an image rather than a root filesystem: its first entries say so.
Result<bool> looks_like_image(const std::string& path) {
  const auto& api = libarchive::api();
  auto a = libarchive::tar_reader();
  if (api.open_filename(a.get(), path.c_str(), 64 << 10) != ARCHIVE_OK)
    return Error{path + ": " + libarchive::error_of(a.get()), std::nullopt};
  archive_entry* entry = nullptr;
  for (int n = 0; n < 64; ++n) {
    const int r = api.next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) return Error{path + ": " + libarchive::error_of(a.get()), std::nullopt};
    const char* p = api.entry_pathname(entry);
    if (p == nullptr) continue;
    const std::string name = normalise(p).substr(1);
    if (name == "oci-layout" || name == "index.json" || name == "manifest.json" || name == "repositories" ||
        name.starts_with("blobs/") || name.ends_with("/layer.tar"))
      return true;
    if (name.starts_with("bin") || name.starts_with("etc") || name.starts_with("usr") || name.starts_with("lib")) return false;
  }
  return false;
}

}  // namespace

bool is_oci_layout_dir(const std::string& dir) {
  struct stat st {};
  return ::stat((dir + "/oci-layout").c_str(), &st) == 0 && ::stat((dir + "/index.json").c_str(), &st) == 0;
}

Result<std::unique_ptr<RootFs>> open_oci_layout_dir(const std::string& dir, const std::string& platform) {
  if (!libarchive::api().error.empty()) return Error{dir + ": " + libarchive::api().error, std::nullopt};
  return from_oci(DirectoryBlobs(dir), dir, platform);
}

Result<std::unique_ptr<RootFs>> open_archive_root(const std::string& path, const std::string& platform) {
  if (!libarchive::api().error.empty()) return Error{path + ": " + libarchive::api().error, std::nullopt};
  const auto image = looks_like_image(path);
  if (!image) return image.error();
  if (*image) {
    ArchivedBlobs blobs;
    if (auto err = blobs.load(path)) return *err;
    if (blobs.has("index.json")) return from_oci(blobs, path, platform);
    return from_docker_save(blobs, path, platform);
  }
  const auto& api = libarchive::api();
  auto a = libarchive::tar_reader();
  if (api.open_filename(a.get(), path.c_str(), 64 << 10) != ARCHIVE_OK)
    return Error{path + ": " + libarchive::error_of(a.get()), std::nullopt};
  auto tree = std::make_unique<TreeRoot>("tar archive " + path);
  if (auto err = tree->apply(a.get(), path, 0)) return *err;
  if (auto err = tree->seal()) return *err;
  return std::unique_ptr<RootFs>(std::move(tree));
}

}  // namespace crossgo::rootfs
