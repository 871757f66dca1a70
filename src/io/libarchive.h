// libarchive, loaded on first use (dlopen of Debian's libarchive.so.13): why dlopen, see
// lib() in libarchive.cc. Shared by the release-archive reader (src/verify/) and the tar and
// image roots of rootfs (src/rootfs/).
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <string>

namespace crossgo::libarchive {

// The libarchive functions crossgo uses; `error` says why they could not be loaded.
struct Api {
  decltype(&::archive_read_new) read_new = nullptr;
  decltype(&::archive_read_free) read_free = nullptr;
  decltype(&::archive_read_support_filter_all) support_filter_all = nullptr;
  decltype(&::archive_read_support_format_all) support_format_all = nullptr;
  decltype(&::archive_read_support_format_tar) support_format_tar = nullptr;
  decltype(&::archive_read_open_filename) open_filename = nullptr;
  decltype(&::archive_read_open_memory) open_memory = nullptr;
  decltype(&::archive_read_open_fd) open_fd = nullptr;
  decltype(&::archive_read_next_header) next_header = nullptr;
  decltype(&::archive_read_data) read_data = nullptr;
  decltype(&::archive_read_data_skip) data_skip = nullptr;
  decltype(&::archive_error_string) error_string = nullptr;
  decltype(&::archive_entry_filetype) entry_filetype = nullptr;
  decltype(&::archive_entry_pathname) entry_pathname = nullptr;
  decltype(&::archive_entry_symlink) entry_symlink = nullptr;
  decltype(&::archive_entry_hardlink) entry_hardlink = nullptr;
  decltype(&::archive_entry_size) entry_size = nullptr;
  decltype(&::archive_entry_size_is_set) entry_size_is_set = nullptr;
  std::string error;
};

const Api& api();

std::string error_of(archive* a);

struct Closer {
  void operator()(archive* a) const { api().read_free(a); }
};
using Reader = std::unique_ptr<archive, Closer>;

// A reader for every format and filter libarchive knows (tar, zip …; gzip, xz, zstd …).
Reader any_format_reader();
// A reader for tar only, with every compression filter: a layer or a root tarball.
Reader tar_reader();

}  // namespace crossgo::libarchive
