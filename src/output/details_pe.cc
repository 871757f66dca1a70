// PE details: the COFF and optional header fields crossgo reads, as the file states them (flags
// as "0x…" strings with their specification names beside them). Keys in docs/formats/pe.md,
// schema in docs/schema/details-pe.schema.json.
#include <ctime>
#include <string>

#include "formats/pe/pe_names.h"
#include "crossgo/hex.h"
#include "output/details.h"

namespace crossgo::output {
namespace {


std::string version(unsigned major, unsigned minor) { return std::to_string(major) + "." + std::to_string(minor); }

// TimeDateStamp as UTC; reproducible builds (Go's linker) write 0 or a hash, not a time.
std::string utc(uint32_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out.empty() ? "none" : out;
}

}  // namespace

void pe_details_json(JsonWriter& w, const PeDetails& d) {
  w.begin_object();
  w.field("machine", hex(d.machine, 4));
  w.field("characteristics", hex(d.characteristics, 4));
  w.field("characteristics_names", pe::file_characteristics_names(d.characteristics));
  w.field("timestamp", d.timestamp);
  w.field("timestamp_utc", utc(d.timestamp));
  if (!d.has_optional_header) {
    w.null_field("optional_header");
  } else {
    w.field("optional_header", d.pe32_plus ? "PE32+" : "PE32");
    w.field("subsystem", d.subsystem);
    w.field("subsystem_name", pe::subsystem_name(d.subsystem));
    w.field("dll_characteristics", hex(d.dll_characteristics, 4));
    w.field("dll_characteristics_names", pe::dll_characteristics_names(d.dll_characteristics));
    w.field("os_version", version(d.major_os_version, d.minor_os_version));
    w.field("subsystem_version", version(d.major_subsystem_version, d.minor_subsystem_version));
    w.field("linker_version", version(d.major_linker_version, d.minor_linker_version));
  }
  w.field("sections", d.section_names);
  w.field("delay_imports", d.delay_imports);
  w.field("has_certificate", d.has_certificate);
  w.field("has_debug_directory", d.has_debug_directory);
  w.end_object();
}

DetailLines pe_details_text(const PeDetails& d) {
  DetailLines out;
  out.emplace_back("PE characteristics", hex(d.characteristics, 4) + " " + joined(pe::file_characteristics_names(d.characteristics)));
  out.emplace_back("PE timestamp", std::to_string(d.timestamp) + " (" + utc(d.timestamp) + ")");
  if (d.has_optional_header) {
    out.emplace_back("PE optional header", d.pe32_plus ? "PE32+" : "PE32");
    out.emplace_back("PE subsystem", std::string(pe::subsystem_name(d.subsystem)) + " (" + std::to_string(d.subsystem) + ")");
    out.emplace_back("PE DLL characteristics",
                     hex(d.dll_characteristics, 4) + " " + joined(pe::dll_characteristics_names(d.dll_characteristics)));
    out.emplace_back("PE OS version", version(d.major_os_version, d.minor_os_version));
    out.emplace_back("PE subsystem version", version(d.major_subsystem_version, d.minor_subsystem_version));
    out.emplace_back("PE linker version", version(d.major_linker_version, d.minor_linker_version));
  } else {
    out.emplace_back("PE optional header", "none (COFF object)");
  }
  out.emplace_back("PE sections", std::to_string(d.section_names.size()) + " (" + joined(d.section_names) + ")");
  if (!d.delay_imports.empty()) out.emplace_back("PE delay-load DLLs", joined(d.delay_imports));
  out.emplace_back("PE certificate table", d.has_certificate ? "yes" : "no");
  out.emplace_back("PE debug directory", d.has_debug_directory ? "yes" : "no");
  return out;
}

}  // namespace crossgo::output
