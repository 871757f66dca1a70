// The plan: the smallest change that makes the file say what was asked.
//
// In order of preference (each step is recorded in Plan::steps for --dry-run):
//  1. in place: a new interpreter that fits PT_INTERP's bytes (NUL-padded: the kernel reads
//     p_filesz bytes and needs only the last to be NUL, fs/binfmt_elf.c load_elf_binary); a
//     string that already exists in DT_STRTAB (a whole string or the tail of one, as GNU ld's
//     tail merging produces); an old string no other reference shares, overwritten; zero bytes
//     after the string table that nothing uses; entries added or removed in the dynamic array
//     while at least one DT_NULL remains (gABI: the array ends at the first DT_NULL);
//  2. otherwise what must move (the string table, the interpreter, the dynamic array) goes into
//     one new read-only PT_LOAD appended to the file, page-aligned, above every existing segment;
//     writable only when the dynamic array moves there from a writable segment, because glibc's
//     rtld writes into it (DT_DEBUG's r_debug pointer in elf/rtld.c dl_main, and
//     elf_get_dynamic_info relocating d_ptr values in place). The program header table needs one
//     more entry then: a PT_NULL entry is reused, or the table moves into the new segment and
//     PT_PHDR follows it. The new segment's vaddr - offset then equals the first PT_LOAD's, so
//     that kernels before Linux 5.18 (which compute AT_PHDR as that load's bias + e_phoff) and
//     qemu-user still find the table.
//
// Go's internal linker (cmd/link/internal/ld/elf.go) writes ordinary PT_LOADs, PT_PHDR and
// PT_DYNAMIC, and the Go runtime never reads its own program headers or dynamic array (only the
// vDSO's, runtime/vdso_elf64.go), nor does it assume the address space after its last segment is
// free (its heap hints are far above: runtime/malloc.go). So internally linked Go binaries get
// the same new-segment treatment as gcc's output; the oracle test runs them after it.
#include <algorithm>
#include <cstring>
#include <set>

#include "analysis/elf_analysis.h"
#include "analysis/format_analyzer.h"
#include "crossgo/elf_constants.h"
#include "crossgo/format_registry.h"
#include "crossgo/hex.h"
#include "crossgo/limits.h"
#include "crossgo/patch.h"
#include "patch/elf_edit_model.h"
#include "patch/patch_internal.h"

namespace crossgo::patch {

namespace detail {
// Built field by field: a designated initialiser with a nested Location makes GCC 12 -O3 warn
// maybe-uninitialized (the note in finding.h).
Finding refusal(Code code, const std::string& file, std::string message, std::string fix) {
  Finding f{.code = code};
  f.location.file = file;
  f.subject = file;
  f.message = std::move(message);
  f.fix = std::move(fix);
  return f;
}
}  // namespace detail

namespace {

using namespace detail;

// A new segment further than this past the end of the file (a huge .bss pushes it there when the
// program headers move) is refused rather than written as a hole of that size.
constexpr uint64_t kMaxGap = 256ull << 20;
constexpr uint64_t kSpareDynamicSlots = 4;  // DT_NULLs left in a moved dynamic array for later edits

struct Edit {
  uint64_t tag = 0, val = 0;
  std::optional<size_t> original;  // index in Model::dyn
  std::optional<std::string> str;  // a new string value to place
};

// Tags whose value is the address of a table only the loader reads through that tag (gABI
// "Dynamic Section"; GNU's DT_GNU_HASH and DT_VERSYM): such a table can move when the tag moves
// with it. Version needs and definitions are not among them: crossgo may write into them.
bool is_relocatable_tag(uint64_t tag) {
  return tag == 4 /* DT_HASH */ || tag == 0x6ffffef5 /* DT_GNU_HASH */ || tag == 6 /* DT_SYMTAB */ || tag == DT_STRTAB ||
         tag == 0x6ffffff0 /* DT_VERSYM */;
}

// Whether a tag's value is an address (d_ptr) rather than a number (d_val), by the gABI's table
// and its rule for tags from DT_ENCODING (32) to DT_LOOS: even tags are addresses. Unknown OS and
// processor tags count as addresses, which only ever makes crossgo more careful.
bool is_pointer_tag(uint64_t tag) {
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

uint64_t align_up(uint64_t v, uint64_t a) { return a <= 1 ? v : (v + a - 1) / a * a; }

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

std::optional<Finding> Planner::check_value(const std::string& v, const char* what) const {
  if (v.empty()) return refusal(Code::CG894, file_, std::string("the new ") + what + " is empty");
  if (v.find('\0') != std::string::npos)
    return refusal(Code::CG894, file_, std::string("the new ") + what + " contains a NUL byte");
  if (v.size() > limits::kMaxStringBytes)
    return refusal(Code::CG894, file_, std::string("the new ") + what + " is longer than " +
                                           std::to_string(limits::kMaxStringBytes) + " bytes");
  return std::nullopt;
}

// --interpreter-for: the loader gcc would name for this file's architecture and ABI.
std::optional<Finding> Planner::resolve_interpreter(const Image& img, std::optional<std::string>& out) const {
  if (req_.interpreter) {
    out = req_.interpreter;
    return check_value(*out, "interpreter");
  }
  if (!req_.interpreter_for) return std::nullopt;
  const std::string& libc_name = *req_.interpreter_for;
  const LibcFlavour libc = libc_name == "glibc" ? LibcFlavour::glibc : libc_name == "musl" ? LibcFlavour::musl : LibcFlavour::unknown;
  if (libc == LibcFlavour::unknown)
    return refusal(Code::CG894, file_, "--interpreter-for takes glibc or musl, not " + libc_name);
  const char* goarch = analysis::goarch_for(img.arch, img.bits, img.endian);
  std::string abi;
  if (m_.machine == elf::EM_ARM) {
    // ARM ELF ABI: EF_ARM_ABI_FLOAT_HARD (0x400) / _SOFT (0x200); without either, the
    // Tag_ABI_VFP_args attribute says whether arguments travel in VFP registers.
    abi = (m_.eflags & 0x400) ? "hard" : (m_.eflags & 0x200) ? "soft"
          : (img.elf && img.elf->arm_vfp_args == 1u) ? "hard" : "soft";
  } else if (m_.machine == elf::EM_RISCV) {
    // RISC-V ELF psABI: EF_RISCV_FLOAT_ABI (bits 1-2): 0 soft (lp64), 2 single, 4 double (lp64d).
    const uint32_t f = m_.eflags & 0x6;
    abi = f == 4 ? "lp64d" : f == 0 ? "lp64" : "lp64f";
  }
  std::optional<std::string> path;
  if (goarch != nullptr) path = analysis::standard_loader(goarch, libc, abi);
  if (!path)
    return refusal(Code::CG894, file_,
                   "there is no standard " + libc_name + " loader for " + img.machine +
                       (abi.empty() ? std::string() : " with the " + abi + " ABI"),
                   "name the loader with --set-interpreter PATH");
  out = path;
  return std::nullopt;
}

std::string Planner::string_value(uint64_t off) const {
  const uint64_t strsz = m_.strtab.size();
  if (off >= strsz) {
    const uint64_t rel = off - strsz;
    if (rel >= appended_.size()) return {};
    return std::string(appended_.c_str() + rel);
  }
  const auto* begin = strtab_.data() + off;
  const auto* nul = static_cast<const uint8_t*>(std::memchr(begin, 0, strsz - off));
  if (nul == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(begin), static_cast<size_t>(nul - begin));
}

// Where string `s` will live in DT_STRTAB: reused, rewritten over the old value, or appended.
uint64_t Planner::place(const std::string& s, std::optional<size_t> edit_index, const std::string* replacing) {
  const std::string needle = s + std::string(1, '\0');
  auto found = std::search(strtab_.begin(), strtab_.end(), needle.begin(), needle.end());
  if (found != strtab_.end()) {
    const auto off = static_cast<uint64_t>(found - strtab_.begin());
    claimed_.push_back(off);
    step("\"" + s + "\" already is in the dynamic string table at " + hex(off) + ": reused");
    return off;
  }
  if (const size_t at = appended_.find(needle); at != std::string::npos) return m_.strtab.size() + at;

  // Overwrite the old string when nothing else reads any byte of it: no other dynamic entry, no
  // symbol or version name pointing into the string that contains it (tail merging), and no
  // string this plan already reuses there.
  if (edit_index && edits_[*edit_index].original && m_.refs_complete) {
    const Edit& e = edits_[*edit_index];
    const uint64_t o = e.val;
    const auto old = m_.string_at(o);
    if (old && s.size() <= old->size()) {
      const uint64_t end = o + old->size();  // its NUL
      uint64_t start = o;
      while (start > 0 && m_.strtab[start - 1] != 0) --start;
      auto inside = [&](uint64_t v) { return v >= start && v <= end; };
      bool shared = false;
      for (size_t i = 0; i < m_.dyn.size(); ++i)
        if (i != *e.original && is_string_tag(m_.dyn[i].tag) && inside(m_.dyn[i].val)) shared = true;
      for (const StringRef& r : m_.refs) {
        // A vn_file naming the library being renamed follows the rename (glibc matches version
        // needs to libraries by that name: elf/dl-version.c _dl_check_map_versions).
        if (r.vn_file && replacing && r.value == o) continue;
        if (inside(r.value)) shared = true;
      }
      for (uint64_t c : claimed_)
        if (inside(c)) shared = true;
      if (!shared) {
        std::fill(strtab_.begin() + static_cast<std::ptrdiff_t>(o), strtab_.begin() + static_cast<std::ptrdiff_t>(end), 0);
        std::copy(s.begin(), s.end(), strtab_.begin() + static_cast<std::ptrdiff_t>(o));
        claimed_.push_back(o);
        step("\"" + s + "\" overwrites \"" + *old + "\" at " + hex(o) + " (no other reference shares it)");
        return o;
      }
      step("\"" + *old + "\" at " + hex(o) + " is shared with another reference: not overwritten");
    }
  }
  const uint64_t off = m_.strtab.size() + appended_.size();
  appended_ += needle;
  return off;
}

std::optional<Finding> Planner::edit_dynamic() {
  for (size_t i = 0; i < m_.dyn.size(); ++i) edits_.push_back({m_.dyn[i].tag, m_.dyn[i].val, i, std::nullopt});
  auto value_of = [&](const Edit& e) { return m_.string_at(e.val).value_or(""); };
  auto assign = [&](size_t i, const std::string& s) { edits_[i].str = s; };

  if (req_.search_path != SearchPathOp::none) {
    std::vector<size_t> rp, rn;
    for (size_t i = 0; i < edits_.size(); ++i) {
      if (edits_[i].tag == DT_RPATH) rp.push_back(i);
      if (edits_[i].tag == DT_RUNPATH) rn.push_back(i);
    }
    std::set<size_t> drop;
    const SearchPathOp op = req_.search_path;
    const std::string& v = req_.search_path_value;
    if (op == SearchPathOp::remove) {
      drop.insert(rp.begin(), rp.end());
      drop.insert(rn.begin(), rn.end());
      if (!drop.empty()) step("DT_RPATH/DT_RUNPATH entries removed; the dynamic array shifts up over them");
    } else if (op == SearchPathOp::set_rpath || op == SearchPathOp::set_runpath) {
      // glibc ignores DT_RPATH when DT_RUNPATH is present (elf/dl-load.c _dl_map_object), so the
      // other tag goes; an entry of it is converted rather than a new one added.
      const bool to_rpath = op == SearchPathOp::set_rpath;
      const uint64_t tag = to_rpath ? DT_RPATH : DT_RUNPATH;
      std::vector<size_t>& same = to_rpath ? rp : rn;
      std::vector<size_t>& other = to_rpath ? rn : rp;
      size_t keep = SIZE_MAX;
      if (!same.empty()) keep = same.front();
      else if (!other.empty()) {
        keep = other.front();
        step(std::string(to_rpath ? "DT_RUNPATH converted to DT_RPATH" : "DT_RPATH converted to DT_RUNPATH"));
      }
      for (size_t i : rp) if (i != keep) drop.insert(i);
      for (size_t i : rn) if (i != keep) drop.insert(i);
      if (keep == SIZE_MAX) {
        edits_.push_back({tag, 0, std::nullopt, v});
        step(std::string(to_rpath ? "DT_RPATH" : "DT_RUNPATH") + " entry added");
      } else {
        edits_[keep].tag = tag;
        if (value_of(edits_[keep]) != v || !edits_[keep].original) assign(keep, v);
      }
    } else if (op == SearchPathOp::add) {
      // Added to the list the loader uses: DT_RUNPATH when there is one, then DT_RPATH.
      const std::optional<size_t> target = !rn.empty() ? std::optional(rn.front()) : !rp.empty() ? std::optional(rp.front()) : std::nullopt;
      if (!target) {
        edits_.push_back({DT_RUNPATH, 0, std::nullopt, v});
        step("DT_RUNPATH entry added");
      } else {
        const std::string old = value_of(edits_[*target]);
        bool present = false;
        for (size_t a = 0; a <= old.size();) {
          size_t b = old.find(':', a);
          if (b == std::string::npos) b = old.size();
          if (old.substr(a, b - a) == v) present = true;
          a = b + 1;
        }
        if (!present) {
          const std::string joined = old.empty() ? v : old + ":" + v;
          if (auto f = check_value(joined, "search path")) return f;
          assign(*target, joined);
        }
      }
    }
    std::vector<Edit> kept;
    for (size_t i = 0; i < edits_.size(); ++i)
      if (!drop.count(i)) kept.push_back(edits_[i]);
    edits_ = std::move(kept);
  }

  for (const auto& [old_name, new_name] : req_.replace_needed) {
    bool any = false;
    for (size_t i = 0; i < edits_.size(); ++i) {
      if (edits_[i].tag != DT_NEEDED || value_of(edits_[i]) != old_name || edits_[i].str) continue;
      any = true;
      if (old_name != new_name) assign(i, new_name);
    }
    if (!any)
      return refusal(Code::CG893, file_, "no DT_NEEDED entry names " + old_name,
                     "the file needs: see `crossgo inspect` or `readelf -d`");
  }

  // Place the strings, in entry order. The order matters only for reuse between them.
  for (size_t i = 0; i < edits_.size(); ++i) {
    if (!edits_[i].str) continue;
    std::string old_name;
    const bool renaming = edits_[i].tag == DT_NEEDED && edits_[i].original;
    if (renaming) old_name = value_of(edits_[i]);
    edits_[i].val = place(*edits_[i].str, i, renaming ? &old_name : nullptr);
    if (renaming) needed_renames_.emplace_back(old_name, edits_[i].val);
  }
  return std::nullopt;
}

void Planner::diff_write(uint64_t offset, std::span<const uint8_t> old_bytes, const std::vector<uint8_t>& now,
                         std::string what) {
  size_t first = 0, last = now.size();
  while (first < now.size() && first < old_bytes.size() && now[first] == old_bytes[first]) ++first;
  if (first == now.size()) return;
  while (last > first && last <= old_bytes.size() && now[last - 1] == old_bytes[last - 1]) --last;
  plan_.writes.push_back({offset + first, std::vector<uint8_t>(now.begin() + static_cast<std::ptrdiff_t>(first),
                                                               now.begin() + static_cast<std::ptrdiff_t>(last)),
                          std::move(what)});
}

// Room for one more program header where the table is. Tools that rewrite ELF files (strip,
// objcopy: BFD always puts the table right after the ELF header) and old kernels expect it at
// the start of the first PT_LOAD, so before moving the table crossgo tries: zero bytes after it
// (Go's internal linker leaves the rest of the first page free); or moving out of its way the
// sections that follow it when nothing but a program header points at them: .interp and notes
// (PT_INTERP, PT_NOTE, PT_GNU_PROPERTY), as patchelf does for executables.
Planner::Room Planner::room_for_one_more_phdr() const {
  Room r;
  const uint64_t table_end = m_.phoff + m_.phdrs.size() * m_.phdr_size();
  const uint64_t need_end = table_end + m_.phdr_size();
  const auto load = m_.load_containing_offset(m_.phoff, m_.phdrs.size() * m_.phdr_size());
  if (!load) return r;
  const uint64_t load_end = m_.phdrs[*load].offset + m_.phdrs[*load].filesz;
  if (need_end > load_end) return r;
  // Everything that starts at or after the table's end, in file order.
  struct Thing {
    uint64_t start, end;
    bool movable;
    bool shdrs = false;
  };
  std::vector<Thing> things;
  for (size_t i = 1; i < m_.shdrs.size(); ++i) {
    const Shdr& sh = m_.shdrs[i];
    if (sh.type == elf::SHT_NOBITS || sh.type == 0 || sh.size == 0 || sh.offset + sh.size <= table_end) continue;
    if (sh.offset < table_end) return r;  // overlaps the table
    const bool movable = (sh.flags & elf::SHF_ALLOC) &&
                         (sh.type == elf::SHT_NOTE || (m_.interp_sh && i == *m_.interp_sh) ||
                          std::any_of(m_.dyn.begin(), m_.dyn.end(), [&](const Dyn& d) { return is_relocatable_tag(d.tag) && d.val == sh.addr; }));
    things.push_back({sh.offset, sh.offset + sh.size, movable});
  }
  for (size_t i = 0; i < m_.phdrs.size(); ++i) {
    const Phdr& p = m_.phdrs[i];
    if (p.type == elf::PT_LOAD || p.type == elf::PT_PHDR || p.filesz == 0 || p.offset + p.filesz <= table_end) continue;
    if (p.offset < table_end) return r;
    const bool movable = p.type == elf::PT_INTERP || p.type == elf::PT_NOTE || p.type == elf::PT_GNU_PROPERTY;
    things.push_back({p.offset, p.offset + p.filesz, movable});
  }
  if (m_.dynamic_ph && m_.phdrs[*m_.dynamic_ph].offset >= table_end)
    things.push_back({m_.phdrs[*m_.dynamic_ph].offset, m_.phdrs[*m_.dynamic_ph].offset + 1, false});
  // The section header table is read by no loader: it can go to the end of the file.
  if (!m_.shdrs.empty() && m_.shoff >= table_end)
    things.push_back({m_.shoff, m_.shoff + m_.shdrs.size() * m_.shdr_size(), false, true});
  things.push_back({load_end, load_end, false});
  std::sort(things.begin(), things.end(), [](const Thing& a, const Thing& b) { return a.start < b.start; });
  if (things.front().start >= need_end) {  // zero bytes up to the first thing
    const auto gap = src_.read(table_end, m_.phdr_size(), "bytes after the program headers");
    r.grow_in_place = std::all_of(gap.begin(), gap.end(), [](uint8_t b) { return b == 0; });
    return r;
  }
  // Move the leading movable things until the next immovable one starts after need_end.
  uint64_t first = UINT64_MAX, end = 0, reach = table_end;
  for (const Thing& t : things) {
    if (t.start >= need_end && t.start >= reach) break;
    reach = std::max(reach, t.end);
    if (t.shdrs) {
      r.move_shdrs = true;
      continue;
    }
    if (!t.movable) return r;
    first = std::min(first, t.start);
    end = std::max(end, t.end);
  }
  if (first != UINT64_MAX) {
    // Nothing in the dynamic array may point into what moves (its addresses would go stale).
    const auto vaddr_of = [&](uint64_t off) { return m_.phdrs[*load].vaddr + (off - m_.phdrs[*load].offset); };
    for (const Dyn& d : m_.dyn)
      if (is_pointer_tag(d.tag) && !is_relocatable_tag(d.tag) && d.val >= vaddr_of(first) && d.val < vaddr_of(end)) return r;
    if (end - first > (1 << 20)) return r;
    r.block_start = first;
    r.block_end = end;
  }
  r.grow_in_place = true;
  return r;
}

std::optional<Finding> Planner::layout() {
  const uint64_t strsz = m_.strtab.size();
  const bool strings_added = !appended_.empty();
  bool move_strtab = strings_added && appended_.size() > m_.strtab_slack;
  if (strings_added) {
    for (Edit& e : edits_)
      if (e.tag == DT_STRSZ) e.val = strsz + appended_.size();
    step(move_strtab ? "the dynamic string table has no room for " + std::to_string(appended_.size()) +
                           " more bytes: it moves to a new segment"
                     : std::to_string(appended_.size()) + " bytes of strings go into unused zero bytes after the dynamic string table");
  }
  const bool move_dyn = m_.dynamic_ph && edits_.size() + 1 > m_.dyn_capacity;
  if (move_dyn) step("the dynamic array needs " + std::to_string(edits_.size() + 1) + " entries and holds " +
                     std::to_string(m_.dyn_capacity) + ": it moves to a new segment");
  uint64_t interp_room = 0;
  if (m_.interp_ph) {
    interp_room = m_.phdrs[*m_.interp_ph].filesz;
    if (m_.interp_sh) interp_room = std::min(interp_room, m_.shdrs[*m_.interp_sh].size);
  }
  bool move_interp = new_interp_ && new_interp_->size() + 1 > interp_room;
  if (new_interp_) step(move_interp ? "the interpreter needs " + std::to_string(new_interp_->size() + 1) + " bytes, PT_INTERP has " +
                                          std::to_string(interp_room) + ": it moves to a new segment"
                                    : "the interpreter fits PT_INTERP's " + std::to_string(interp_room) + " bytes: written in place");

  std::vector<Phdr> phdrs = m_.phdrs;
  std::vector<uint8_t> segment;
  uint64_t seg_off = 0, seg_vaddr = 0, dyn_vaddr = 0, dyn_cap = m_.dyn_capacity;
  uint64_t dyn_rel = 0, str_rel = 0, interp_rel = 0, ph_rel = 0;
  bool move_phdrs = false, grow_phdrs = false;
  uint64_t block_start = 0, block_end = 0, block_rel = 0;  // sections moved out of the table's way
  bool move_shdrs = false;
  std::vector<Shdr> shdrs = m_.shdrs;
  const bool need_segment = move_strtab || move_dyn || move_interp;
  if (m_.dynamic_ph) dyn_vaddr = m_.phdrs[*m_.dynamic_ph].vaddr;

  if (need_segment) {
    plan_.in_place = false;
    uint64_t align = 1, max_end = 0;
    std::optional<size_t> first_load;
    for (size_t i = 0; i < m_.phdrs.size(); ++i) {
      const Phdr& p = m_.phdrs[i];
      if (p.type != elf::PT_LOAD) continue;
      if (!first_load) first_load = i;
      align = std::max(align, p.align);
      max_end = std::max(max_end, p.vaddr + p.memsz);
    }
    if (!first_load) return refusal(Code::CG895, file_, "the file has no PT_LOAD segment to add one after");
    for (const Shdr& s : m_.shdrs)
      if ((s.flags & elf::SHF_ALLOC) && s.addr <= UINT64_MAX - s.size) max_end = std::max(max_end, s.addr + s.size);
    align = std::max<uint64_t>(align, 4096);
    if ((align & (align - 1)) != 0 || align > (1u << 30))
      return refusal(Code::CG895, file_, "PT_LOAD alignment " + hex(align) + " is not a power of two crossgo can honour");

    // One more program header: a PT_NULL entry makes room, or room after the table, else the
    // table moves.
    auto null_it = std::find_if(phdrs.begin(), phdrs.end(), [](const Phdr& p) { return p.type == PT_NULL; });
    Room room;
    if (null_it != phdrs.end()) {
      phdrs.erase(null_it);
      step("a PT_NULL program header makes room for the new PT_LOAD");
    } else if (room = room_for_one_more_phdr(); room.grow_in_place) {
      grow_phdrs = true;
      move_shdrs = room.move_shdrs;
      if (move_shdrs) step("the section header table after the program headers moves to the end of the file");
      if (room.block_end > room.block_start) {
        block_start = room.block_start;
        block_end = room.block_end;
        step("the sections after the program header table (" + hex(block_start) + "-" + hex(block_end) +
             ": .interp, notes) move to the new segment to make room for one more entry");
        // What this plan writes into must not be inside the copy: written once, beside it.
        if (new_interp_ && m_.interp_ph && m_.phdrs[*m_.interp_ph].offset >= block_start &&
            m_.phdrs[*m_.interp_ph].offset < block_end)
          move_interp = true;
        if (m_.has_strtab && m_.strtab_offset >= block_start && m_.strtab_offset < block_end) move_strtab = true;
      } else if (!move_shdrs) {
        step("zero bytes after the program header table make room for one more entry");
      }
    } else {
      move_phdrs = true;
      step("the program header table has no room for one more entry: it moves to the new segment (PT_PHDR follows)");
    }
    const size_t count = phdrs.size() + 1;
    uint64_t pos = 0;
    if (block_end > block_start) {
      block_rel = block_start % 64;  // offsets and addresses inside keep their alignment (notes: 4 or 8)
      pos = block_rel + (block_end - block_start);
    }
    if (move_phdrs) {
      pos = align_up(pos, 8);
      ph_rel = pos;
      pos += count * m_.phdr_size();
    }
    if (move_dyn) {
      pos = align_up(pos, m_.word());
      dyn_rel = pos;
      dyn_cap = edits_.size() + 1 + kSpareDynamicSlots;
      pos += dyn_cap * m_.dyn_size();
    }
    if (move_strtab) {
      str_rel = pos;
      pos += strsz + appended_.size();
    }
    if (move_interp) {
      interp_rel = pos;
      pos += new_interp_->size() + 1;
    }
    const uint64_t size = pos;
    if (m_.file_size > UINT64_MAX / 2 || max_end > UINT64_MAX / 2)
      return refusal(Code::CG895, file_, "the file's addresses are too large to add a segment after");
    seg_off = align_up(m_.file_size, align);
    seg_vaddr = align_up(max_end, align);
    if (move_phdrs) {
      const Phdr& f = m_.phdrs[*first_load];
      if (f.vaddr < f.offset || (f.vaddr - f.offset) % align != 0)
        return refusal(Code::CG895, file_, "the first PT_LOAD's address and offset do not allow moving the program headers");
      const uint64_t delta = f.vaddr - f.offset;
      if (seg_off + delta < seg_vaddr) seg_off = seg_vaddr - delta;
      seg_vaddr = seg_off + delta;
    }
    if (seg_off - m_.file_size > kMaxGap)
      return refusal(Code::CG895, file_, "the new segment would start " + std::to_string(seg_off - m_.file_size) +
                                             " bytes past the end of the file");
    const uint64_t limit = m_.bits == 32 ? (1ull << 32) : (1ull << 62);
    if (seg_vaddr + size > limit || seg_off + size > limit)
      return refusal(Code::CG895, file_, "the new segment would not fit the address space of an ELF" + std::to_string(m_.bits) + " file");
    const uint32_t flags = elf::PF_R | ((move_dyn && m_.dyn_writable) ? elf::PF_W : 0);
    const Phdr load{elf::PT_LOAD, flags, seg_off, seg_vaddr, seg_vaddr, size, size, align};
    // PT_LOAD entries stay sorted by p_vaddr (gABI): the new, highest one goes after the last.
    size_t last_load = 0;
    for (size_t i = 0; i < phdrs.size(); ++i)
      if (phdrs[i].type == elf::PT_LOAD) last_load = i;
    phdrs.insert(phdrs.begin() + static_cast<std::ptrdiff_t>(last_load + 1), load);
    if (block_end > block_start) {
      const auto load0 = m_.load_containing_offset(block_start, block_end - block_start);
      if (!load0) return refusal(Code::CG895, file_, "the sections after the program headers are not in one PT_LOAD");
      const uint64_t block_vaddr = m_.phdrs[*load0].vaddr + (block_start - m_.phdrs[*load0].offset);
      auto inside = [&](uint64_t off) { return off >= block_start && off < block_end; };
      for (Phdr& p : phdrs) {
        if (p.type == elf::PT_LOAD || p.type == elf::PT_PHDR || p.filesz == 0 || !inside(p.offset)) continue;
        p.offset = p.offset - block_start + seg_off + block_rel;
        p.vaddr = p.vaddr - block_vaddr + seg_vaddr + block_rel;
        p.paddr = p.vaddr;
      }
      for (Edit& e : edits_)
        if (is_relocatable_tag(e.tag) && e.val >= block_vaddr && e.val < block_vaddr + (block_end - block_start))
          e.val = e.val - block_vaddr + seg_vaddr + block_rel;
      for (size_t i = 1; i < shdrs.size(); ++i) {
        Shdr& sh = shdrs[i];
        if (sh.type == elf::SHT_NOBITS || sh.size == 0 || !inside(sh.offset)) continue;
        sh.offset = sh.offset - block_start + seg_off + block_rel;
        sh.addr = sh.addr - block_vaddr + seg_vaddr + block_rel;
      }
    }
    for (Phdr& p : phdrs) {
      if (p.type == elf::PT_PHDR && grow_phdrs) {
        p.filesz = p.memsz = count * m_.phdr_size();
      } else if (p.type == elf::PT_PHDR && move_phdrs) {
        p.offset = seg_off + ph_rel;
        p.vaddr = p.paddr = seg_vaddr + ph_rel;
        p.filesz = p.memsz = count * m_.phdr_size();
      } else if (p.type == elf::PT_DYNAMIC && move_dyn) {
        p.offset = seg_off + dyn_rel;
        p.vaddr = p.paddr = seg_vaddr + dyn_rel;
        p.filesz = p.memsz = dyn_cap * m_.dyn_size();
      } else if (p.type == elf::PT_INTERP && move_interp) {
        p.offset = seg_off + interp_rel;
        p.vaddr = p.paddr = seg_vaddr + interp_rel;
        p.filesz = p.memsz = new_interp_->size() + 1;
      }
    }
    NewSegment ns{seg_off, seg_vaddr, size, align, flags, {}};
    if (move_phdrs) ns.contents.push_back("program headers");
    if (move_dyn) ns.contents.push_back(".dynamic");
    if (move_strtab) ns.contents.push_back(".dynstr");
    if (move_interp) ns.contents.push_back(".interp");
    plan_.new_segment = ns;
    segment.assign(size, 0);
    if (block_end > block_start) {
      const auto bytes = src_.read(block_start, block_end - block_start, "sections moved out of the program headers' way");
      std::copy(bytes.begin(), bytes.end(), segment.begin() + static_cast<std::ptrdiff_t>(block_rel));
      ns.contents.insert(ns.contents.begin(), "sections after the program headers");
      plan_.new_segment = ns;
    }
    if (move_strtab) {
      for (Edit& e : edits_)
        if (e.tag == DT_STRTAB) e.val = seg_vaddr + str_rel;
      std::copy(strtab_.begin(), strtab_.end(), segment.begin() + static_cast<std::ptrdiff_t>(str_rel));
      std::copy(appended_.begin(), appended_.end(), segment.begin() + static_cast<std::ptrdiff_t>(str_rel + strsz));
    }
    if (move_interp) std::copy(new_interp_->begin(), new_interp_->end(), segment.begin() + static_cast<std::ptrdiff_t>(interp_rel));
  }

  // The dynamic array. DT_MIPS_RLD_MAP_REL is relative to its own entry's address (binutils
  // elfxx-mips.c), so an entry that moves carries its value along.
  if (m_.dynamic_ph) {
    const uint64_t base = move_dyn ? seg_vaddr + dyn_rel : dyn_vaddr;
    std::vector<Dyn> entries;
    for (size_t i = 0; i < edits_.size(); ++i) {
      Dyn d{edits_[i].tag, edits_[i].val};
      if (m_.machine == elf::EM_MIPS && d.tag == DT_MIPS_RLD_MAP_REL && edits_[i].original)
        d.val -= (base + i * m_.dyn_size()) - (dyn_vaddr + *edits_[i].original * m_.dyn_size());
      entries.push_back(d);
    }
    const auto bytes = encode_dyn(m_, entries, dyn_cap);
    if (move_dyn) std::copy(bytes.begin(), bytes.end(), segment.begin() + static_cast<std::ptrdiff_t>(dyn_rel));
    else diff_write(m_.phdrs[*m_.dynamic_ph].offset, src_.read(m_.phdrs[*m_.dynamic_ph].offset, bytes.size(), "dynamic array"),
                    bytes, "dynamic array");
  }
  // Strings rewritten in place, and strings appended into the slack.
  if (!move_strtab && m_.has_strtab) {
    diff_write(m_.strtab_offset, m_.strtab, strtab_, "dynamic string table (rewritten string)");
    if (strings_added)
      plan_.writes.push_back({m_.strtab_offset + strsz, std::vector<uint8_t>(appended_.begin(), appended_.end()),
                              "dynamic string table (appended strings)"});
  }
  // Version needs that name a renamed library follow it.
  for (const StringRef& r : m_.refs) {
    if (!r.vn_file) continue;
    const auto name = m_.string_at(r.value);
    for (const auto& [old_name, new_off] : needed_renames_) {
      if (!name || *name != old_name || r.value == new_off) continue;
      std::vector<uint8_t> v;
      put_uint(v, 0, new_off, 4, m_.endian);
      plan_.writes.push_back({r.field_offset, v, "vn_file of the version need for " + old_name});
      break;
    }
  }
  if (new_interp_ && !move_interp) {
    const Phdr& p = m_.phdrs[*m_.interp_ph];
    std::vector<uint8_t> now(p.filesz, 0);
    std::copy(new_interp_->begin(), new_interp_->end(), now.begin());
    diff_write(p.offset, src_.read(p.offset, p.filesz, "PT_INTERP"), now, "PT_INTERP string");
  }
  // The program header table, where it is or in the new segment.
  {
    std::vector<uint8_t> table;
    for (const Phdr& p : phdrs) {
      const auto e = encode_phdr(m_, p);
      table.insert(table.end(), e.begin(), e.end());
    }
    if (grow_phdrs) {
      plan_.writes.push_back({m_.phoff, table, "program header table (one entry longer)"});
      std::vector<uint8_t> n;
      put_uint(n, 0, phdrs.size(), 2, m_.endian);
      plan_.writes.push_back({m_.bits == 64 ? 56u : 44u, n, "e_phnum"});
    } else if (move_phdrs) {
      std::copy(table.begin(), table.end(), segment.begin() + static_cast<std::ptrdiff_t>(ph_rel));
      std::vector<uint8_t> eh;
      const size_t phoff_at = m_.bits == 64 ? 32 : 28, phnum_at = m_.bits == 64 ? 56 : 44;
      put_uint(eh, 0, seg_off + ph_rel, m_.word(), m_.endian);
      plan_.writes.push_back({phoff_at, eh, "e_phoff"});
      std::vector<uint8_t> n;
      put_uint(n, 0, phdrs.size(), 2, m_.endian);
      plan_.writes.push_back({phnum_at, n, "e_phnum"});
    } else {
      diff_write(m_.phoff, src_.read(m_.phoff, m_.phdrs.size() * m_.phdr_size(), "program headers"), table, "program header table");
    }
  }
  // Section headers of what moved or grew, so that readelf, strip and debuggers agree.
  auto update_section = [&](std::optional<size_t> index, uint64_t offset, uint64_t addr, uint64_t size) {
    if (!index) return;
    shdrs[*index].offset = offset;
    shdrs[*index].addr = addr;
    shdrs[*index].size = size;
  };
  if (move_strtab) update_section(m_.dynstr_sh, seg_off + str_rel, seg_vaddr + str_rel, strsz + appended_.size());
  else if (strings_added && m_.dynstr_sh && m_.shdrs[*m_.dynstr_sh].size < strsz + appended_.size())
    update_section(m_.dynstr_sh, m_.strtab_offset, m_.strtab_vaddr, strsz + appended_.size());
  if (move_dyn) update_section(m_.dynamic_sh, seg_off + dyn_rel, seg_vaddr + dyn_rel, dyn_cap * m_.dyn_size());
  if (move_interp) update_section(m_.interp_sh, seg_off + interp_rel, seg_vaddr + interp_rel, new_interp_->size() + 1);
  // Section headers of what moved or grew, so that readelf, strip and debuggers agree.
  uint64_t end_of_file = need_segment ? seg_off + plan_.new_segment->size : m_.file_size;
  if (move_shdrs) {
    const uint64_t new_shoff = align_up(end_of_file, 8);
    std::vector<uint8_t> table;
    for (const Shdr& sh : shdrs) {
      const auto e = encode_shdr(m_, sh);
      table.insert(table.end(), e.begin(), e.end());
    }
    std::vector<uint8_t> at;
    put_uint(at, 0, new_shoff, m_.word(), m_.endian);
    plan_.writes.push_back({m_.bits == 64 ? 40u : 32u, at, "e_shoff"});
    plan_.writes.push_back({new_shoff, std::move(table), "section header table (moved to the end)"});
    end_of_file = new_shoff + shdrs.size() * m_.shdr_size();
  } else {
    for (size_t i = 0; i < shdrs.size(); ++i) {
      const uint64_t at = m_.shoff + i * m_.shdr_size();
      diff_write(at, src_.read(at, m_.shdr_size(), "section header"), encode_shdr(m_, shdrs[i]), "section header " + std::to_string(i));
    }
  }
  if (need_segment) plan_.writes.push_back({seg_off, std::move(segment), "new PT_LOAD segment"});

  std::sort(plan_.writes.begin(), plan_.writes.end(), [](const Write& a, const Write& b) { return a.offset < b.offset; });
  for (size_t i = 1; i < plan_.writes.size(); ++i) {
    const Write& a = plan_.writes[i - 1];
    if (a.offset + a.bytes.size() > plan_.writes[i].offset)
      return refusal(Code::CG895, file_, "the file's structures overlap (" + a.what + " and " + plan_.writes[i].what +
                                             " at " + hex(plan_.writes[i].offset) + "): crossgo will not rewrite it");
  }
  plan_.new_size = end_of_file;
  return std::nullopt;
}

Outcome Planner::run() {
  auto image = kElfReader.read(src_);
  if (!image) return Outcome{std::nullopt, std::nullopt, image.error()};
  if (m_.type != elf::ET_EXEC && m_.type != elf::ET_DYN)
    return Outcome{std::nullopt, refusal(Code::CG895, file_, "only executables and shared libraries can be patched (e_type " +
                                                                 std::to_string(m_.type) + ")"), std::nullopt};
  plan_.bits = m_.bits;
  plan_.big_endian = m_.endian == Endian::big;
  plan_.machine = image->machine;
  plan_.old_size = m_.file_size;

  if (auto f = resolve_interpreter(*image, new_interp_)) return Outcome{std::nullopt, f, std::nullopt};
  if (new_interp_ && !m_.interp_ph)
    return Outcome{std::nullopt,
                   refusal(Code::CG891, file_, "the file has no PT_INTERP: it is statically linked (or a shared library) and names no loader",
                           "a static binary needs no interpreter; relink dynamically to use one"),
                   std::nullopt};
  const bool dynamic_change = req_.search_path != SearchPathOp::none || !req_.replace_needed.empty();
  if (dynamic_change && (!m_.dynamic_ph || !m_.has_strtab))
    return Outcome{std::nullopt,
                   refusal(Code::CG892, file_, "the file has no dynamic section (PT_DYNAMIC with DT_STRTAB): it has no RPATH, RUNPATH or DT_NEEDED to change"),
                   std::nullopt};
  if (req_.search_path == SearchPathOp::set_rpath || req_.search_path == SearchPathOp::set_runpath ||
      req_.search_path == SearchPathOp::add)
    if (auto f = check_value(req_.search_path_value, "search path")) return Outcome{std::nullopt, f, std::nullopt};
  for (const auto& [o, n] : req_.replace_needed)
    if (auto f = check_value(n, "library name")) return Outcome{std::nullopt, f, std::nullopt};

  auto values = [&](Values& v, auto&& str_of, const std::vector<Edit>& entries) {
    for (const Edit& e : entries) {
      // Several entries of one tag read as one list, as crossgo's reader joins them.
      if (e.tag == DT_RPATH) v.rpath = v.rpath ? *v.rpath + ":" + str_of(e.val) : str_of(e.val);
      if (e.tag == DT_RUNPATH) v.runpath = v.runpath ? *v.runpath + ":" + str_of(e.val) : str_of(e.val);
      if (e.tag == DT_NEEDED) v.needed.push_back(str_of(e.val));
    }
  };
  if (m_.interp_ph) plan_.before.interpreter = m_.interp;
  if (m_.has_strtab) {
    std::vector<Edit> orig;
    for (const Dyn& d : m_.dyn) orig.push_back({d.tag, d.val, std::nullopt, std::nullopt});
    values(plan_.before, [&](uint64_t o) { return m_.string_at(o).value_or(""); }, orig);
  }
  if (dynamic_change) {
    if (auto f = edit_dynamic()) return Outcome{std::nullopt, f, std::nullopt};
  } else {
    for (size_t i = 0; i < m_.dyn.size(); ++i) edits_.push_back({m_.dyn[i].tag, m_.dyn[i].val, i, std::nullopt});
  }
  if (auto f = layout()) return Outcome{std::nullopt, f, std::nullopt};
  plan_.after.interpreter = new_interp_ ? new_interp_ : plan_.before.interpreter;
  if (m_.has_strtab) values(plan_.after, [&](uint64_t o) { return string_value(o); }, edits_);
  plan_.changes = !plan_.writes.empty();
  if (!plan_.changes) step("the file already says what was asked: nothing to write");
  return Outcome{std::move(plan_), std::nullopt, std::nullopt};
}

}  // namespace

Outcome plan_patch(ByteSource& src, const Request& request, const std::string& file) {
  const auto head = src.read_up_to(0, kMagicBytes, "file header");
  if (head.size() < 4 || std::memcmp(head.data(), "\x7f" "ELF", 4) != 0) {
    const FormatReader* r = find_format_reader(head);
    const std::string what = r ? std::string("a ") + format_name(r->format) + " file" : std::string("not an ELF file");
    return Outcome{std::nullopt,
                   refusal(Code::CG890, file, "the file is " + what + ": crossgo patch changes ELF files only",
                           r && (r->format == Format::macho || r->format == Format::pe)
                               ? "Mach-O and PE binaries are usually signed; change them with the platform's tools (install_name_tool, then re-sign)"
                               : std::string()),
                   std::nullopt};
  }
  try {
    Model m = read_model(src);
    Planner p(src, m, request, file);
    return p.run();
  } catch (const ParseError& e) {
    return Outcome{std::nullopt, std::nullopt, e.error()};
  } catch (const Unsupported& u) {
    return Outcome{std::nullopt, refusal(Code::CG895, file, u.message + " (at offset " + hex(u.offset) + ")"), std::nullopt};
  }
}

}  // namespace crossgo::patch
