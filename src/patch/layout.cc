// Where what does not fit goes (the second and third steps of planner.cc's order): the new
// PT_LOAD at the end of the file, one more program header for it, and every byte range the
// plan writes.
#include <algorithm>

#include "crossgo/elf_constants.h"
#include "crossgo/hex.h"
#include "patch/patch_internal.h"
#include "patch/planner.h"

namespace crossgo::patch::detail {

// Room for one more program header where the table is. Tools that rewrite ELF files (strip,
// objcopy: BFD always puts the table right after the ELF header) and old kernels expect it at
// the start of the first PT_LOAD, so before moving the table crossgo tries: zero bytes after it
// (Go's internal linker leaves the rest of the first page free); moving the section header
// table, which no loader reads, to the end of the file (Go's linker writes it right after the
// program headers); moving out of its way the sections that follow it when nothing but a program
// header or a dynamic tag that moves with them points at them: .interp and notes (PT_INTERP,
// PT_NOTE, PT_GNU_PROPERTY), the hash tables, .dynsym, .dynstr and .gnu.version (DT_HASH,
// DT_GNU_HASH, DT_SYMTAB, DT_STRTAB, DT_VERSYM), as patchelf does for executables.
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

}  // namespace crossgo::patch::detail
