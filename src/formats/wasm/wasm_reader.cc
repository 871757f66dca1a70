// WebAssembly binary module reader (core spec §5 "Binary Format", §5.5 "Modules"): the preamble
// (magic "\0asm", version 1), then the section walk. Framing is structural: a section whose id is
// unknown, whose size runs past the file, that comes out of order or twice fails the read with the
// offset of the offending byte. Damage inside one section's contents is a warning for that section.
//
// Kind, as LLVM's Object library classifies wasm files (WasmObjectFile: isRelocatableObject() =
// a "linking" custom section, isSharedObject() = a "dylink"/"dylink.0" custom section; the
// tool-conventions Linking.md and DynamicLinking.md): relocatable, shared library, and otherwise
// an executable module — a module is a whole program its host instantiates, whether it is started
// by a start function, a WASI "_start" export or its host's glue code calling an export.
#include <array>
#include <memory>
#include <string>

#include "crossgo/format_registry.h"
#include "crossgo/layout.h"
#include "formats/wasm/wasm_internal.h"

namespace crossgo {
namespace wasm_detail {
namespace {

// §5.5.16 "Modules": the preamble.
struct WasmPreamble {
  F32 magic;    // "\0asm"
  F32 version;  // 1, little-endian u32
};
static_assert(sizeof(WasmPreamble) == 8);

constexpr uint32_t kMagic = 0x6d736100;  // "\0asm" read as a little-endian u32
constexpr uint32_t kVersion = 1;
constexpr uint32_t kComponentVersion = 0x0001000d;  // component model preamble: version 0xd, layer 1

// Section ids (§5.5.2), with tag (13) from the exception-handling proposal.
constexpr uint8_t kCustom = 0, kImport = 2, kFunction = 3, kExport = 7, kStart = 8, kData = 11,
                  kDataCount = 12, kMaxSectionId = 13;
constexpr std::array<const char*, 14> kSectionNames = {
    "custom", "type", "import", "function", "table", "memory", "global",
    "export", "start", "element", "code", "data", "datacount", "tag"};
// Position of each id in the order §5.5.16 requires of non-custom sections (data count comes
// before code; tag between memory and global, exception-handling proposal §5.5.16).
constexpr std::array<int, 14> kOrder = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

// Custom sections kept (names and payload ranges). Real modules have a few (name, producers,
// target_features, a dozen .debug_* and reloc.*); the cap bounds what a file of empty custom
// sections (3 bytes each) can make the reader keep.
constexpr uint64_t kMaxCustomSections = 4096;

struct SeenSection {
  bool seen = false;
  uint64_t at = 0;
};

void read_custom(Context& ctx, Cursor& body, Section& s) {
  WasmCustomSection cs;
  try {
    cs.name = body.name("custom section name");
  } catch (const ParseError& e) {
    ctx.warn("custom section at " + hex(s.offset) + ": " + e.error().to_string());
    s.name = "custom";
    return;
  }
  cs.payload_offset = body.pos();
  cs.payload_size = body.remaining();
  s.name = cs.name;
  if (cs.name == "name") ctx.image.has_symtab = true;           // the name section (§7.4, "Custom sections")
  if (cs.name == ".debug_info") ctx.image.has_debug_info = true;  // DWARF (tool-conventions Debugging.md)
  if (cs.name == "producers") {
    try {
      parse_producers_section(ctx, body);
    } catch (const ParseError& e) {
      ctx.warn("producers section at " + hex(s.offset) + ": " + e.error().to_string());
    }
  }
  ctx.wasm.custom_sections.push_back(cs.name);
  ctx.wasm.customs.push_back(std::move(cs));
}

void read_known(Context& ctx, uint8_t id, Cursor& body, const Section& s) {
  try {
    switch (id) {
      case kImport: parse_import_section(ctx, body); break;
      case kFunction: parse_function_section(ctx, body); break;
      case kExport: parse_export_section(ctx, body); break;
      case kStart: parse_start_section(ctx, body); break;
      case kDataCount: parse_data_count_section(ctx, body); break;
      case kData: parse_data_section(ctx, body); break;
      default: break;  // type, table, memory, global, element, code, tag: listed, not decoded
    }
  } catch (const ParseError& e) {
    ctx.warn(s.name + " section at " + hex(s.offset) + ": " + e.error().to_string());
  }
}

void walk_sections(Context& ctx) {
  ByteSource& src = ctx.source;
  std::array<SeenSection, kMaxSectionId + 1> seen{};
  int last_order = 0;
  uint8_t last_id = 0;
  uint64_t customs = 0;
  for (uint64_t pos = sizeof(WasmPreamble); pos < src.size();) {
    Cursor head(src, pos, src.size());
    const uint8_t id = head.u8("section id");
    if (id > kMaxSectionId) throw ParseError(pos, "unknown section id " + std::to_string(id) + " at " + hex(pos));
    const char* what = kSectionNames[id];
    const uint64_t size_at = head.pos();
    const uint32_t size = head.u32((std::string(what) + " section size").c_str());
    const uint64_t contents = head.pos();
    if (size > src.size() - contents) {
      throw ParseError(size_at, std::string(what) + " section size " + std::to_string(size) + " (contents at " +
                                    hex(contents) + ") extends past the end of the file (size " +
                                    std::to_string(src.size()) + ")");
    }
    if (id != kCustom) {
      if (seen[id].seen) {
        throw ParseError(pos, std::string("duplicate ") + what + " section at " + hex(pos) + " (the first is at " +
                                  hex(seen[id].at) + "; module invalid, §5.5.16)");
      }
      if (kOrder[id] < last_order) {
        throw ParseError(pos, std::string(what) + " section at " + hex(pos) + " is out of order: it must come before the " +
                                  kSectionNames[last_id] + " section at " + hex(seen[last_id].at) +
                                  " (module invalid, §5.5.16)");
      }
      seen[id] = {true, pos};
      last_order = kOrder[id];
      last_id = id;
    } else if (++customs > kMaxCustomSections) {
      ctx.warn("more than " + std::to_string(kMaxCustomSections) + " custom sections: the sections from " + hex(pos) +
               " on were not read");
      return;
    }
    Section s;
    s.name = what;
    s.offset = contents;
    s.size = size;
    s.type = id;
    s.exec = id == 10;  // the code section holds the function bodies
    Cursor body(src, contents, contents + size);
    if (id == kCustom) read_custom(ctx, body, s);
    else read_known(ctx, id, body, s);
    ctx.wasm.sections.push_back(WasmSectionHeader{id, s.name, s.offset, s.size});
    ctx.image.sections.push_back(std::move(s));
    pos = contents + size;
  }
}

ObjectKind kind_of(const WasmDetails& d, bool& pic) {
  for (const auto& name : d.custom_sections) {
    if (name == "linking") return ObjectKind::relocatable;
  }
  for (const auto& name : d.custom_sections) {
    if (name == "dylink" || name == "dylink.0") {
      pic = true;
      return ObjectKind::shared_library;
    }
  }
  return ObjectKind::executable;
}

// Exports as defined (dynamic) symbols and imports as undefined ones: the module's interface,
// which is all a wasm module has in the way of a symbol table outside the optional name section.
void set_symbol_walk(Image& image) {
  auto exports = std::make_shared<const std::vector<std::string>>(image.wasm->exports);
  auto imports = std::make_shared<std::vector<std::string>>();
  for (const auto& imp : image.wasm->imports) imports->push_back(imp.module + "." + imp.name);
  image.visit_symbols = [exports, imports](const SymbolVisitor& visit) {
    for (const auto& e : *exports) {
      if (visit(SymbolRef{e, 0, 0, true, true})) return;
    }
    for (const auto& i : *imports) {
      if (visit(SymbolRef{i, 0, 0, false, true})) return;
    }
  };
}

Result<Image> read(ByteSource& source) {
  Image image;
  image.format = Format::wasm;
  image.source = &source;
  image.bits = 32;
  image.endian = Endian::little;  // §4.2.8: linear memory is little-endian; so are all fixed-width fields
  image.arch = CpuArch::wasm32;
  image.wasm.emplace();
  try {
    const auto pre = source.get<WasmPreamble>(0, Endian::little, "wasm preamble");
    if (pre[pre->magic] != kMagic) throw ParseError(pre.at(pre->magic), "not a WebAssembly module: bad magic " + hex(pre[pre->magic]));
    const uint32_t version = static_cast<uint32_t>(pre[pre->version]);
    if (version == kComponentVersion) {
      throw ParseError(pre.at(pre->version), "version " + hex(version) +
                                                 " is a WebAssembly component (component model), not a core module");
    }
    if (version != kVersion) {
      throw ParseError(pre.at(pre->version), "wasm version " + hex(version) + " is not 1 (core spec §5.5.16)");
    }
    image.wasm->version = version;
    image.machine = "wasm " + hex(version);
    Context ctx{source, image, *image.wasm, 0, 0, std::nullopt};
    walk_sections(ctx);
    if (ctx.warnings_dropped != 0) {
      image.warnings.push_back(std::to_string(ctx.warnings_dropped) + " more warnings suppressed");
    }
    bool pic = false;
    image.kind = kind_of(*image.wasm, pic);
    image.position_independent = pic;
    if (image.wasm->start_function) image.entry = *image.wasm->start_function;
    else if (ctx.start_export) image.entry = *ctx.start_export;
    set_symbol_walk(image);
  } catch (const ParseError& e) {
    return e.error();
  }
  return image;
}

bool matches(std::span<const uint8_t> head) {
  return head.size() >= 4 && head[0] == 0x00 && head[1] == 'a' && head[2] == 's' && head[3] == 'm';
}

}  // namespace
}  // namespace wasm_detail

const FormatReader kWasmReader = {Format::wasm, wasm_detail::matches, wasm_detail::read};

}  // namespace crossgo
