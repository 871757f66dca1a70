// Where a format reader's bytes come from. Readers never see a whole-file mapping: they ask for
// the ranges they need (a header, a table, a string table), and the source checks every range
// against the file and hands back bytes that stay valid while the source lives.
//
// Why not mmap: a mapped file that shrinks while it is read (an artifact still being written by a
// concurrent build) faults with SIGBUS on the first page past its new end, and every page touched
// counts towards resident memory. pread into buffers the source owns has neither problem: a short
// read is an error for that file alone ("the file ended at … while reading …"), and what is held
// is exactly what was asked for, under a per-file cap (limits::kMaxHeldBytes).
//
// Large searches (a magic number in a data segment, libc markers) do not hold their bytes: scan()
// streams a range through one reusable window.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/byte_reader.h"
#include "crossgo/error.h"
#include "crossgo/layout.h"

namespace crossgo {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  uint64_t size() const { return size_; }

  bool contains(uint64_t offset, uint64_t length) const {
    return offset <= size_ && length <= size_ - offset;
  }

  // The bytes [offset, offset + length), valid for the lifetime of the source. Throws ParseError
  // at `offset` (naming `what`) when the range is not inside the file, when the file turns out to
  // be shorter than it was when opened, or when the per-file cap on held bytes would be exceeded.
  std::span<const uint8_t> read(uint64_t offset, uint64_t length, const char* what);

  // read() as a bounds-checked, endian-aware reader whose offsets are file offsets minus `offset`
  // (ByteReader::base() is `offset`, so its errors name file offsets).
  ByteReader reader(uint64_t offset, uint64_t length, Endian endian, const char* what) {
    return ByteReader(read(offset, length, what), endian, offset);
  }

  // One on-disk structure at `offset`: one bounds check, fields read by name (see layout.h).
  template <class S>
  StructView<S> get(uint64_t offset, Endian endian, const char* what) {
    static_assert(alignof(S) == 1, "on-disk structures are built from Field<N> byte arrays");
    const auto bytes = read(offset, sizeof(S), what);
    return StructView<S>(reinterpret_cast<const S*>(bytes.data()), endian, offset);
  }

  // Copies [offset, offset + length) into `out` (resized), without holding anything: for walks
  // over large tables (symbols) whose bytes are needed only once. Same checks as read().
  void read_into(uint64_t offset, uint64_t length, std::vector<uint8_t>& out, const char* what);

  // Up to `max_length` bytes from `offset` (fewer at the end of the file; none past it).
  std::span<const uint8_t> read_up_to(uint64_t offset, uint64_t max_length, const char* what);

  // Streams [offset, offset + length) (clamped to the file) through a window of at most
  // `window` bytes; consecutive windows overlap by `overlap` bytes, so a match of up to
  // overlap + 1 bytes is never split between two windows. `visit(bytes, file_offset)` returns true
  // to stop. Returns true when a visit stopped the scan. Nothing is held afterwards.
  using ScanVisitor = std::function<bool(std::span<const uint8_t> bytes, uint64_t file_offset)>;
  bool scan(uint64_t offset, uint64_t length, uint64_t overlap, const ScanVisitor& visit,
            uint64_t window = kScanWindow);

  // Bytes currently held for read() callers (what the per-file cap counts).
  uint64_t held_bytes() const { return held_; }
  // Set once a read found the file shorter than it was at open time.
  bool truncated() const { return truncated_; }

  static constexpr uint64_t kScanWindow = 1 << 20;
  // The first read of a file-backed source reads its first kHeadBytes (or all of a smaller file)
  // in one pread, and every read inside them is served from that block: a format's headers and
  // tables are mostly there, and an archive member or a small library then costs one system call
  // instead of one per structure.
  static constexpr uint64_t kHeadBytes = 64 << 10;
  // Ranges up to this size are read once and held by scan() (see byte_source.cc), while the
  // source holds less than kScanHoldTotal: a wasm module's hundreds of data segments must not
  // all stay resident.
  static constexpr uint64_t kScanHoldLimit = 512 << 10;
  static constexpr uint64_t kScanHoldTotal = 2 << 20;

 protected:
  explicit ByteSource(uint64_t size) : size_(size) {}
  // Memory-backed sources return a view (no copy) from direct(); file-backed ones return an empty
  // span there and fill `out` in fetch(). fetch returns the number of bytes actually read.
  virtual std::span<const uint8_t> direct(uint64_t offset, uint64_t length) const = 0;
  virtual uint64_t fetch(uint64_t offset, uint64_t length, uint8_t* out) = 0;
  void mark_truncated() { truncated_ = true; }

 private:
  friend class SliceSource;  // reads its parent's bytes without holding a second copy
  std::span<const uint8_t> fetch_checked(uint64_t offset, uint64_t length, uint8_t* out, const char* what);
  uint64_t head_size();  // reads the head block on first use

  uint64_t size_ = 0;
  uint64_t held_ = 0;
  bool truncated_ = false;
  // Reads are cached by exact range: readers ask for the same header or string table more than
  // once (section names, then the analyzers), and a second pread would be wasted.
  std::map<std::pair<uint64_t, uint64_t>, std::unique_ptr<uint8_t[]>> held_ranges_;
  std::vector<uint8_t> window_;
  std::unique_ptr<uint8_t[]> head_;  // the first min(size, kHeadBytes) bytes, once read
  uint64_t head_size_ = 0;           // how many of them the file still had
};

// Bytes already in memory (tests, fuzzing, the members of a container read into memory).
class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::span<const uint8_t> bytes) : ByteSource(bytes.size()), bytes_(bytes) {}

 protected:
  std::span<const uint8_t> direct(uint64_t offset, uint64_t length) const override {
    return bytes_.subspan(offset, length);
  }
  uint64_t fetch(uint64_t, uint64_t, uint8_t*) override { return 0; }

 private:
  std::span<const uint8_t> bytes_;
};

// An open file read with pread. The size is taken once, at open; a later short read marks the
// source truncated(), which the caller turns into one error for the file.
class FileSource final : public ByteSource {
 public:
  static Result<std::unique_ptr<FileSource>> open(const std::string& path);
  // Takes ownership of an open descriptor (closed on error too): a file opened with flags of the
  // caller's choosing (O_NOFOLLOW inside a root), or an anonymous memory file.
  static Result<std::unique_ptr<FileSource>> adopt(int fd);
  ~FileSource() override;

  // Why the file cannot be trusted any more (size or modification time changed, or a read came
  // up short), or nullopt when it is as it was when opened.
  std::optional<std::string> changed() const;

 protected:
  std::span<const uint8_t> direct(uint64_t, uint64_t) const override { return {}; }
  uint64_t fetch(uint64_t offset, uint64_t length, uint8_t* out) override;

 private:
  FileSource(int fd, uint64_t size, int64_t mtime_ns) : ByteSource(size), fd_(fd), mtime_ns_(mtime_ns) {}
  int fd_ = -1;
  int64_t mtime_ns_ = 0;
};

// A member of a container (one slice of a fat Mach-O, one member of an ar archive): offsets are
// relative to the member's start, reads go to the parent.
class SliceSource final : public ByteSource {
 public:
  SliceSource(ByteSource& parent, uint64_t offset, uint64_t size)
      : ByteSource(size), parent_(parent), offset_(offset) {}
  uint64_t offset_in_parent() const { return offset_; }

 protected:
  std::span<const uint8_t> direct(uint64_t offset, uint64_t length) const override;
  uint64_t fetch(uint64_t offset, uint64_t length, uint8_t* out) override;

 private:
  ByteSource& parent_;
  uint64_t offset_ = 0;
};

}  // namespace crossgo
