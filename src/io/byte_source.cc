#include "crossgo/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "crossgo/limits.h"
#include "crossgo/hex.h"

namespace crossgo {
namespace {

int64_t mtime_ns(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

std::span<const uint8_t> ByteSource::fetch_checked(uint64_t offset, uint64_t length, uint8_t* out,
                                                   const char* what) {
  const uint64_t got = fetch(offset, length, out);
  if (got != length) {
    mark_truncated();
    throw ParseError(offset, std::string(what) + ": the file ended at " + hex(offset + got) +
                                 " while " + std::to_string(length) + " bytes were read from " + hex(offset) +
                                 " (it is shorter than when it was opened)");
  }
  return {out, length};
}

std::span<const uint8_t> ByteSource::read(uint64_t offset, uint64_t length, const char* what) {
  if (!contains(offset, length)) {
    throw ParseError(offset, std::string(what) + ": " + std::to_string(length) + " bytes at " + hex(offset) +
                                 " do not fit the file (size " + std::to_string(size_) + ")");
  }
  if (length == 0) return {};
  if (auto view = direct(offset, length); !view.empty()) return view;
  if (offset + length <= kHeadBytes && offset + length <= head_size()) return {head_.get() + offset, length};
  if (auto it = held_ranges_.find({offset, length}); it != held_ranges_.end()) return {it->second.get(), length};
  if (length > limits::kMaxHeldBytes - std::min(held_, limits::kMaxHeldBytes)) {
    throw ParseError(offset, std::string(what) + ": reading " + std::to_string(length) + " bytes at " + hex(offset) +
                                 " would hold more than " + std::to_string(limits::kMaxHeldBytes >> 20) +
                                 " MiB of this file in memory");
  }
  auto buf = std::make_unique_for_overwrite<uint8_t[]>(length);  // filled by the read
  fetch_checked(offset, length, buf.get(), what);
  held_ += length;
  const uint8_t* data = buf.get();
  held_ranges_.emplace(std::make_pair(offset, length), std::move(buf));
  return {data, length};
}

// A file cut short before the head was read keeps what it still had: reads inside that are
// served, and the first read past it fails as any short read does (with the file's new end).
uint64_t ByteSource::head_size() {
  if (!head_) {
    const uint64_t n = std::min(size_, kHeadBytes);
    head_ = std::make_unique_for_overwrite<uint8_t[]>(n);
    head_size_ = fetch(0, n, head_.get());
    if (head_size_ != n) mark_truncated();
    held_ += n;
  }
  return head_size_;
}

void ByteSource::read_into(uint64_t offset, uint64_t length, std::vector<uint8_t>& out, const char* what) {
  if (!contains(offset, length)) {
    throw ParseError(offset, std::string(what) + ": " + std::to_string(length) + " bytes at " + hex(offset) +
                                 " do not fit the file (size " + std::to_string(size_) + ")");
  }
  out.resize(length);
  if (length == 0) return;
  if (auto view = direct(offset, length); !view.empty()) {
    std::memcpy(out.data(), view.data(), length);
    return;
  }
  if (offset + length <= kHeadBytes && offset + length <= head_size()) {
    std::memcpy(out.data(), head_.get() + offset, length);
    return;
  }
  fetch_checked(offset, length, out.data(), what);
}

std::span<const uint8_t> ByteSource::read_up_to(uint64_t offset, uint64_t max_length, const char* what) {
  if (offset >= size_) return {};
  return read(offset, std::min(max_length, size_ - offset), what);
}

bool ByteSource::scan(uint64_t offset, uint64_t length, uint64_t overlap, const ScanVisitor& visit,
                      uint64_t window) {
  if (offset >= size_) return false;
  length = std::min(length, size_ - offset);
  if (length == 0) return false;
  if (auto view = direct(offset, length); !view.empty()) return visit(view, offset);
  // A small range (a pclntab's file table, a build info section) is usually searched more than
  // once for different things: read it once and keep it, instead of streaming it again each time.
  if (length <= kScanHoldLimit && held_ + length <= kScanHoldTotal)
    return visit(read(offset, length, "scan"), offset);
  window = std::max(window, overlap + 1);
  if (window_.size() < std::min(window, length)) window_.resize(std::min(window, length));
  uint64_t pos = offset;
  const uint64_t end = offset + length;
  while (pos < end) {
    const uint64_t n = std::min(window, end - pos);
    const auto bytes = fetch_checked(pos, n, window_.data(), "scan");
    if (visit(bytes, pos)) return true;
    if (pos + n >= end) break;
    pos += n - std::min(overlap, n - 1);
  }
  return false;
}

Result<std::unique_ptr<FileSource>> FileSource::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Error{std::string("cannot open: ") + std::strerror(errno), std::nullopt};
  return adopt(fd);
}

Result<std::unique_ptr<FileSource>> FileSource::adopt(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return Error{std::string("cannot stat: ") + std::strerror(e), std::nullopt};
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{"not a regular file", std::nullopt};
  }
  return std::unique_ptr<FileSource>(new FileSource(fd, static_cast<uint64_t>(st.st_size), mtime_ns(st)));
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

uint64_t FileSource::fetch(uint64_t offset, uint64_t length, uint8_t* out) {
  uint64_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd_, out + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<uint64_t>(n);
  }
  return done;
}

std::optional<std::string> FileSource::changed() const {
  struct stat st {};
  if (truncated()) return std::string("a read ended before the end the file had when it was opened");
  if (fstat(fd_, &st) != 0) return std::string("cannot stat it any more: ") + std::strerror(errno);
  if (static_cast<uint64_t>(st.st_size) != size())
    return "its size changed from " + std::to_string(size()) + " to " + std::to_string(st.st_size) + " bytes";
  if (mtime_ns(st) != mtime_ns_) return std::string("it was modified");
  return std::nullopt;
}

std::span<const uint8_t> SliceSource::direct(uint64_t offset, uint64_t length) const {
  return parent_.direct(offset_ + offset, length);
}

uint64_t SliceSource::fetch(uint64_t offset, uint64_t length, uint8_t* out) {
  const uint64_t got = parent_.fetch(offset_ + offset, length, out);
  if (got != length) parent_.mark_truncated();
  return got;
}

}  // namespace crossgo
