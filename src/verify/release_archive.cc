// The binaries inside a release archive (tar.gz, zip, tar.xz, tar.zst … as GoReleaser writes
// them), read with libarchive: each wanted entry is streamed into an anonymous memory file
// (memfd), so inspect reads it with the same bounded preads as any file on disk and nothing is
// written to the file system. Why libarchive: it already reads every archive and compression
// format releases use, with years of fuzzing behind it; hand-written tar/zip/gzip readers would
// be a second, worse copy.
//
// Why dlopen: linked normally, libarchive and the fourteen libraries it needs (libxml2, libcrypto,
// every compressor) are loaded at every start of crossgo — 7 ms, more than inspecting a file, in
// CI loops that run crossgo once per file. Loaded here on first use, only a verify of release
// archives pays for it.
#include "crossgo/release_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace crossgo {
namespace {

constexpr uint64_t kMaxEntrySize = uint64_t{2} << 30;  // one binary inside an archive
constexpr size_t kMaxEntries = 100000;                 // entries looked at

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The libarchive functions used, resolved once from libarchive.so.13 (Debian's libarchive13).
struct LibArchive {
  decltype(&::archive_read_new) read_new = nullptr;
  decltype(&::archive_read_free) read_free = nullptr;
  decltype(&::archive_read_support_filter_all) support_filter_all = nullptr;
  decltype(&::archive_read_support_format_all) support_format_all = nullptr;
  decltype(&::archive_read_open_filename) open_filename = nullptr;
  decltype(&::archive_read_open_memory) open_memory = nullptr;
  decltype(&::archive_read_next_header) next_header = nullptr;
  decltype(&::archive_read_data) read_data = nullptr;
  decltype(&::archive_error_string) error_string = nullptr;
  decltype(&::archive_entry_filetype) entry_filetype = nullptr;
  decltype(&::archive_entry_pathname) entry_pathname = nullptr;
  decltype(&::archive_entry_size) entry_size = nullptr;
  decltype(&::archive_entry_size_is_set) entry_size_is_set = nullptr;
  std::string error;  // why it could not be loaded
};

const LibArchive& lib() {
  static LibArchive l;
  static std::once_flag once;
  std::call_once(once, [] {
    void* h = ::dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* e = ::dlerror();
      l.error = std::string("reading release archives needs libarchive (Debian: libarchive13): ") + (e ? e : "not found");
      return;
    }
    bool ok = true;
    auto get = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(h, name));
      ok = ok && fn != nullptr;
    };
    get(l.read_new, "archive_read_new");
    get(l.read_free, "archive_read_free");
    get(l.support_filter_all, "archive_read_support_filter_all");
    get(l.support_format_all, "archive_read_support_format_all");
    get(l.open_filename, "archive_read_open_filename");
    get(l.open_memory, "archive_read_open_memory");
    get(l.next_header, "archive_read_next_header");
    get(l.read_data, "archive_read_data");
    get(l.error_string, "archive_error_string");
    get(l.entry_filetype, "archive_entry_filetype");
    get(l.entry_pathname, "archive_entry_pathname");
    get(l.entry_size, "archive_entry_size");
    get(l.entry_size_is_set, "archive_entry_size_is_set");
    if (!ok) l.error = "libarchive.so.13 lacks a function crossgo uses";
  });
  return l;
}

std::string error_of(archive* a) {
  const char* e = lib().error_string(a);
  return e != nullptr ? e : "unknown error";
}

struct ArchiveCloser {
  void operator()(archive* a) const { lib().read_free(a); }
};

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

std::unique_ptr<archive, ArchiveCloser> reader() {
  std::unique_ptr<archive, ArchiveCloser> a(lib().read_new());
  lib().support_filter_all(a.get());
  lib().support_format_all(a.get());
  return a;
}

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
