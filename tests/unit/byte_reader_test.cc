// ByteReader and read_uleb128: the bounds checks every parser relies on, at their edges.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "crossgo/byte_reader.h"

namespace crossgo {
namespace {

const std::vector<uint8_t> kBytes = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

// The ParseError a callable throws; fails the test when it throws nothing.
template <class F>
ParseError error_of(F&& f) {
  try {
    f();
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "no ParseError thrown";
  return ParseError(UINT64_MAX, "none");
}

TEST(ByteReader, ReadsBothByteOrders) {
  const ByteReader le(kBytes, Endian::little), be(kBytes, Endian::big);
  EXPECT_EQ(le.u8(0), 0x01);
  EXPECT_EQ(le.u16(0), 0x0201);
  EXPECT_EQ(be.u16(0), 0x0102);
  EXPECT_EQ(le.u32(1), 0x05040302u);
  EXPECT_EQ(be.u32(1), 0x02030405u);
  EXPECT_EQ(le.u64(1), 0x0908070605040302u);
  EXPECT_EQ(be.u64(1), 0x0203040506070809u);
  EXPECT_EQ(le.word(0, false), 0x04030201u);
  EXPECT_EQ(le.word(0, true), 0x0807060504030201u);
  EXPECT_EQ(be.word(5, false), 0x06070809u);
}

TEST(ByteReader, ReadEndingExactlyAtTheEndIsFine) {
  const ByteReader r(kBytes, Endian::little);
  EXPECT_EQ(r.u8(8), 0x09);
  EXPECT_EQ(r.u64(1), 0x0908070605040302u);
  EXPECT_EQ(r.bytes(9, 0).size(), 0u);
  EXPECT_TRUE(r.contains(9, 0));
  EXPECT_FALSE(r.contains(10, 0));
}

TEST(ByteReader, ReadPastTheEndThrowsWithFileOffset) {
  const ByteReader r(kBytes, Endian::little, 0x1000);
  ParseError e = error_of([&] { r.u32(6); });
  EXPECT_EQ(e.offset(), 0x1006u);
  EXPECT_STREQ(e.what(), "read past end: 4 bytes needed, only 3 available");
  e = error_of([&] { r.u8(9); });
  EXPECT_EQ(e.offset(), 0x1009u);
  EXPECT_STREQ(e.what(), "read past end: 1 bytes needed, only 0 available");
  // An offset beyond the span reports 0 available, not a wrapped-around count.
  e = error_of([&] { r.u16(100); });
  EXPECT_EQ(e.offset(), 0x1000u + 100);
  EXPECT_STREQ(e.what(), "read past end: 2 bytes needed, only 0 available");
}

TEST(ByteReader, ContainsDoesNotOverflow) {
  const ByteReader r(kBytes, Endian::little);
  EXPECT_FALSE(r.contains(UINT64_MAX, 2));
  EXPECT_FALSE(r.contains(2, UINT64_MAX));
  EXPECT_FALSE(r.contains(UINT64_MAX - 1, UINT64_MAX - 1));
  EXPECT_FALSE(r.contains(1, UINT64_MAX - 0));
  EXPECT_TRUE(r.contains(0, 9));
  EXPECT_FALSE(r.contains(0, 10));
  EXPECT_THROW(r.bytes(8, UINT64_MAX), ParseError);
  EXPECT_THROW(r.sub(UINT64_MAX, 1), ParseError);
}

TEST(ByteReader, SubReaderKeepsFileOffsets) {
  const ByteReader r(kBytes, Endian::big, 0x100);
  const ByteReader s = r.sub(2, 4);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_EQ(s.base(), 0x102u);
  EXPECT_EQ(s.endian(), Endian::big);
  EXPECT_EQ(s.u32(0), 0x03040506u);
  // The sub-reader's end is a hard end, even though the parent has more bytes.
  const ParseError e = error_of([&] { s.u16(3); });
  EXPECT_EQ(e.offset(), 0x105u);
  const ByteReader ss = s.sub(1, 2);
  EXPECT_EQ(ss.base(), 0x103u);
  EXPECT_EQ(error_of([&] { ss.u8(2); }).offset(), 0x105u);
}

TEST(ByteReader, CStrings) {
  const std::string text("abc\0de\0fgh", 10);
  const std::vector<uint8_t> bytes(text.begin(), text.end());
  const ByteReader r(bytes, Endian::little, 0x40);
  EXPECT_EQ(r.cstr(0, 100), "abc");
  EXPECT_EQ(r.cstr(1, 100), "bc");
  EXPECT_EQ(r.cstr(3, 100), "");
  EXPECT_EQ(r.cstr(4, 100), "de");
  // "fgh" has no terminator before the end of the span.
  ParseError e = error_of([&] { r.cstr(7, 100); });
  EXPECT_EQ(e.offset(), 0x47u);
  EXPECT_STREQ(e.what(), "unterminated string");
  // The terminator must lie within max bytes: "abc" needs 4 ("abc\0").
  EXPECT_EQ(r.cstr(0, 4), "abc");
  e = error_of([&] { r.cstr(0, 3); });
  EXPECT_EQ(e.offset(), 0x40u);
  EXPECT_STREQ(e.what(), "unterminated string");
  e = error_of([&] { r.cstr(10, 100); });
  EXPECT_EQ(e.offset(), 0x4au);
  EXPECT_STREQ(e.what(), "string offset past end of table");
  EXPECT_THROW(r.cstr(UINT64_MAX, 100), ParseError);
  EXPECT_EQ(r.str(4, 2), "de");
  EXPECT_THROW(r.str(8, 3), ParseError);
}

TEST(ByteReader, EmptyReader) {
  const ByteReader r;
  EXPECT_EQ(r.size(), 0u);
  EXPECT_TRUE(r.contains(0, 0));
  EXPECT_THROW(r.u8(0), ParseError);
  EXPECT_THROW(r.cstr(0, 10), ParseError);
}

uint64_t uleb(const std::vector<uint8_t>& b, uint64_t& off, uint64_t base = 0) {
  return read_uleb128(ByteReader(b, Endian::little, base), off);
}

TEST(Uleb128, DecodesKnownValues) {
  struct Case {
    std::vector<uint8_t> bytes;
    uint64_t value;
  };
  const Case cases[] = {
      {{0x00}, 0},
      {{0x7f}, 127},
      {{0x80, 0x01}, 128},
      {{0xe5, 0x8e, 0x26}, 624485},                          // the DWARF spec's example
      {{0x80, 0x80, 0x80, 0x80, 0x10}, uint64_t{1} << 32},
      {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, UINT64_MAX},
      {{0x80, 0x00}, 0},  // non-minimal encodings are accepted, as Go's binary.Uvarint does
  };
  for (const Case& c : cases) {
    uint64_t off = 0;
    EXPECT_EQ(uleb(c.bytes, off), c.value);
    EXPECT_EQ(off, c.bytes.size()) << "offset must move past the last byte";
  }
}

TEST(Uleb128, StartsAtTheGivenOffsetAndStopsAtTheLastByte) {
  const std::vector<uint8_t> b = {0xaa, 0x80, 0x01, 0x05};
  uint64_t off = 1;
  EXPECT_EQ(uleb(b, off), 128u);
  EXPECT_EQ(off, 3u);
  EXPECT_EQ(uleb(b, off), 5u);
  EXPECT_EQ(off, 4u);
}

TEST(Uleb128, OverflowIsReportedAtTheOffendingByte) {
  // Ten bytes whose last carries more than the one bit left in 64.
  std::vector<uint8_t> b(9, 0xff);
  b.push_back(0x02);
  uint64_t off = 0;
  ParseError e = error_of([&] { uleb(b, off, 0x200); });
  EXPECT_EQ(e.offset(), 0x200u + 9);
  EXPECT_STREQ(e.what(), "varint overflows 64 bits");
  // Eleven bytes: continuation after the tenth.
  std::vector<uint8_t> c(10, 0x80);
  c.push_back(0x00);
  off = 0;
  e = error_of([&] { uleb(c, off); });
  EXPECT_STREQ(e.what(), "varint overflows 64 bits");
  EXPECT_EQ(e.offset(), 10u);  // where an eleventh byte would have been read
}

TEST(Uleb128, TruncationIsReportedAtTheEnd) {
  const std::vector<uint8_t> b = {0x80, 0x80};
  uint64_t off = 0;
  const ParseError e = error_of([&] { uleb(b, off, 0x10); });
  EXPECT_EQ(e.offset(), 0x12u);
  EXPECT_STREQ(e.what(), "read past end: 1 bytes needed, only 0 available");
  const std::vector<uint8_t> empty;
  off = 0;
  EXPECT_THROW(uleb(empty, off), ParseError);
}

}  // namespace
}  // namespace crossgo
