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
//     elf_get_dynamic_info relocating d_ptr values in place);
//  3. the program header table needs one more entry then: a PT_NULL entry, or room made where the
//     table is (layout.cc, room_for_one_more_phdr), or else the table moves into the new segment
//     and PT_PHDR follows it, the new segment's vaddr - offset then equal to the first PT_LOAD's
//     so that kernels before Linux 5.18 (which compute AT_PHDR as that load's bias + e_phoff) and
//     qemu-user still find it.
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

#include "patch/planner.h"
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

}  // namespace detail

Outcome plan_patch(ByteSource& src, const Request& request, const std::string& file) {
  using detail::refusal;
  using detail::Unsupported;
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
    detail::Model m = detail::read_model(src);
    detail::Planner p(src, m, request, file);
    return p.run();
  } catch (const ParseError& e) {
    return Outcome{std::nullopt, std::nullopt, e.error()};
  } catch (const Unsupported& u) {
    return Outcome{std::nullopt, refusal(Code::CG895, file, u.message + " (at offset " + hex(u.offset) + ")"), std::nullopt};
  }
}

}  // namespace crossgo::patch
