// Mach-O details as the file states them: header numbers in hex with their <mach-o/loader.h>
// names, the platform/version commands, every segment with both protections, UUID, code signature
// and encryption. Keys are documented in docs/formats/macho.md.
#include <cstdio>
#include <string>

#include "formats/macho/macho_names.h"
#include "formats/macho/macho_structs.h"
#include "output/details.h"
#include "crossgo/hex.h"

namespace crossgo::output {
namespace {

// "rwx" as otool and llvm-objdump print VM_PROT_* sets.
std::string prot(uint32_t p) {
  std::string s = "---";
  if (p & macho::VM_PROT_READ) s[0] = 'r';
  if (p & macho::VM_PROT_WRITE) s[1] = 'w';
  if (p & macho::VM_PROT_EXECUTE) s[2] = 'x';
  return s;
}

// The name a little-endian host's <mach-o/loader.h> gives the first word, as otool prints it.
const char* magic_name(uint32_t m) {
  switch (m) {
    case macho::MH_MAGIC: return "MH_MAGIC";
    case macho::MH_CIGAM: return "MH_CIGAM";
    case macho::MH_MAGIC_64: return "MH_MAGIC_64";
    case macho::MH_CIGAM_64: return "MH_CIGAM_64";
    default: return nullptr;
  }
}

// A <mach-o/loader.h> name, or null for a value it does not name.
void name_or_null(JsonWriter& w, std::string_view key, const char* n) {
  w.key(key);
  n != nullptr ? w.value(n) : w.null();
}

std::string platform_text(const MachOBuildVersion& b) {
  const char* p = macho::platform_name(b.platform);
  std::string s = (p != nullptr ? std::string(p) : "platform " + std::to_string(b.platform)) + " " + b.minos;
  if (!b.sdk.empty()) s += " (sdk " + b.sdk + ")";
  return s + " [" + b.source + "]";
}

}  // namespace

void macho_details_json(JsonWriter& w, const MachODetails& d) {
  w.begin_object();
  w.field("magic", hex(d.magic));
  name_or_null(w, "magic_name", magic_name(d.magic));
  w.field("cputype", hex(d.cputype));
  name_or_null(w, "cputype_name", macho::cputype_name(d.cputype));
  w.field("cpusubtype", hex(d.cpusubtype));
  name_or_null(w, "cpusubtype_name", macho::cpusubtype_name(d.cputype, d.cpusubtype));
  w.field("arch_name", d.arch_name);
  w.field("filetype", d.filetype);
  name_or_null(w, "filetype_name", macho::filetype_name(d.filetype));
  w.field("flags", hex(d.flags));
  w.field("flag_names", macho::header_flag_names(d.flags));
  w.field("ncmds", d.ncmds);
  w.field("sizeofcmds", d.sizeofcmds);
  w.key("entryoff");
  d.entryoff ? w.value(hex(*d.entryoff)) : w.null();
  w.key("build_versions");
  w.begin_array();
  for (const auto& b : d.build_versions) {
    w.begin_object();
    w.field("source", b.source);
    w.field("platform", b.platform);
    name_or_null(w, "platform_name", macho::platform_name(b.platform));
    w.field("minos", b.minos);
    w.key("sdk");
    b.sdk.empty() ? w.null() : w.value(b.sdk);
    w.end_object();
  }
  w.end_array();
  w.key("segments");
  w.begin_array();
  for (const auto& s : d.segments) {
    w.begin_object();
    w.field("name", s.name);
    w.field("vmaddr", hex(s.vmaddr));
    w.field("vmsize", hex(s.vmsize));
    w.field("fileoff", s.fileoff);
    w.field("filesize", s.filesize);
    w.field("maxprot", prot(s.maxprot));
    w.field("initprot", prot(s.initprot));
    w.field("nsects", s.nsects);
    w.field("flags", hex(s.flags));
    w.end_object();
  }
  w.end_array();
  w.field("uuid", d.uuid);
  w.field("code_signature", d.has_code_signature);
  w.field("encrypted", d.encrypted);
  w.end_object();
}

DetailLines macho_details_text(const MachODetails& d) {
  DetailLines out;
  out.emplace_back("mach-o cpu", macho::machine_string(d.cputype, d.cpusubtype) + ", " + d.arch_name);
  const char* ft = macho::filetype_name(d.filetype);
  out.emplace_back("mach-o file type", (ft != nullptr ? std::string(ft) + " " : std::string()) + "(" + hex(d.filetype) + ")");
  std::string flags = hex(d.flags);
  for (const auto& n : macho::header_flag_names(d.flags)) flags += " " + n;
  out.emplace_back("mach-o flags", flags);
  out.emplace_back("mach-o load commands", std::to_string(d.ncmds) + " (" + std::to_string(d.sizeofcmds) + " bytes)");
  for (const auto& b : d.build_versions) out.emplace_back("mach-o platform", platform_text(b));
  for (const auto& s : d.segments) {
    out.emplace_back("mach-o segment", s.name + " " + hex(s.vmaddr) + " size " + hex(s.vmsize) + " " +
                                           prot(s.initprot) + "/" + prot(s.maxprot));
  }
  if (d.uuid) out.emplace_back("mach-o uuid", *d.uuid);
  out.emplace_back("mach-o code signature", d.has_code_signature ? "yes" : "no");
  if (d.encrypted) out.emplace_back("mach-o encrypted", "yes (LC_ENCRYPTION_INFO cryptid != 0)");
  return out;
}

}  // namespace crossgo::output
