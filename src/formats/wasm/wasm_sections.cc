// The contents of the known sections the reader needs (core spec §5.5 "Modules"): imports,
// function count, exports, start, data count and data segments. Each parser consumes its section
// exactly; the walk in wasm_reader.cc turns a failure into a warning for that section alone.
#include <string>

#include "formats/wasm/wasm_internal.h"

namespace crossgo::wasm_detail {
namespace {

// Counts, capped at the JS API's implementation limits (WebAssembly JavaScript Interface,
// "Limits"), which every browser engine enforces: a module above them does not instantiate anywhere.
constexpr uint64_t kMaxImports = 100000;
constexpr uint64_t kMaxExports = 100000;
constexpr uint64_t kMaxFunctions = 1000000;
constexpr uint64_t kMaxDataSegments = 100000;
// Import/export entries kept in WasmDetails (all are counted and walked): Go modules have a few
// dozen; C modules linked with --export-all a few thousand.
constexpr uint64_t kMaxKeptEntries = 4096;
// Bytes of import/export names kept in WasmDetails, so kept entries of maximal names stay small.
constexpr uint64_t kMaxKeptNameBytes = 1 << 20;

// Import/export description kinds (§5.5.5, §5.5.10; tag from the exception-handling proposal).
constexpr uint8_t kKindFunc = 0, kKindTable = 1, kKindMemory = 2, kKindGlobal = 3, kKindTag = 4;
// Value / reference type encodings with a following heap type (GC proposal: ref null ht, ref ht).
constexpr uint8_t kRefNull = 0x63, kRef = 0x64;
// Constant-expression opcodes (§5.4): i32.const, i64.const, global.get, end.
constexpr uint8_t kI32Const = 0x41, kI64Const = 0x42, kGlobalGet = 0x23, kEnd = 0x0b;

uint64_t count(Cursor& c, uint64_t cap, const char* what) {
  const uint64_t at = c.pos();
  const uint32_t n = c.u32(what);
  if (n > cap) {
    throw ParseError(at, std::string(what) + " " + std::to_string(n) + " exceeds the cap of " +
                             std::to_string(cap));
  }
  // Every entry takes at least one byte: a count beyond the section is damage, found before the loop.
  if (n > c.remaining()) {
    throw ParseError(at, std::string(what) + " " + std::to_string(n) + " cannot fit the " +
                             std::to_string(c.remaining()) + " bytes left in the section");
  }
  return n;
}

// A value type (§5.3.1): one byte, or a reference type with a heap type (s33) after it.
void skip_value_type(Cursor& c, const char* what) {
  const uint8_t t = c.u8(what);
  if (t == kRefNull || t == kRef) c.skip_s33(what);
}

// Limits (§5.3.7): a flags byte (bit 0 max present, bit 1 shared (threads), bit 2 64-bit
// (memory64)), then min and optional max.
void skip_limits(Cursor& c, const char* what) {
  const uint64_t at = c.pos();
  const uint8_t flags = c.u8(what);
  if (flags > 0x07) throw ParseError(at, std::string(what) + ": limits flags " + hex(flags) + " are not known");
  const bool is64 = (flags & 0x04) != 0;
  const int values = (flags & 0x01) ? 2 : 1;
  for (int i = 0; i < values; ++i) {
    if (is64) c.u64(what);
    else c.u32(what);
  }
}

bool keep_name(Context& ctx, const std::string& a, const std::string& b) {
  if (ctx.kept_name_bytes > kMaxKeptNameBytes - a.size() - b.size()) return false;
  ctx.kept_name_bytes += a.size() + b.size();
  return true;
}

}  // namespace

void parse_import_section(Context& ctx, Cursor& c) {
  const uint64_t n = count(c, kMaxImports, "import count");
  ctx.wasm.import_count = n;
  for (uint64_t i = 0; i < n; ++i) {
    WasmImport imp;
    imp.module = c.name("import module name");
    imp.name = c.name("import field name");
    const uint64_t kind_at = c.pos();
    imp.kind = c.u8("import kind");
    switch (imp.kind) {
      case kKindFunc: c.u32("import function type index"); break;
      case kKindTable: skip_value_type(c, "import table type"); skip_limits(c, "import table limits"); break;
      case kKindMemory: skip_limits(c, "import memory limits"); break;
      case kKindGlobal: skip_value_type(c, "import global type"); c.u8("import global mutability"); break;
      case kKindTag: c.u8("import tag attribute"); c.u32("import tag type index"); break;
      default:
        throw ParseError(kind_at, "import " + std::to_string(i) + " has unknown kind " + hex(imp.kind));
    }
    if (ctx.wasm.imports.size() < kMaxKeptEntries && keep_name(ctx, imp.module, imp.name))
      ctx.wasm.imports.push_back(std::move(imp));
  }
  require_consumed(c, "import");
}

void parse_function_section(Context& ctx, Cursor& c) {
  const uint64_t n = count(c, kMaxFunctions, "function count");
  for (uint64_t i = 0; i < n; ++i) c.u32("function type index");
  require_consumed(c, "function");
  ctx.wasm.function_count = n;
}

void parse_export_section(Context& ctx, Cursor& c) {
  const uint64_t n = count(c, kMaxExports, "export count");
  ctx.wasm.export_count = n;
  for (uint64_t i = 0; i < n; ++i) {
    std::string name = c.name("export name");
    const uint64_t kind_at = c.pos();
    const uint8_t kind = c.u8("export kind");
    if (kind > kKindTag) throw ParseError(kind_at, "export " + std::to_string(i) + " has unknown kind " + hex(kind));
    const uint32_t index = c.u32("export index");
    // The WASI command entry point (WASI application ABI: a command exports "_start").
    if (kind == kKindFunc && name == "_start" && !ctx.start_export) ctx.start_export = index;
    if (ctx.wasm.exports.size() < kMaxKeptEntries && keep_name(ctx, name, {}))
      ctx.wasm.exports.push_back(std::move(name));
  }
  require_consumed(c, "export");
}

void parse_start_section(Context& ctx, Cursor& c) {
  ctx.wasm.start_function = c.u32("start function index");
  require_consumed(c, "start");
}

void parse_data_count_section(Context& ctx, Cursor& c) {
  ctx.wasm.data_count = c.u32("data count");
  require_consumed(c, "data count");
}

// §5.5.14: segment mode 0 {expr, bytes} active in memory 0, 1 {bytes} passive, 2 {memidx, expr,
// bytes} active. An active segment whose offset is an i32.const is placed at that linear-memory
// address at instantiation: that is the address the module's own pointers use, so it becomes an
// Image segment (vaddr = the offset) and Image::read_at_address reads the module's data.
void parse_data_section(Context& ctx, Cursor& c) {
  const uint64_t n = count(c, kMaxDataSegments, "data segment count");
  ctx.wasm.data_segment_count = n;
  if (ctx.wasm.data_count && *ctx.wasm.data_count != n) {
    ctx.warn("data count section says " + std::to_string(*ctx.wasm.data_count) + " segments, the data section has " +
             std::to_string(n) + " (module invalid, §3.4.10)");
  }
  std::vector<Segment> segments;
  segments.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t seg_at = c.pos();
    const uint32_t mode = c.u32("data segment mode");
    if (mode > 2) throw ParseError(seg_at, "data segment " + std::to_string(i) + " has unknown mode " + std::to_string(mode));
    std::optional<uint32_t> addr;
    if (mode != 1) {
      if (mode == 2) c.u32("data segment memory index");
      const uint64_t op_at = c.pos();
      const uint8_t op = c.u8("data segment offset expression");
      if (op == kI32Const) addr = static_cast<uint32_t>(c.s32("data segment offset"));
      else if (op == kI64Const) c.skip_s64("data segment offset");  // memory64: beyond a 32-bit image
      else if (op == kGlobalGet) c.u32("data segment offset global");  // known only at instantiation
      else throw ParseError(op_at, "data segment " + std::to_string(i) + " offset expression starts with opcode " +
                                       hex(op) + ", not a constant");
      const uint64_t end_at = c.pos();
      if (c.u8("data segment offset expression end") != kEnd) {
        throw ParseError(end_at, "data segment " + std::to_string(i) + " offset expression is not a single constant followed by end (0x0b)");
      }
    }
    const uint64_t size_at = c.pos();
    const uint32_t size = c.u32("data segment size");
    if (size > c.remaining()) {
      throw ParseError(size_at, "data segment " + std::to_string(i) + " size " + std::to_string(size) +
                                    " extends past the end of the data section (" + std::to_string(c.remaining()) + " bytes left)");
    }
    if (addr) {
      Segment s;
      s.vaddr = *addr;
      s.memsz = size;
      s.offset = c.pos();
      s.filesz = size;
      s.read = s.write = true;  // linear memory is read-write; wasm has no page protection
      segments.push_back(std::move(s));
    }
    c.skip(size, "data segment bytes");
  }
  require_consumed(c, "data");
  ctx.wasm.active_data_segments = segments.size();
  ctx.image.segments = std::move(segments);
}

}  // namespace crossgo::wasm_detail
