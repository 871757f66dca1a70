// Shared between the ar splitter (ar_archive.cc) and its member-name decoding (ar_names.cc).
//
// Layout: the common ar format as GNU binutils (include/aout/ar.h, bfd/archive.c), LLVM
// (llvm/lib/Object/Archive.cpp) and Go (cmd/internal/archive/archive.go, cmd/pack) write it: the
// 8-byte global magic, then members, each a 60-byte text header followed by its data, padded to
// an even offset.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "crossgo/byte_source.h"
#include "crossgo/layout.h"
#include "crossgo/hex.h"

namespace crossgo::ar_detail {

inline constexpr std::string_view kArMagic = "!<arch>\n";
// GNU thin archives (binutils ar T): members are paths to separate files.
inline constexpr std::string_view kThinMagic = "!<thin>\n";
inline constexpr std::string_view kFileMagic = "`\n";  // ar_fmag, the end of every member header

// struct ar_hdr (binutils include/aout/ar.h): ASCII fields, space padded, no terminators.
struct ArMemberHeader {
  Field<16> name;  // "name/" (GNU), "name" (BSD, Go), "/", "//", "/123", "#1/N"
  Field<12> date;  // decimal seconds since the epoch
  Field<6> uid;    // decimal
  Field<6> gid;    // decimal
  Field<8> mode;   // octal
  Field<10> size;  // decimal bytes of data after the header (BSD: the name that follows included)
  Field<2> fmag;   // "`\n"
};
static_assert(sizeof(ArMemberHeader) == 60);

// Hostile archives could otherwise ask for millions of members or megabyte names. A real
// archive of C objects (libLLVM's largest) has a few thousand members.
inline constexpr uint64_t kMaxMembers = 65536;
// Headers walked in all, the symbol and name tables included: bounds the work and the bytes the
// source holds (60 each) when a file repeats table headers.
inline constexpr uint64_t kMaxHeaders = kMaxMembers + 16;
// One member name (a BSD "#1/N" name, an entry of the GNU "//" table): far above PATH_MAX-sized
// names any ar writes.
inline constexpr uint64_t kMaxNameBytes = 4096;
// A "//" table up to this size is held in memory once; a larger one is read entry by entry.
inline constexpr uint64_t kMaxHeldNameTable = 1 << 20;

// A numeric header field: digits from the start, then only spaces. nullopt when empty (all
// spaces) or when anything else is in it; `empty` tells the two apart.
struct NumberField {
  std::optional<uint64_t> value;
  bool empty = false;
};
NumberField parse_number(std::span<const uint8_t> field, unsigned base);

// The field's text without its trailing space padding.
std::string_view trim_padding(std::span<const uint8_t> field);

// Copies [offset, offset + length) out of the source without holding it there (ByteSource::scan
// streams it), so many names cost only what they are.
std::string copy_out(ByteSource& source, uint64_t offset, uint64_t length);

// What a member's name field says the member is.
enum class NameKind {
  plain,         // a name in the field itself ("foo.o/" GNU, "foo.o" BSD and Go)
  symbol_table,  // "/" (GNU, COFF), "/SYM64/" (GNU 64-bit), "__.SYMDEF…" (BSD, after #1/ resolution)
  name_table,    // "//": the GNU long-name table
  gnu_long,      // "/123": offset into the "//" table
  bsd_long,      // "#1/N": the name is the first N bytes of the member's data
};

struct NameField {
  NameKind kind = NameKind::plain;
  std::string name;        // plain: the name, GNU's trailing '/' removed
  uint64_t number = 0;     // gnu_long: table offset; bsd_long: name length
  bool bad_number = false; // "/12x" or "#1/": the digits are not a number
};
NameField classify_name(std::span<const uint8_t> field);

// BSD symbol tables are ordinary-looking members ("__.SYMDEF", "__.SYMDEF SORTED",
// "__.SYMDEF_64", "__.SYMDEF_64 SORTED"; llvm/lib/Object/Archive.cpp).
bool is_bsd_symbol_table(std::string_view name);

// The GNU "//" table: where it is in the file.
struct LongNameTable {
  bool present = false;
  uint64_t offset = 0;  // file offset of the table's data
  uint64_t size = 0;
};

// Resolves entry `index` of the table: its text up to "/\n" (GNU, LLVM) or a NUL (COFF), at most
// kMaxNameBytes. nullopt with `why` set when the entry is out of range or has no end.
std::optional<std::string> resolve_long_name(ByteSource& source, const LongNameTable& table,
                                             uint64_t index, std::string& why);


}  // namespace crossgo::ar_detail
