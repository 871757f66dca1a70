// Member names and numeric fields of ar headers. The naming conventions:
//   GNU / SysV (binutils bfd/archive.c, _bfd_archive_gnu…): "name/" in the field; longer names in
//     the "//" member as "name/\n" entries, referenced as "/<decimal offset>"; "/" is the symbol
//     table, "/SYM64/" its 64-bit form.
//   BSD (4.4BSD ar(5), llvm/lib/Object/Archive.cpp): "name" without a slash; a name longer than
//     15 bytes or with a space is "#1/<length>", the name being the first <length> bytes of the
//     member's data (counted in ar_size, NUL padded by llvm-ar); "__.SYMDEF…" is the symbol table.
//   Go (cmd/internal/archive/archive.go, cmd/pack): BSD-style short names, truncated to 16 bytes.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "formats/archive/ar_internal.h"
#include "crossgo/hex.h"

namespace crossgo::ar_detail {

NumberField parse_number(std::span<const uint8_t> field, unsigned base) {
  NumberField out;
  size_t i = 0;
  uint64_t v = 0;
  for (; i < field.size(); ++i) {
    const uint8_t c = field[i];
    if (c < '0' || c >= '0' + base) break;
    const uint64_t digit = c - '0';
    if (v > (UINT64_MAX - digit) / base) return out;  // cannot happen in 12 digits; kept for safety
    v = v * base + digit;
  }
  const bool had_digits = i > 0;
  for (; i < field.size(); ++i)
    if (field[i] != ' ') return out;  // a sign, a letter, a NUL, a digit after padding …
  if (!had_digits) {
    out.empty = true;
    return out;
  }
  out.value = v;
  return out;
}

std::string_view trim_padding(std::span<const uint8_t> field) {
  size_t n = field.size();
  while (n > 0 && field[n - 1] == ' ') --n;
  return std::string_view(reinterpret_cast<const char*>(field.data()), n);
}

std::string copy_out(ByteSource& source, uint64_t offset, uint64_t length) {
  std::string out;
  if (length == 0) return out;
  out.reserve(length);
  source.scan(
      offset, length, 0,
      [&](std::span<const uint8_t> bytes, uint64_t) {
        out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return false;
      },
      std::min<uint64_t>(length, 64 << 10));
  return out;
}

namespace {

// Strictly decimal, non-empty, nothing else: the "123" of "/123" and the "N" of "#1/N".
std::optional<uint64_t> decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;  // 19 digits always fit in 64 bits
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

NameField classify_name(std::span<const uint8_t> field) {
  const std::string_view text = trim_padding(field);
  NameField out;
  if (text == "/" || text == "/SYM64/") {
    out.kind = NameKind::symbol_table;
    return out;
  }
  if (text == "//") {
    out.kind = NameKind::name_table;
    return out;
  }
  if (text.starts_with("#1/")) {
    out.kind = NameKind::bsd_long;
    const auto n = decimal(text.substr(3));
    out.bad_number = !n;
    out.number = n.value_or(0);
    out.name = std::string(text);
    return out;
  }
  if (text.size() > 1 && text[0] == '/' && text[1] >= '0' && text[1] <= '9') {
    out.kind = NameKind::gnu_long;
    const auto n = decimal(text.substr(1));
    out.bad_number = !n;
    out.number = n.value_or(0);
    out.name = std::string(text);
    return out;
  }
  // GNU terminates short names with '/' so that names may end in spaces; BSD and Go do not.
  std::string_view name = text;
  if (name.size() > 1 && name.back() == '/') name.remove_suffix(1);
  out.name = std::string(name);
  return out;
}

bool is_bsd_symbol_table(std::string_view name) {
  return name == "__.SYMDEF" || name == "__.SYMDEF SORTED" || name == "__.SYMDEF_64" ||
         name == "__.SYMDEF_64 SORTED";
}

std::optional<std::string> resolve_long_name(ByteSource& source, const LongNameTable& table,
                                             uint64_t index, std::string& why) {
  if (!table.present) {
    why = "the archive has no \"//\" long-name table before it";
    return std::nullopt;
  }
  if (index >= table.size) {
    why = "offset " + std::to_string(index) + " is past the end of the \"//\" table (" +
          std::to_string(table.size) + " bytes)";
    return std::nullopt;
  }
  // Up to the cap plus the "/\n" terminator.
  const uint64_t length = std::min<uint64_t>(table.size - index, kMaxNameBytes + 2);
  std::optional<std::string> name;
  const auto find_name = [&](std::span<const uint8_t> bytes, uint64_t) {
    const auto* begin = reinterpret_cast<const char*>(bytes.data());
    const auto* end = begin + bytes.size();
    const auto* stop = std::find_if(begin, end, [](char c) { return c == '\n' || c == '\0'; });
    if (stop == end) return true;
    std::string_view text(begin, static_cast<size_t>(stop - begin));
    if (*stop == '\n' && !text.empty() && text.back() == '/') text.remove_suffix(1);
    if (text.size() <= kMaxNameBytes) name = std::string(text);
    return true;
  };
  if (table.size <= kMaxHeldNameTable) {
    // Read once (the source keeps the range) and searched in memory for every member after: one
    // read per member would cost a system call and a copy of up to 4 KiB for each.
    const auto all = source.read(table.offset, table.size, "ar long-name table");
    find_name(all.subspan(index, length), table.offset + index);
  } else {
    source.scan(table.offset + index, length, 0, find_name, length);
  }
  if (!name) {
    why = "the entry at offset " + std::to_string(index) + " of the \"//\" table has no \"/\\n\" end within " +
          std::to_string(kMaxNameBytes) + " bytes";
  }
  return name;
}

}  // namespace crossgo::ar_detail
