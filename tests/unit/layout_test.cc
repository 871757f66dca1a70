// Named on-disk structures (include/crossgo/layout.h) and the streamed string search the Go
// metadata readers use over large tables (for_each_string_containing, src/go/pclntab.cc).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/go_info.h"
#include "crossgo/layout.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

using Bytes = std::vector<uint8_t>;

struct Hdr {
  F8 a;
  F16 b;
  F32 c;
  F64 d;
};
static_assert(sizeof(Hdr) == 15 && alignof(Hdr) == 1);

TEST(StructView, DecodesFieldsInEitherByteOrder) {
  Bytes raw;
  for (uint8_t i = 1; i <= 15; ++i) raw.push_back(i);
  const Hdr* h = reinterpret_cast<const Hdr*>(raw.data());
  const StructView<Hdr> le(h, Endian::little, 0);
  EXPECT_EQ(le[le->a], 0x01u);
  EXPECT_EQ(le[le->b], 0x0302u);
  EXPECT_EQ(le[le->c], 0x07060504u);
  EXPECT_EQ(le[le->d], 0x0f0e0d0c0b0a0908u);
  const StructView<Hdr> be(h, Endian::big, 0);
  EXPECT_EQ(be[be->a], 0x01u);
  EXPECT_EQ(be[be->b], 0x0203u);
  EXPECT_EQ(be[be->c], 0x04050607u);
  EXPECT_EQ(be[be->d], 0x08090a0b0c0d0e0fu);
  EXPECT_EQ(be.endian(), Endian::big);
  EXPECT_EQ(&be.raw(), h);
  // All-ones fields decode to the full width, not sign-extended or truncated.
  const Bytes ones(15, 0xff);
  const StructView<Hdr> o(reinterpret_cast<const Hdr*>(ones.data()), Endian::big, 0);
  EXPECT_EQ(o[o->c], 0xffffffffu);
  EXPECT_EQ(o[o->d], UINT64_MAX);
}

TEST(StructView, AtGivesFileOffsetsOfFields) {
  Bytes file(64, 0);
  for (size_t i = 0; i < 15; ++i) file[20 + i] = static_cast<uint8_t>(0xa0 + i);
  MemorySource src(file);
  for (Endian e : {Endian::little, Endian::big}) {
    const auto v = src.get<Hdr>(20, e, "header");
    EXPECT_EQ(v.offset(), 20u);
    EXPECT_EQ(v.at(v->a), 20u);
    EXPECT_EQ(v.at(v->b), 21u);
    EXPECT_EQ(v.at(v->c), 23u);
    EXPECT_EQ(v.at(v->d), 27u);
    EXPECT_EQ(v[v->a], 0xa0u);
    EXPECT_EQ(v[v->b], e == Endian::little ? 0xa2a1u : 0xa1a2u);
  }
  // One bounds check for the whole structure, at its offset.
  try {
    (void)src.get<Hdr>(50, Endian::little, "header");
    ADD_FAILURE() << "no ParseError";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.error().offset, 50u);
    EXPECT_NE(std::string(e.what()).find("header: 15 bytes at 0x32"), std::string::npos) << e.what();
  }
}

// ---- for_each_string_containing ----

class TempFile {
 public:
  explicit TempFile(const Bytes& contents) {
    path_ = (std::filesystem::temp_directory_path() / ("crossgo-layout-" + std::to_string(::getpid()))).string();
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, contents.data(), contents.size()), static_cast<ssize_t>(contents.size()));
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

using Visits = std::vector<std::pair<std::string, uint64_t>>;

Visits visit_all(ByteSource& src, uint64_t offset, uint64_t size, std::string_view needle) {
  Visits out;
  for_each_string_containing(src, offset, size, needle, [&](std::string_view s, uint64_t at) {
    out.emplace_back(std::string(s), at);
    return false;
  });
  return out;
}

// NUL-separated filler without the needle, with strings placed at chosen offsets.
struct Table {
  Bytes bytes;
  explicit Table(size_t size) : bytes(size) {
    for (size_t i = 0; i < size; ++i) bytes[i] = (i % 50 == 49) ? 0 : static_cast<uint8_t>('a' + i % 26);
  }
  void place(uint64_t at, const std::string& s) {
    bytes[at - 1] = 0;
    std::memcpy(bytes.data() + at, s.data(), s.size());
    bytes[at + s.size()] = 0;
  }
};

TEST(ForEachStringContaining, StreamsWindowsAndVisitsEachStringOnce) {
  constexpr uint64_t kWindow = ByteSource::kScanWindow;  // what the search streams through
  constexpr uint64_t kOverlap = 2 * limits::kMaxStringBytes;
  Table t(3 * kWindow);
  const std::string needle = "runtime/os_";
  const std::string long_string = std::string(3000, 'z') + needle + std::string(3000, 'z');
  ASSERT_GT(long_string.size(), limits::kMaxStringBytes);
  const Visits want = {
      {"x/runtime/os_a.go", 1000},
      // Wholly inside the overlap of the first two windows: seen by both, visited once.
      {"c/runtime/os_c.go", kWindow - 3000},
      // The needle itself straddles the first window boundary.
      {"yy/runtime/os_b.go", kWindow - 6},
      // Two hits, one string.
      {"runtime/os_x/runtime/os_y.go", kWindow + kWindow / 2},
      // Straddles the end of the second window (which starts kOverlap before the first one ends).
      {"g/runtime/os_g.go", 2 * kWindow - kOverlap - 5},
  };
  for (const auto& [s, at] : want) t.place(at, s);
  t.place(2 * kWindow + kWindow / 2, long_string);  // longer than kMaxStringBytes: skipped
  t.place(3 * kWindow - 100, "tail/runtime/os_t.go");
  Visits expected = want;
  expected.emplace_back("tail/runtime/os_t.go", 3 * kWindow - 100);

  TempFile f(t.bytes);
  auto file = FileSource::open(f.path());
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(visit_all(**file, 0, t.bytes.size(), needle), expected);
  EXPECT_EQ((*file)->held_bytes(), 0u);  // streamed, nothing held
  // The same in one piece from memory.
  MemorySource mem(t.bytes);
  EXPECT_EQ(visit_all(mem, 0, t.bytes.size(), needle), expected);
  // A range: strings are taken from inside it only, and its size is clamped to the file.
  const Visits from_second = visit_all(**file, kWindow, 4 * kWindow, needle);
  ASSERT_FALSE(from_second.empty());
  EXPECT_EQ(from_second.front(), (std::pair<std::string, uint64_t>{"runtime/os_x/runtime/os_y.go", kWindow + kWindow / 2}));
  EXPECT_EQ(from_second.back().first, "tail/runtime/os_t.go");
}

TEST(ForEachStringContaining, StopsWhenTheVisitorSaysSo) {
  Table t(4096);
  t.place(100, "one runtime/os_1");
  t.place(300, "two runtime/os_2");
  MemorySource mem(t.bytes);
  int visits = 0;
  for_each_string_containing(mem, 0, t.bytes.size(), "runtime/os_", [&](std::string_view, uint64_t) {
    ++visits;
    return true;
  });
  EXPECT_EQ(visits, 1);
  // No hit, no visit; an empty or out-of-file range is fine.
  EXPECT_TRUE(visit_all(mem, 0, t.bytes.size(), "absent-needle").empty());
  EXPECT_TRUE(visit_all(mem, 5000, 100, "runtime/os_").empty());
  EXPECT_TRUE(visit_all(mem, 0, 0, "runtime/os_").empty());
}

}  // namespace
}  // namespace crossgo
