// The planner's parts, shared by planner.cc (requests, strings, the dynamic array) and
// layout.cc (where what does not fit goes: the new segment, the program header table).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "crossgo/patch.h"
#include "patch/elf_edit_model.h"

namespace crossgo::patch::detail {


// A new segment further than this past the end of the file (a huge .bss pushes it there when the
// program headers move) is refused rather than written as a hole of that size.
inline constexpr uint64_t kMaxGap = 256ull << 20;
inline constexpr uint64_t kSpareDynamicSlots = 4;  // DT_NULLs left in a moved dynamic array for later edits

struct Edit {
  uint64_t tag = 0, val = 0;
  std::optional<size_t> original;  // index in Model::dyn
  std::optional<std::string> str;  // a new string value to place
};

// Tags whose value is the address of a table only the loader reads through that tag (gABI
// "Dynamic Section"; GNU's DT_GNU_HASH and DT_VERSYM): such a table can move when the tag moves
// with it. Version needs and definitions are not among them: crossgo may write into them.
inline bool is_relocatable_tag(uint64_t tag) {
  return tag == 4 /* DT_HASH */ || tag == 0x6ffffef5 /* DT_GNU_HASH */ || tag == 6 /* DT_SYMTAB */ || tag == DT_STRTAB ||
         tag == 0x6ffffff0 /* DT_VERSYM */;
}

// Whether a tag's value is an address (d_ptr) rather than a number (d_val), by the gABI's table
// and its rule for tags from DT_ENCODING (32) to DT_LOOS: even tags are addresses. Unknown OS and
// processor tags count as addresses, which only ever makes crossgo more careful.
inline bool is_pointer_tag(uint64_t tag) {
  switch (tag) {
    case 3: case 4: case 5: case 6: case 7: case 12: case 13: case 17: case 21: case 23: case 25: case 26:
      return true;
    case 0x6ffffff0: case 0x6ffffffc: case 0x6ffffffe:  // DT_VERSYM, DT_VERDEF, DT_VERNEED
      return true;
    case 0x6ffffff9: case 0x6ffffffa: case 0x6ffffffb: case 0x6ffffffd: case 0x6fffffff:  // counts and flags
      return false;
    default:
      break;
  }
  if (tag < 32) return false;
  if (tag < 0x6000000d) return tag % 2 == 0;
  if (tag >= 0x6ffffd00 && tag <= 0x6ffffdff) return false;  // DT_VALRNGLO..HI
  return true;
}

inline uint64_t align_up(uint64_t v, uint64_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }

class Planner {
 public:
  Planner(ByteSource& src, Model& m, const Request& req, const std::string& file)
      : src_(src), m_(m), req_(req), file_(file), strtab_(m.strtab) {}

  Outcome run();

 private:
  std::optional<Finding> check_value(const std::string& v, const char* what) const;
  std::optional<Finding> resolve_interpreter(const Image& img, std::optional<std::string>& out) const;
  std::optional<Finding> edit_dynamic();
  uint64_t place(const std::string& s, std::optional<size_t> edit_index, const std::string* replacing);
  std::string string_value(uint64_t off) const;
  void diff_write(uint64_t offset, std::span<const uint8_t> old_bytes, const std::vector<uint8_t>& now, std::string what);
  std::optional<Finding> layout();
  struct Room {
    bool grow_in_place = false;       // the table can take one more entry where it is
    uint64_t block_start = 0, block_end = 0;  // sections to move out of its way ([start, end) file offsets)
    bool move_shdrs = false;  // the section header table is in the way (Go's linker puts it there)
  };
  Room room_for_one_more_phdr() const;
  void step(std::string s) { plan_.steps.push_back(std::move(s)); }

  ByteSource& src_;
  Model& m_;
  const Request& req_;
  const std::string& file_;
  Plan plan_;
  std::vector<Edit> edits_;
  std::vector<uint8_t> strtab_;   // the string table with in-place rewrites applied
  std::string appended_;          // strings added after DT_STRSZ
  std::vector<uint64_t> claimed_;  // string offsets this plan makes entries use
  std::optional<std::string> new_interp_;
  std::vector<std::pair<std::string, uint64_t>> needed_renames_;  // OLD, offset of NEW
};

}  // namespace crossgo::patch::detail
