// Mach-O details as the file states them: header numbers in hex with their <mach-o/loader.h>
// names, the platform/version commands, every segment with both protections, UUID, code signature
// and encryption. Keys are documented in docs/formats/macho.md.
#include <cstdio>
#include <string>

#include "formats/macho/macho_names.h"
#include "formats/macho/macho_structs.h"
#include "output/details.h"

namespace crossgo::output {
namespace {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

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

nlohmann::ordered_json name_or_null(const char* n) {
  return n != nullptr ? nlohmann::ordered_json(n) : nlohmann::ordered_json(nullptr);
}

std::string platform_text(const MachOBuildVersion& b) {
  const char* p = macho::platform_name(b.platform);
  std::string s = (p != nullptr ? std::string(p) : "platform " + std::to_string(b.platform)) + " " + b.minos;
  if (!b.sdk.empty()) s += " (sdk " + b.sdk + ")";
  return s + " [" + b.source + "]";
}

}  // namespace

nlohmann::ordered_json macho_details_json(const MachODetails& d) {
  nlohmann::ordered_json j;
  j["magic"] = hex(d.magic);
  j["magic_name"] = name_or_null(magic_name(d.magic));
  j["cputype"] = hex(d.cputype);
  j["cputype_name"] = name_or_null(macho::cputype_name(d.cputype));
  j["cpusubtype"] = hex(d.cpusubtype);
  j["cpusubtype_name"] = name_or_null(macho::cpusubtype_name(d.cputype, d.cpusubtype));
  j["arch_name"] = d.arch_name;
  j["filetype"] = d.filetype;
  j["filetype_name"] = name_or_null(macho::filetype_name(d.filetype));
  j["flags"] = hex(d.flags);
  j["flag_names"] = macho::header_flag_names(d.flags);
  j["ncmds"] = d.ncmds;
  j["sizeofcmds"] = d.sizeofcmds;
  j["entryoff"] = d.entryoff ? nlohmann::ordered_json(hex(*d.entryoff)) : nlohmann::ordered_json(nullptr);
  auto versions = nlohmann::ordered_json::array();
  for (const auto& b : d.build_versions) {
    nlohmann::ordered_json v;
    v["source"] = b.source;
    v["platform"] = b.platform;
    v["platform_name"] = name_or_null(macho::platform_name(b.platform));
    v["minos"] = b.minos;
    v["sdk"] = b.sdk.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(b.sdk);
    versions.push_back(std::move(v));
  }
  j["build_versions"] = std::move(versions);
  auto segments = nlohmann::ordered_json::array();
  for (const auto& s : d.segments) {
    nlohmann::ordered_json v;
    v["name"] = s.name;
    v["vmaddr"] = hex(s.vmaddr);
    v["vmsize"] = hex(s.vmsize);
    v["fileoff"] = s.fileoff;
    v["filesize"] = s.filesize;
    v["maxprot"] = prot(s.maxprot);
    v["initprot"] = prot(s.initprot);
    v["nsects"] = s.nsects;
    v["flags"] = hex(s.flags);
    segments.push_back(std::move(v));
  }
  j["segments"] = std::move(segments);
  j["uuid"] = d.uuid ? nlohmann::ordered_json(*d.uuid) : nlohmann::ordered_json(nullptr);
  j["code_signature"] = d.has_code_signature;
  j["encrypted"] = d.encrypted;
  return j;
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
