// The I/O layer under every reader (include/crossgo/byte_source.h): bounds-checked reads that name
// file offsets, the per-file cap on held bytes, streamed scans through a reusable window, and files
// that shrink while they are read (a short pread is an error for that file, never a crash).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/elf_constants.h"
#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "crossgo/report.h"
#include "elf_builder.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

Bytes counting(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 7 + 3);
  return b;
}

// A temporary file, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const Bytes& contents) {
    static int counter = 0;
    path_ = (fs::temp_directory_path() /
             ("crossgo-bs-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0);
    size_t done = 0;
    while (done < contents.size()) {
      const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    EXPECT_EQ(done, contents.size());
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }
  void truncate_to(uint64_t size) const { ASSERT_EQ(::truncate(path_.c_str(), static_cast<off_t>(size)), 0); }

 private:
  std::string path_;
};

std::unique_ptr<FileSource> open_file(const std::string& path) {
  auto f = FileSource::open(path);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().to_string());
  return f.ok() ? std::move(*f) : nullptr;
}

// Runs `f`, expecting a ParseError at `offset` whose message contains every one of `parts`.
template <class F>
void expect_parse_error(F&& f, uint64_t offset, std::initializer_list<std::string_view> parts) {
  try {
    f();
    ADD_FAILURE() << "no ParseError";
  } catch (const ParseError& e) {
    const Error err = e.error();
    ASSERT_TRUE(err.offset.has_value());
    EXPECT_EQ(*err.offset, offset) << err.message;
    for (auto p : parts) EXPECT_NE(err.message.find(p), std::string::npos) << err.message << "\nmissing: " << p;
  }
}

TEST(MemorySource, ReadsAreViewsAndBoundsErrorsNameOffsets) {
  const Bytes bytes = counting(64);
  MemorySource src(bytes);
  EXPECT_EQ(src.size(), 64u);
  const auto r = src.read(8, 16, "thing");
  ASSERT_EQ(r.size(), 16u);
  EXPECT_EQ(r.data(), bytes.data() + 8);  // no copy
  EXPECT_EQ(src.held_bytes(), 0u);
  EXPECT_TRUE(src.read(64, 0, "empty at the end").empty());
  EXPECT_TRUE(src.contains(0, 64));
  EXPECT_FALSE(src.contains(1, 64));
  EXPECT_FALSE(src.contains(UINT64_MAX, 2));  // no wrap-around
  EXPECT_FALSE(src.contains(65, 0));
  expect_parse_error([&] { src.read(60, 8, "thing"); }, 60, {"thing", "8 bytes at 0x3c", "do not fit", "size 64"});
  expect_parse_error([&] { src.read(UINT64_MAX - 1, 4, "far"); }, UINT64_MAX - 1, {"far", "0xfffffffffffffffe"});
  // read_up_to clamps to the end and gives nothing past it.
  EXPECT_EQ(src.read_up_to(60, 100, "tail").size(), 4u);
  EXPECT_TRUE(src.read_up_to(64, 100, "past").empty());
  EXPECT_TRUE(src.read_up_to(1000, 100, "past").empty());
  // reader(): file offsets in errors.
  const ByteReader rd = src.reader(32, 8, Endian::little, "words");
  EXPECT_EQ(rd.base(), 32u);
  EXPECT_EQ(rd.u8(0), bytes[32]);
  try {
    (void)rd.u32(6);
    ADD_FAILURE() << "no ParseError";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.error().offset, 38u) << e.what();
  }
}

TEST(MemorySource, ReadIntoCopiesAndChecks) {
  const Bytes bytes = counting(32);
  MemorySource src(bytes);
  Bytes out(3, 0xaa);
  src.read_into(4, 10, out, "copy");
  EXPECT_EQ(out, Bytes(bytes.begin() + 4, bytes.begin() + 14));
  src.read_into(32, 0, out, "nothing");
  EXPECT_TRUE(out.empty());
  expect_parse_error([&] { src.read_into(30, 3, out, "copy"); }, 30, {"copy", "3 bytes at 0x1e", "size 32"});
}

TEST(FileSource, ReadsHoldsAndCachesRanges) {
  constexpr uint64_t kHead = ByteSource::kHeadBytes;
  const Bytes bytes = counting(kHead + 10000);
  TempFile f(bytes);
  auto src = open_file(f.path());
  ASSERT_TRUE(src);
  EXPECT_EQ(src->size(), kHead + 10000);
  // A read inside the head reads (and holds) the whole head once; later ones are views into it.
  const auto a = src->read(100, 200, "a");
  EXPECT_EQ(Bytes(a.begin(), a.end()), Bytes(bytes.begin() + 100, bytes.begin() + 300));
  EXPECT_EQ(src->held_bytes(), kHead);
  const auto b = src->read(kHead - 8, 8, "head end");
  EXPECT_EQ(b.data(), a.data() - 100 + (kHead - 8));
  EXPECT_EQ(src->held_bytes(), kHead);
  // Past the head (or across its end), each range is read once and held by itself.
  const auto c = src->read(kHead - 4, 200, "across");
  EXPECT_EQ(Bytes(c.begin(), c.end()), Bytes(bytes.begin() + kHead - 4, bytes.begin() + kHead + 196));
  EXPECT_EQ(src->held_bytes(), kHead + 200);
  const auto again = src->read(kHead - 4, 200, "across");
  EXPECT_EQ(again.data(), c.data());  // the same range is not read (or held) twice
  EXPECT_EQ(src->held_bytes(), kHead + 200);
  // read_into holds nothing.
  Bytes out;
  src->read_into(kHead + 5000, 4000, out, "walk");
  EXPECT_EQ(out, Bytes(bytes.begin() + kHead + 5000, bytes.begin() + kHead + 9000));
  src->read_into(10, 20, out, "walk in the head");
  EXPECT_EQ(out, Bytes(bytes.begin() + 10, bytes.begin() + 30));
  EXPECT_EQ(src->held_bytes(), kHead + 200);
  expect_parse_error([&] { src->read(kHead + 9999, 2, "edge"); }, kHead + 9999, {"edge", "2 bytes at 0x1270f", "size 75536"});
  EXPECT_FALSE(src->truncated());
  EXPECT_FALSE(src->changed().has_value());
  // Structures by name through get<S>() (see layout_test.cc for the views themselves).
  struct Pair {
    F32 a;
    F32 b;
  };
  const auto p = src->get<Pair>(16, Endian::big, "pair");
  EXPECT_EQ(p.offset(), 16u);
  EXPECT_EQ(p[p->a], uint64_t{bytes[16]} << 24 | uint64_t{bytes[17]} << 16 | uint64_t{bytes[18]} << 8 | bytes[19]);
  EXPECT_EQ(p.at(p->b), 20u);
}

TEST(FileSource, OpenErrors) {
  auto missing = FileSource::open("/nonexistent/crossgo/file");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot open"), std::string::npos) << missing.error().message;
  auto dir = FileSource::open(fs::temp_directory_path().string());
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message, "not a regular file");
}

TEST(FileSource, HeldBytesAreCapped) {
  // A sparse file a little larger than the cap: reads fine up to the cap, then refused with the
  // offset; ranges already held do not count twice, and read_into never counts.
  TempFile f(Bytes{});
  f.truncate_to(limits::kMaxHeldBytes + (2 << 20));
  auto src = open_file(f.path());
  ASSERT_TRUE(src);
  const uint64_t half = limits::kMaxHeldBytes / 2;
  EXPECT_EQ(src->read(0, half, "first half").size(), half);
  EXPECT_EQ(src->read(half, half, "second half").size(), half);
  EXPECT_EQ(src->held_bytes(), limits::kMaxHeldBytes);
  EXPECT_EQ(src->read(0, half, "first half again").size(), half);  // cached
  expect_parse_error([&] { src->read(limits::kMaxHeldBytes, 1, "one more"); }, limits::kMaxHeldBytes,
                     {"one more", "would hold more than 24 MiB"});
  Bytes out;
  src->read_into(limits::kMaxHeldBytes, 1 << 20, out, "streamed");
  EXPECT_EQ(out.size(), 1u << 20);
  EXPECT_EQ(src->held_bytes(), limits::kMaxHeldBytes);
  // One read larger than the cap is refused outright.
  auto fresh = open_file(f.path());
  expect_parse_error([&] { fresh->read(0, limits::kMaxHeldBytes + 1, "huge"); }, 0, {"huge", "would hold more"});
  EXPECT_EQ(fresh->held_bytes(), 0u);
}

// Larger than any range scan() may read whole instead of streaming it, so these tests see windows.
constexpr uint64_t kStreamed = 1 << 20;

// Records every window a scan visits.
struct Windows {
  std::vector<std::pair<uint64_t, uint64_t>> seen;  // file offset, length
  ByteSource::ScanVisitor record() {
    return [this](std::span<const uint8_t> b, uint64_t at) {
      seen.emplace_back(at, b.size());
      return false;
    };
  }
};

TEST(ByteSourceScan, WindowsOverlapAndCoverTheRange) {
  const Bytes bytes = counting(kStreamed + 1000);
  TempFile f(bytes);
  auto src = open_file(f.path());
  ASSERT_TRUE(src);
  Windows w;
  bool contents_match = true;
  EXPECT_FALSE(src->scan(100, kStreamed, 10, [&](std::span<const uint8_t> b, uint64_t at) {
    w.seen.emplace_back(at, b.size());
    contents_match = contents_match && std::memcmp(b.data(), bytes.data() + at, b.size()) == 0;
    return false;
  }, 4096));
  EXPECT_TRUE(contents_match);
  ASSERT_GT(w.seen.size(), 200u);
  EXPECT_EQ(w.seen.front().first, 100u);
  for (size_t i = 0; i < w.seen.size(); ++i) {
    EXPECT_LE(w.seen[i].second, 4096u);
    if (i + 1 < w.seen.size()) {
      EXPECT_EQ(w.seen[i].second, 4096u);
      EXPECT_EQ(w.seen[i + 1].first, w.seen[i].first + 4096 - 10) << i;  // overlap of 10 bytes
    }
  }
  EXPECT_EQ(w.seen.back().first + w.seen.back().second, 100 + kStreamed);
  EXPECT_EQ(src->held_bytes(), 0u);  // nothing held afterwards

  // A visit returning true stops the scan.
  int visits = 0;
  EXPECT_TRUE(src->scan(0, kStreamed, 0, [&](std::span<const uint8_t>, uint64_t) { return ++visits == 3; }, 4096));
  EXPECT_EQ(visits, 3);

  // Clamped to the file; nothing past it.
  Windows tail;
  EXPECT_FALSE(src->scan(bytes.size() - 10, 1000, 4, tail.record(), 64));
  ASSERT_EQ(tail.seen.size(), 1u);
  EXPECT_EQ(tail.seen[0], std::make_pair(uint64_t{bytes.size() - 10}, uint64_t{10}));
  Windows none;
  EXPECT_FALSE(src->scan(bytes.size(), 10, 4, none.record(), 64));
  EXPECT_FALSE(src->scan(bytes.size() + 5000, 10, 4, none.record(), 64));
  EXPECT_TRUE(none.seen.empty());

  // A memory source hands over the whole range at once.
  MemorySource mem(bytes);
  Windows whole;
  EXPECT_FALSE(mem.scan(100, kStreamed, 10, whole.record(), 64));
  ASSERT_EQ(whole.seen.size(), 1u);
  EXPECT_EQ(whole.seen[0], std::make_pair(uint64_t{100}, kStreamed));
}

TEST(ByteSourceScan, NeedleStraddlingAWindowBoundaryIsFound) {
  const std::string needle = "NEEDLE-0123";
  for (uint64_t at : {60u, 55u, 54u, 53u, 100u, 107u}) {  // around the first boundaries of 64-byte windows
    SCOPED_TRACE(at);
    Bytes bytes(kStreamed + 400, '.');
    std::memcpy(bytes.data() + at, needle.data(), needle.size());
    TempFile f(bytes);
    auto src = open_file(f.path());
    ASSERT_TRUE(src);
    std::vector<uint64_t> found;
    const bool stopped = src->scan(
        0, bytes.size(), needle.size() - 1,
        [&](std::span<const uint8_t> b, uint64_t off) {
          const std::string_view hay(reinterpret_cast<const char*>(b.data()), b.size());
          for (size_t i = hay.find(needle); i != std::string_view::npos; i = hay.find(needle, i + 1)) {
            found.push_back(off + i);
            return true;
          }
          return false;
        },
        64);
    EXPECT_TRUE(stopped);
    EXPECT_EQ(found, std::vector<uint64_t>{at});
  }
  // Without the overlap, a needle across the boundary at 64 is missed: the overlap is what finds it.
  Bytes bytes(kStreamed + 200, '.');
  std::memcpy(bytes.data() + 60, needle.data(), needle.size());
  TempFile f(bytes);
  auto src = open_file(f.path());
  bool hit = false;
  src->scan(0, bytes.size(), 0, [&](std::span<const uint8_t> b, uint64_t) {
    hit = hit || std::string_view(reinterpret_cast<const char*>(b.data()), b.size()).find(needle) != std::string_view::npos;
    return false;
  }, 64);
  EXPECT_FALSE(hit);
}

TEST(SliceSource, OffsetsAreRelativeAndReadsGoToTheParent) {
  const Bytes bytes = counting(4096);
  TempFile f(bytes);
  auto file = open_file(f.path());
  ASSERT_TRUE(file);
  MemorySource mem(bytes);
  for (ByteSource* parent : {static_cast<ByteSource*>(file.get()), static_cast<ByteSource*>(&mem)}) {
    SliceSource slice(*parent, 1000, 500);
    EXPECT_EQ(slice.size(), 500u);
    EXPECT_EQ(slice.offset_in_parent(), 1000u);
    const auto r = slice.read(10, 4, "member bytes");
    EXPECT_EQ(Bytes(r.begin(), r.end()), Bytes(bytes.begin() + 1010, bytes.begin() + 1014));
    expect_parse_error([&] { slice.read(498, 4, "member bytes"); }, 498, {"4 bytes at 0x1f2", "size 500"});
    Windows w;
    slice.scan(0, 1000, 8, w.record(), 128);
    ASSERT_FALSE(w.seen.empty());
    EXPECT_EQ(w.seen.back().first + w.seen.back().second, 500u);  // clamped to the member
  }
}

TEST(FileSource, TruncatedAfterOpenIsAnErrorNotACrash) {
  const Bytes bytes = counting(2 * kStreamed);
  TempFile f(bytes);
  auto src = open_file(f.path());
  ASSERT_TRUE(src);
  EXPECT_EQ(src->read(0, 16, "header").size(), 16u);
  // A concurrent writer (or a build still running) cuts the file short.
  const int fd = ::open(f.path().c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 100), 0);
  ::close(fd);
  EXPECT_FALSE(src->truncated());
  // The size taken at open still bounds the reads; the short pread is the error. (Reads inside
  // the head block, read whole by the first read, are served from it.)
  constexpr uint64_t kHead = ByteSource::kHeadBytes;
  EXPECT_EQ(src->read(4096, 100, "in the head").size(), 100u);
  expect_parse_error([&] { src->read(kHead + 4096, 100, "section data"); }, kHead + 4096,
                     {"section data", "the file ended at 0x11000", "shorter than when it was opened"});
  EXPECT_TRUE(src->truncated());
  const auto why = src->changed();
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("a read ended before the end"), std::string::npos) << *why;
  // What was already held stays valid; a straddling read and a streamed one fail the same way.
  EXPECT_EQ(src->read(0, 16, "header").size(), 16u);
  expect_parse_error([&] { src->read(kHead - 50, 100, "straddling"); }, kHead - 50, {"the file ended at 0xffce"});
  Bytes out;
  expect_parse_error([&] { src->read_into(kHead + 200, 10, out, "walk"); }, kHead + 200,
                     {"shorter than when it was opened"});
  expect_parse_error([&] { src->scan(0, 2 * kStreamed, 4, [](std::span<const uint8_t>, uint64_t) { return false; }, 64); },
                     60, {"scan", "shorter than when it was opened"});
}

TEST(FileSource, ChangedReportsSizeAndModification) {
  const Bytes bytes = counting(256);
  TempFile f(bytes);
  auto src = open_file(f.path());
  ASSERT_TRUE(src);
  EXPECT_FALSE(src->changed());
  f.truncate_to(128);  // nothing read yet: only the size says so
  const auto why = src->changed();
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "its size changed from 256 to 128 bytes");
  EXPECT_FALSE(src->truncated());
  // A slice's short read marks its parent.
  auto parent = open_file(f.path());
  f.truncate_to(64);
  SliceSource slice(*parent, 32, 96);
  expect_parse_error([&] { slice.read(0, 96, "member"); }, 0, {"shorter than when it was opened"});
  EXPECT_TRUE(parent->truncated());
}

// A small dynamically linked ELF padded to `size` bytes, with its tables at the end so that a
// truncated copy loses them.
Bytes padded_elf(size_t size) {
  testing::ElfBuilder b(64, Endian::little, elf::EM_X86_64, elf::ET_DYN);
  testing::ElfBuilder::Section pad;
  pad.name = ".pad";
  pad.type = testing::kShtProgbits;
  pad.data = Bytes(size, 0x5a);
  pad.flags = 2;
  b.add_section(std::move(pad));
  b.add_section(".interp", testing::kShtProgbits, Bytes{'/', 'l', 'i', 'b', '/', 'l', 'd', '.', 's', 'o', 0});
  b.add_load_segment();
  b.add_segment(testing::kPtInterp, ".interp");
  return b.build();
}

TEST(InspectPath, FileTruncatedWhileInspectedGivesAnErrorReport) {
  const Bytes full = padded_elf(4 << 20);
  TempFile f(full);
  const std::vector<ArtifactReport> reference = inspect_path(f.path());
  ASSERT_EQ(reference.size(), 1u);
  ASSERT_FALSE(reference[0].error) << reference[0].error->to_string();
  ASSERT_EQ(reference[0].interpreter, "/lib/ld.so");

  // A writer that keeps rewriting the file whole and cutting it short, as a build writing its output.
  std::atomic<bool> stop{false};
  std::atomic<int> cycles{0};
  std::thread writer([&] {
    const int fd = ::open(f.path().c_str(), O_WRONLY);
    if (fd < 0) return;
    while (!stop.load()) {
      if (::ftruncate(fd, 4096) != 0) break;
      std::this_thread::yield();
      if (::pwrite(fd, full.data(), full.size(), 0) != static_cast<ssize_t>(full.size())) break;
      ++cycles;
      std::this_thread::yield();
    }
    ::close(fd);
  });
  int errors = 0, changed = 0, complete = 0;
  // Inspect while the writer runs: at least 200 inspections and 20 rewrites (the scheduler decides
  // how they interleave on a busy machine, so no outcome count is asserted, only that every report
  // is either an error for the file or its full, correct facts).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int i = 0; (i < 200 || cycles.load() < 20) && std::chrono::steady_clock::now() < deadline; ++i) {
    const std::vector<ArtifactReport> out = inspect_path(f.path());
    ASSERT_FALSE(out.empty());
    if (out.size() == 1 && out[0].error) {
      ++errors;
      if (out[0].error->message.find("the file changed while it was read") != std::string::npos) ++changed;
      continue;
    }
    // Otherwise the file was whole and unchanged for the whole inspection: the full facts.
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].format, "elf");
    EXPECT_EQ(out[0].interpreter, reference[0].interpreter);
    ++complete;
  }
  stop = true;
  writer.join();
  // Errors are either "the file changed while it was read" (it changed during the inspection) or
  // the reader's own (the file was cut short, and stayed so, for the whole inspection); the
  // deterministic cases are the next tests.
  EXPECT_GE(cycles.load(), 20) << "the writer never ran concurrently";
  RecordProperty("errors", errors);
  RecordProperty("changed", changed);
}

// Deterministic: the file is cut short between open and inspection's reads of its tables.
TEST(InspectPath, FileShorterThanAtOpenIsOneErrorForThatFile) {
  const Bytes full = padded_elf(1 << 16);
  TempFile f(full);
  auto src = open_file(f.path());
  ASSERT_TRUE(src);
  f.truncate_to(4096);
  const auto reader = find_format_reader(src->read_up_to(0, kMagicBytes, "file header"));
  ASSERT_NE(reader, nullptr);
  Result<Image> img = reader->read(*src);
  ASSERT_FALSE(img.ok());
  EXPECT_NE(img.error().message.find("shorter than when it was opened"), std::string::npos) << img.error().message;
  EXPECT_TRUE(src->changed().has_value());
}

}  // namespace
}  // namespace crossgo
