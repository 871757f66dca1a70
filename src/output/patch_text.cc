// crossgo patch's text output: one line for what happened, the values that change, and with
// --dry-run (or -v) the plan: why each thing is where it is, and every byte range written.
#include <fmt/format.h>

#include "crossgo/finding_registry.h"
#include "crossgo/patch_output.h"
#include "crossgo/text_escape.h"

namespace crossgo::output {
namespace {

std::string shown(const std::optional<std::string>& s) { return s ? escape_for_terminal(*s) : std::string("(none)"); }

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ", ";
    out += escape_for_terminal(s);
  }
  return out.empty() ? std::string("(none)") : out;
}

void value_line(std::string& out, const char* name, const std::string& before, const std::string& after) {
  if (before == after) return;
  out += fmt::format("  {:<12} {} -> {}\n", name, before, after);
}

std::string flags_name(uint32_t f) {
  std::string s;
  s += (f & 4) ? "R" : "";
  s += (f & 2) ? "W" : "";
  s += (f & 1) ? "X" : "";
  return s;
}

}  // namespace

std::string patch_text(const patch::FileResult& r, bool dry_run) {
  std::string out;
  const std::string file = escape_for_terminal(r.file);
  if (r.outcome.refusal) {
    const Finding& f = *r.outcome.refusal;
    out += fmt::format("{}: refused: {} [{} {}]\n", file, escape_for_terminal(f.message), f.id(), finding_info(f.code).name);
    if (!f.fix.empty()) out += "  fix: " + escape_for_terminal(f.fix) + "\n";
    return out;
  }
  if (!r.outcome.plan) return out;  // unreadable: the CLI prints the error
  const patch::Plan& p = *r.outcome.plan;
  if (r.reverify_failure) {
    out += fmt::format("{}: refused: {} [{}]\n", file, escape_for_terminal(r.reverify_failure->message), r.reverify_failure->id());
  } else if (!p.changes) {
    out += file + ": unchanged (it already says what was asked)\n";
  } else if (dry_run) {
    out += fmt::format("{}: would be patched {} (dry run: nothing written)\n", file,
                       p.in_place ? "in place" : "with a new PT_LOAD segment");
  } else if (r.written) {
    out += fmt::format("{}: patched {}, {} bytes written{}\n", file, p.in_place ? "in place" : "with a new PT_LOAD segment",
                       r.bytes_written, r.output != r.file ? " to " + escape_for_terminal(r.output) : std::string());
  }
  value_line(out, "interpreter", shown(p.before.interpreter), shown(p.after.interpreter));
  value_line(out, "rpath", shown(p.before.rpath), shown(p.after.rpath));
  value_line(out, "runpath", shown(p.before.runpath), shown(p.after.runpath));
  value_line(out, "needed", joined(p.before.needed), joined(p.after.needed));
  if (!dry_run) return out;
  out += fmt::format("plan for ELF{} {}-endian {}:\n", p.bits, p.big_endian ? "big" : "little", p.machine);
  for (const auto& s : p.steps) out += "  - " + escape_for_terminal(s) + "\n";
  if (p.new_segment) {
    const auto& s = *p.new_segment;
    std::string contents;
    for (const auto& c : s.contents) contents += (contents.empty() ? "" : ", ") + c;
    out += fmt::format("  new PT_LOAD: offset {:#x}, vaddr {:#x}, size {}, align {:#x}, {} ({})\n", s.offset, s.vaddr, s.size,
                       s.align, flags_name(s.flags), contents);
  }
  if (p.new_size != p.old_size) out += fmt::format("  file size: {} -> {} bytes\n", p.old_size, p.new_size);
  if (!p.writes.empty()) out += "  writes:\n";
  for (const auto& w : p.writes) out += fmt::format("    {:#010x} {:>8} bytes  {}\n", w.offset, w.bytes.size(), w.what);
  return out;
}

}  // namespace crossgo::output
