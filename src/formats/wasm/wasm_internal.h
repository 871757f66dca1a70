// Shared between the WebAssembly reader's files: a streaming cursor over one section's contents
// (LEB128 integers and names per core spec §5.2), the parse context, and the section parsers.
//
// Why a streaming cursor instead of ByteSource::read of a whole section: the code and data
// sections of a Go module are tens of MiB (all of Go's data, pclntab included, is in the data
// section), and read() holds what it returns for the lifetime of the source. The cursor pulls the
// section through one small buffer with ByteSource::read_into, which holds nothing, and skips payloads
// (function bodies, data segment bytes) without reading them.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "crossgo/limits.h"
#include "crossgo/hex.h"

namespace crossgo::wasm_detail {

// Reads [begin, end) of the source front to back. Every read past `end` throws ParseError at the
// offset where the missing bytes were expected, naming `what`.
class Cursor {
 public:
  // `end` must already be checked against the file (section sizes are, before a cursor exists).
  Cursor(ByteSource& source, uint64_t begin, uint64_t end) : source_(source), pos_(begin), end_(end) {}

  uint64_t pos() const { return pos_; }
  uint64_t end() const { return end_; }
  uint64_t remaining() const { return end_ - pos_; }
  bool at_end() const { return pos_ == end_; }

  uint8_t u8(const char* what);
  // u32 as unsigned LEB128 (§5.2.2): at most 5 bytes, and the value must fit 32 bits.
  uint32_t u32(const char* what);
  // u64 (memory64 limits): at most 10 bytes.
  uint64_t u64(const char* what);
  // s32 as signed LEB128: at most 5 bytes, unused bits of the last byte a sign extension.
  int32_t s32(const char* what);
  // s33 (a block type or heap type index, §5.3.1 / GC proposal): at most 5 bytes.
  void skip_s33(const char* what);
  // s64 (i64.const): at most 10 bytes.
  void skip_s64(const char* what);
  // A name (§5.2.4): vec(byte) that must be valid UTF-8, at most kMaxNameBytes long.
  std::string name(const char* what);
  void skip(uint64_t n, const char* what);

 private:
  uint64_t leb(unsigned max_bits, bool is_signed, const char* what);
  void need(uint64_t n, const char* what) const;

  ByteSource& source_;
  uint64_t pos_;
  uint64_t end_;
  static constexpr uint64_t kBufferBytes = 4096;
  std::vector<uint8_t> buf_;
  uint64_t buf_start_ = 0;
  uint64_t buf_len_ = 0;
};

// One name (import/export field, custom section name, producer): names in real modules are
// identifiers of a few dozen bytes; longer ones are rejected so that kept strings stay bounded.
inline constexpr uint64_t kMaxNameBytes = limits::kMaxStringBytes;

struct Context {
  ByteSource& source;
  Image& image;
  WasmDetails& wasm;
  uint64_t warnings_dropped = 0;
  uint64_t kept_name_bytes = 0;  // bytes of import/export names kept in WasmDetails
  std::optional<uint32_t> start_export;  // function index of an exported "_start"

  void warn(std::string message) {
    if (image.warnings.size() < limits::kMaxWarnings) image.warnings.push_back(std::move(message));
    else ++warnings_dropped;
  }
};

// Section parsers (wasm_sections.cc). Each reads its section's whole contents from `c` and throws
// ParseError on damage (the caller turns that into a warning) or when bytes are left over.
void parse_import_section(Context& ctx, Cursor& c);
void parse_function_section(Context& ctx, Cursor& c);
void parse_export_section(Context& ctx, Cursor& c);
void parse_start_section(Context& ctx, Cursor& c);
void parse_data_count_section(Context& ctx, Cursor& c);
void parse_data_section(Context& ctx, Cursor& c);
// Custom section payloads the reader understands (wasm_custom.cc).
void parse_producers_section(Context& ctx, Cursor& c);

// The bytes left after a parser must be none (§5.5.2: the contents are exactly the section).
void require_consumed(const Cursor& c, const char* section);

}  // namespace crossgo::wasm_detail
