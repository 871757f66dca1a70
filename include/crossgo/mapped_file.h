// Read-only memory mapping of an input file. Parsers only touch the pages they need, so asking
// for an ELF header of a 2 GiB file costs a few pages, not a 2 GiB read.
//
// A mapped file that shrinks while it is read (an artifact still being written, a file replaced
// by a concurrent build) would kill the process with SIGBUS on the first page past its new end.
// Every mapping is therefore registered with a SIGBUS guard that puts a page of zeros there and
// counts the fault, and changed() reports it (and any change of size or modification time), so
// the caller turns the result into a per-file error and every other file is still reported.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "crossgo/error.h"

namespace crossgo {

class MappedFile {
 public:
  static Result<MappedFile> open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const uint8_t> bytes() const { return {data_, size_}; }
  const std::string& path() const { return path_; }

  // Why the file cannot be trusted any more, or nullopt when it is as it was when opened.
  std::optional<std::string> changed() const;

 private:
  MappedFile(std::string path, int fd, const uint8_t* data, uint64_t size, int64_t mtime_ns, int slot)
      : path_(std::move(path)), fd_(fd), data_(data), size_(size), mtime_ns_(mtime_ns), slot_(slot) {}
  void release();

  std::string path_;
  int fd_ = -1;  // kept open so changed() can fstat the very file that was mapped
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  int64_t mtime_ns_ = 0;
  int slot_ = -1;  // SIGBUS guard slot, -1 when not guarded
};

}  // namespace crossgo
