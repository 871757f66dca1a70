// The binaries inside a release archive (tar.gz, zip, tar.xz, tar.zst … as GoReleaser writes
// them), read with libarchive: each wanted entry is streamed into an anonymous memory file
// (memfd), so inspect reads it with the same bounded preads as any file on disk and nothing is
// written to the file system. libarchive and why it is
// loaded on first use: src/io/libarchive.h.
#include "crossgo/release_archive.h"

#include "io/libarchive.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

namespace crossgo {
namespace {

constexpr uint64_t kMaxEntrySize = uint64_t{2} << 30;  // one binary inside an archive
constexpr size_t kMaxEntries = 100000;                 // entries looked at

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

using libarchive::error_of;
const libarchive::Api& lib() { return libarchive::api(); }

Result<std::vector<ArchivedFile>> read_entries(archive* a, const std::string& name,
                                               const std::vector<std::string>& wanted,
                                               const std::function<void(const ArchivedFile&, int fd)>& visit) {
  std::vector<ArchivedFile> out;
  archive_entry* entry = nullptr;
  for (size_t n = 0;; ++n) {
    const int r = lib().next_header(a, &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) return Error{name + ": " + error_of(a), std::nullopt};
    if (n >= kMaxEntries) return Error{name + ": more than " + std::to_string(kMaxEntries) + " entries", std::nullopt};
    if (lib().entry_filetype(entry) != AE_IFREG) continue;
    const char* pathname = lib().entry_pathname(entry);
    if (pathname == nullptr) continue;
    const std::string path = pathname;
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), base_name(path)) == wanted.end()) continue;
    const la_int64_t size = lib().entry_size(entry);
    if (lib().entry_size_is_set(entry) && (size < 0 || static_cast<uint64_t>(size) > kMaxEntrySize))
      return Error{name + "(" + path + "): entry larger than " + std::to_string(kMaxEntrySize >> 30) + " GiB", std::nullopt};
    const int fd = memfd_create("crossgo-archive-entry", MFD_CLOEXEC);
    if (fd < 0) return Error{name + ": cannot create a memory file for " + path, std::nullopt};
    uint64_t written = 0;
    bool ok = true;
    std::string why;
    char buf[64 << 10];
    for (;;) {
      const la_ssize_t got = lib().read_data(a, buf, sizeof buf);
      if (got == 0) break;
      if (got < 0) {
        ok = false;
        why = error_of(a);
        break;
      }
      written += static_cast<uint64_t>(got);
      if (written > kMaxEntrySize || ::write(fd, buf, static_cast<size_t>(got)) != got) {
        ok = false;
        why = written > kMaxEntrySize ? "entry larger than its cap" : "cannot buffer the entry";
        break;
      }
    }
    ArchivedFile f{path, written};
    if (ok) visit(f, fd);
    ::close(fd);
    if (!ok) return Error{name + "(" + path + "): " + why, std::nullopt};
    out.push_back(std::move(f));
  }
  return out;
}

libarchive::Reader reader() { return libarchive::any_format_reader(); }

}  // namespace

Result<std::vector<ArchivedFile>> for_each_archived_file(const std::string& path, const std::vector<std::string>& wanted,
                                                         const std::function<void(const ArchivedFile&, int fd)>& visit) {
  if (!lib().error.empty()) return Error{path + ": " + lib().error, std::nullopt};
  auto a = reader();
  if (lib().open_filename(a.get(), path.c_str(), 64 << 10) != ARCHIVE_OK) return Error{path + ": " + error_of(a.get()), std::nullopt};
  return read_entries(a.get(), path, wanted, visit);
}

Result<std::vector<ArchivedFile>> for_each_archived_file_in_memory(
    std::span<const uint8_t> bytes, const std::vector<std::string>& wanted,
    const std::function<void(const ArchivedFile&, int fd)>& visit) {
  if (!lib().error.empty()) return Error{"archive: " + lib().error, std::nullopt};
  auto a = reader();
  if (lib().open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    return Error{"archive: " + error_of(a.get()), std::nullopt};
  return read_entries(a.get(), "archive", wanted, visit);
}

}  // namespace crossgo
