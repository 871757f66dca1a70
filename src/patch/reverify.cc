// The last check before a patched file replaces the original: read it back with crossgo's own
// ELF reader (the one inspect uses, not the edit model that planned the change) and refuse what
// a loader could trip over. The plan is trusted for nothing here.
#include <algorithm>
#include <set>

#include "crossgo/elf_constants.h"
#include "crossgo/format_registry.h"
#include "crossgo/hex.h"
#include "crossgo/patch.h"

namespace crossgo::patch {
namespace {

std::optional<std::string> first_of(const std::vector<std::string>& v) {
  if (v.empty()) return std::nullopt;
  std::string s;
  for (const auto& p : v) s += (s.empty() ? "" : ":") + p;
  return s;
}

std::string show(const std::optional<std::string>& s) { return s ? "\"" + *s + "\"" : std::string("none"); }

}  // namespace

std::optional<std::string> reverify(ByteSource& input, ByteSource& patched, const Plan& plan) {
  auto before = kElfReader.read(input);
  auto after = kElfReader.read(patched);
  if (!after) return "the patched file does not read back as ELF: " + after.error().to_string();
  const Image& img = *after;
  if (img.interpreter != plan.after.interpreter)
    return "the interpreter reads back as " + show(img.interpreter) + ", not " + show(plan.after.interpreter);
  // The reader splits the search paths at ':'; the plan holds the string.
  if (first_of(img.rpath) != plan.after.rpath && !(img.rpath.empty() && plan.after.rpath && plan.after.rpath->empty()))
    return "DT_RPATH reads back as " + show(first_of(img.rpath)) + ", not " + show(plan.after.rpath);
  if (first_of(img.runpath) != plan.after.runpath && !(img.runpath.empty() && plan.after.runpath && plan.after.runpath->empty()))
    return "DT_RUNPATH reads back as " + show(first_of(img.runpath)) + ", not " + show(plan.after.runpath);
  if (img.library_names() != plan.after.needed) return "the DT_NEEDED list does not read back as planned";
  const auto& ph = img.elf->program_headers;
  for (size_t i = 0; i < ph.size(); ++i) {
    if (ph[i].type == elf::PT_LOAD && (ph[i].flags & elf::PF_W) && (ph[i].flags & elf::PF_X) && before &&
        std::none_of(before->elf->program_headers.begin(), before->elf->program_headers.end(), [&](const ElfProgramHeader& p) {
          return p.type == elf::PT_LOAD && (p.flags & elf::PF_W) && (p.flags & elf::PF_X);
        }))
      return "segment " + std::to_string(i) + " would be writable and executable";
  }
  auto covered = [&](uint64_t addr, uint64_t size) {
    for (const auto& p : ph)
      if (p.type == elf::PT_LOAD && addr >= p.vaddr && size <= p.memsz && addr - p.vaddr <= p.memsz - size) return true;
    return false;
  };
  uint64_t last_vaddr = 0;
  bool first = true;
  for (const auto& p : ph) {
    if (p.type != elf::PT_LOAD) continue;
    if (!first && p.vaddr < last_vaddr) return "PT_LOAD segments are not sorted by address";
    if (p.align > 1 && (p.offset % p.align) != (p.vaddr % p.align))
      return "a PT_LOAD's offset and address disagree modulo its alignment";
    last_vaddr = p.vaddr;
    first = false;
  }
  for (const auto& p : ph) {
    if (p.type == elf::PT_PHDR && !covered(p.vaddr, p.memsz)) return "PT_PHDR is not inside a PT_LOAD";
    if ((p.type == elf::PT_INTERP || p.type == elf::PT_DYNAMIC) && !covered(p.vaddr, p.memsz))
      return std::string(p.type == elf::PT_INTERP ? "PT_INTERP" : "PT_DYNAMIC") + " is not inside a PT_LOAD";
  }
  for (const auto& s : img.sections) {
    // TLS sections live in the PT_TLS template, not at their address (gABI "Thread-Local Storage").
    if (!s.alloc || s.size == 0 || (s.flags & 0x400)) continue;
    if (!covered(s.addr, s.size)) return "section " + s.name + " (SHF_ALLOC) is not inside a PT_LOAD";
  }
  if (before) {
    const std::set<std::string> old(before->warnings.begin(), before->warnings.end());
    for (const auto& w : img.warnings)
      if (!old.count(w)) return "the patched file reads with a new warning: " + w;
  }
  if (patched.size() != plan.new_size) return "the patched file is " + std::to_string(patched.size()) + " bytes, not " + std::to_string(plan.new_size);
  return std::nullopt;
}

}  // namespace crossgo::patch
