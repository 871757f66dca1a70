// ar archives as a container: "!<arch>\n", then members in order, each a 60-byte header
// (ar_internal.h) and its data at an even offset. Splits the archive into its members (object
// files, Go's __.PKGDEF and _go_.o …) so each goes through the format readers on its own; the
// symbol tables and the GNU long-name table are the archive's own bookkeeping and not members.
//
// A damaged member header (a size that is not a number or runs past the end of the file, a wrong
// end marker) is a warning naming the member and its offset, and the walk stops there: what
// follows cannot be located. The members before it are still listed.
#include <string>

#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "formats/archive/ar_internal.h"

namespace crossgo {
namespace {

using namespace ar_detail;

bool starts_with(std::span<const uint8_t> head, std::string_view magic) {
  return head.size() >= magic.size() &&
         std::string_view(reinterpret_cast<const char*>(head.data()), magic.size()) == magic;
}

// Built by appending: GCC 12's -Wrestrict misfires at -O3 on `"literal" + std::string` chains.
std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

bool matches(std::span<const uint8_t> head) {
  // Thin archives are claimed too, so that they get an error saying why they are not read
  // instead of "not a binary".
  return starts_with(head, kArMagic) || starts_with(head, kThinMagic);
}

class Walker {
 public:
  explicit Walker(ByteSource& source) : source_(source) { out_.format = Format::archive; }

  Container run();

 private:
  // Returns false when the walk must stop.
  bool member(uint64_t off, uint64_t& next);
  void check_field(const std::string& where, std::span<const uint8_t> field, unsigned base, uint64_t at,
                   const char* what);
  void add(std::string name, uint64_t offset, uint64_t size);
  void warn(std::string message) {
    if (out_.warnings.size() < limits::kMaxWarnings) out_.warnings.push_back(std::move(message));
    else if (out_.warnings.size() == limits::kMaxWarnings) out_.warnings.push_back("further ar warnings suppressed");
  }

  ByteSource& source_;
  Container out_;
  LongNameTable names_;
  bool full_ = false;
};

Container Walker::run() {
  uint64_t off = kArMagic.size();
  uint64_t headers = 0;
  while (off < source_.size() && !full_) {
    if (++headers > kMaxHeaders) {
      warn("more than " + std::to_string(kMaxHeaders) + " member headers: the walk stopped at offset " + hex(off));
      break;
    }
    uint64_t next = 0;
    if (!member(off, next)) break;
    off = next;
  }
  return std::move(out_);
}

void Walker::check_field(const std::string& where, std::span<const uint8_t> field, unsigned base,
                         uint64_t at, const char* what) {
  // Blank is allowed: llvm-ar leaves date, uid, gid and mode of the "//" table blank.
  const NumberField n = parse_number(field, base);
  if (n.value || n.empty) return;
  warn(where + ": " + what + " field (at " + hex(at) + ") " + quoted(trim_padding(field)) + " is not a" +
       (base == 8 ? "n octal" : " decimal") + " number");
}

bool Walker::member(uint64_t off, uint64_t& next) {
  const uint64_t left = source_.size() - off;
  if (left < sizeof(ArMemberHeader)) {
    warn("ar member header at offset " + hex(off) + " is truncated: " + std::to_string(left) +
         " bytes left of the 60 it needs");
    return false;
  }
  const auto h = source_.get<ArMemberHeader>(off, Endian::little, "ar member header");
  const std::string label(trim_padding(h->name.bytes));
  const std::string where = "ar member " + quoted(label) + " at offset " + hex(off);

  if (std::string_view(reinterpret_cast<const char*>(h->fmag.bytes), 2) != kFileMagic) {
    warn(where + ": the header's end marker (ar_fmag at " + hex(h.at(h->fmag)) + ") is not \"`\\n\"");
    return false;
  }
  const NumberField size = parse_number(h->size.bytes, 10);
  if (!size.value) {
    warn(where + ": size field (at " + hex(h.at(h->size)) + ") " +
         (size.empty ? std::string("is empty")
                     : quoted(trim_padding(h->size.bytes)) + " is not a decimal number"));
    return false;
  }
  const uint64_t data = off + sizeof(ArMemberHeader);
  if (*size.value > source_.size() - data) {
    warn(where + ": size " + std::to_string(*size.value) + " runs past the end of the file (" +
         std::to_string(source_.size() - data) + " bytes left)");
    return false;
  }
  check_field(where, h->date.bytes, 10, h.at(h->date), "date");
  check_field(where, h->uid.bytes, 10, h.at(h->uid), "uid");
  check_field(where, h->gid.bytes, 10, h.at(h->gid), "gid");
  check_field(where, h->mode.bytes, 8, h.at(h->mode), "mode");

  // Members start at even offsets; the pad byte ('\n') may be missing after the last one.
  next = data + *size.value;
  next += next & 1;

  const NameField name = classify_name(h->name.bytes);
  switch (name.kind) {
    case NameKind::symbol_table:
      return true;
    case NameKind::name_table:
      if (names_.present) {
        warn(where + ": a second \"//\" long-name table; the first (at " + hex(names_.offset) + ") is used");
      } else {
        names_ = LongNameTable{true, data, *size.value};
      }
      return true;
    case NameKind::gnu_long: {
      std::string why = quoted(std::string_view(label).substr(1)) + " is not a decimal offset";
      std::optional<std::string> resolved;
      if (!name.bad_number) resolved = resolve_long_name(source_, names_, name.number, why);
      if (!resolved) warn(where + ": long name not resolved: " + why);
      add(resolved.value_or(label), data, *size.value);
      return true;
    }
    case NameKind::bsd_long: {
      if (name.bad_number || name.number > *size.value) {
        warn(where + ": BSD long-name length " +
             (name.bad_number ? quoted(std::string_view(label).substr(3)) + " is not a decimal number"
                              : std::to_string(name.number) + " exceeds the member size " +
                                    std::to_string(*size.value)) +
             "; the member is left out");
        return true;
      }
      std::string text;
      if (name.number > kMaxNameBytes) {
        warn(where + ": BSD long name of " + std::to_string(name.number) + " bytes exceeds the cap of " +
             std::to_string(kMaxNameBytes) + "; the member is listed under its header name");
        text = label;
      } else {
        text = copy_out(source_, data, name.number);
        // llvm-ar pads the name with NULs so that the member's data is aligned.
        while (!text.empty() && text.back() == '\0') text.pop_back();
        if (is_bsd_symbol_table(text)) return true;
      }
      add(std::move(text), data + name.number, *size.value - name.number);
      return true;
    }
    case NameKind::plain:
      if (is_bsd_symbol_table(name.name)) return true;
      add(name.name, data, *size.value);
      return true;
  }
  return true;
}

void Walker::add(std::string name, uint64_t offset, uint64_t size) {
  if (out_.members.size() >= kMaxMembers) {
    warn("more than " + std::to_string(kMaxMembers) + " members: the rest (from offset " + hex(offset) +
         ") are not listed");
    full_ = true;
    return;
  }
  out_.members.push_back(ContainerMember{std::move(name), offset, size});
}

Result<Container> split(ByteSource& source) {
  try {
    const auto head = source.read_up_to(0, kArMagic.size(), "ar magic");
    if (starts_with(head, kThinMagic)) {
      return Error{"thin archive (\"!<thin>\\n\"): its members are separate files, which are not read", 0};
    }
    if (!starts_with(head, kArMagic)) return Error{"not an ar archive: no \"!<arch>\\n\" magic", 0};
    return Walker(source).run();
  } catch (const ParseError& e) {
    return e.error();
  }
}

}  // namespace

const ContainerReader kArArchiveReader = {Format::archive, matches, split};

}  // namespace crossgo
