// Why libarchive: it already reads every archive and compression format releases and images use
// (tar, zip; gzip, xz, zstd, bzip2), with years of fuzzing behind it; hand-written tar/zip/gzip
// readers would be a second, worse copy.
//
// Why dlopen: linked normally, libarchive and the fourteen libraries it needs (libxml2, libcrypto,
// every compressor) are loaded at every start of crossgo — 7 ms, more than inspecting a file, in
// CI loops that run crossgo once per file. Loaded here on first use, only commands that read
// archives pay for it.
#include "io/libarchive.h"

#include <dlfcn.h>

#include <mutex>
#include <type_traits>

namespace crossgo::libarchive {

const Api& api() {
  static Api l;
  static std::once_flag once;
  std::call_once(once, [] {
    void* h = ::dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* e = ::dlerror();
      l.error = std::string("reading archives needs libarchive (Debian: libarchive13): ") + (e ? e : "not found");
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
    get(l.support_format_tar, "archive_read_support_format_tar");
    get(l.open_filename, "archive_read_open_filename");
    get(l.open_memory, "archive_read_open_memory");
    get(l.open_fd, "archive_read_open_fd");
    get(l.next_header, "archive_read_next_header");
    get(l.read_data, "archive_read_data");
    get(l.data_skip, "archive_read_data_skip");
    get(l.error_string, "archive_error_string");
    get(l.entry_filetype, "archive_entry_filetype");
    get(l.entry_pathname, "archive_entry_pathname");
    get(l.entry_symlink, "archive_entry_symlink");
    get(l.entry_hardlink, "archive_entry_hardlink");
    get(l.entry_size, "archive_entry_size");
    get(l.entry_size_is_set, "archive_entry_size_is_set");
    if (!ok) l.error = "libarchive.so.13 lacks a function crossgo uses";
  });
  return l;
}

std::string error_of(archive* a) {
  const char* e = api().error_string(a);
  return e != nullptr ? e : "unknown error";
}

Reader any_format_reader() {
  Reader a(api().read_new());
  api().support_filter_all(a.get());
  api().support_format_all(a.get());
  return a;
}

Reader tar_reader() {
  Reader a(api().read_new());
  api().support_filter_all(a.get());
  api().support_format_tar(a.get());
  return a;
}

}  // namespace crossgo::libarchive
