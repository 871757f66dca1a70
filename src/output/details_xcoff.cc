// XCOFF details: the file header's magic and flags decoded, the auxiliary header's addresses and
// section numbers, and the loader section's import file IDs. Keys in docs/formats/xcoff.md.
#include <cstdio>
#include <string>
#include <utility>

#include "output/details.h"
#include "crossgo/hex.h"

namespace crossgo::output {
namespace {

// f_flags names, per IBM's "XCOFF Object File Format", "File Header (f_flags)".
constexpr std::pair<uint16_t, const char*> kFlagNames[] = {
    {0x0001, "F_RELFLG"}, {0x0002, "F_EXEC"},    {0x0004, "F_LNNO"},    {0x0010, "F_FDPR_PROF"},
    {0x0020, "F_FDPR_OPTI"}, {0x0040, "F_DSA"},  {0x0100, "F_VARPG"},   {0x1000, "F_DYNLOAD"},
    {0x2000, "F_SHROBJ"},  {0x4000, "F_LOADONLY"}};

std::vector<std::string> flag_names(uint16_t flags) {
  std::vector<std::string> out;
  uint16_t known = 0;
  for (const auto& [bit, name] : kFlagNames) {
    known = static_cast<uint16_t>(known | bit);
    if ((flags & bit) != 0) out.emplace_back(name);
  }
  if ((flags & ~known) != 0) out.push_back(hex(flags & ~known, 4));
  return out;
}

const char* magic_name(uint16_t magic) {
  return magic == 0x01f7 ? "U64_TOCMAGIC" : magic == 0x01df ? "U802TOCMAGIC" : "unknown";
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

void xcoff_details_json(JsonWriter& w, const XcoffDetails& d) {
  w.begin_object();
  w.field("magic", hex(d.magic, 4));
  w.field("magic_name", magic_name(d.magic));
  w.field("flags", hex(d.flags, 4));
  w.field("flag_names", flag_names(d.flags));
  w.field("timestamp", d.timestamp);
  w.field("symptr", hex(d.symptr));
  w.field("nsyms", d.nsyms);
  w.field("opthdr", d.opthdr);
  w.field("section_names", d.section_names);
  w.key("aux_header");
  if (d.has_aux_header) {
    w.begin_object();
    w.field("magic", hex(d.aux_magic, 4));
    w.field("modtype", d.modtype);
    w.field("text_start", hex(d.text_start));
    w.field("data_start", hex(d.data_start));
    w.field("toc", hex(d.toc));
    w.field("sn_entry", d.sn_entry);
    w.field("sn_text", d.sn_text);
    w.field("sn_data", d.sn_data);
    w.field("sn_toc", d.sn_toc);
    w.field("sn_bss", d.sn_bss);
    w.end_object();
  } else {
    w.null();
  }
  w.field("loader_section", d.loader_section);
  w.key("loader");
  if (d.loader_section != 0) {
    w.begin_object();
    w.field("version", d.loader_version);
    w.field("symbols", d.loader_symbols);
    w.field("relocations", d.loader_relocations);
    w.field("libpath", d.libpath);
    w.field("import_files", d.import_files);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

DetailLines xcoff_details_text(const XcoffDetails& d) {
  DetailLines out;
  out.emplace_back("XCOFF magic", hex(d.magic, 4) + " (" + magic_name(d.magic) + ")");
  const auto names = flag_names(d.flags);
  out.emplace_back("XCOFF flags", hex(d.flags, 4) + (names.empty() ? "" : " (" + joined(names, " ") + ")"));
  if (d.has_aux_header) {
    out.emplace_back("XCOFF module type", d.modtype.empty() ? "(none)" : d.modtype);
    out.emplace_back("XCOFF text/data start", hex(d.text_start) + " / " + hex(d.data_start));
    out.emplace_back("XCOFF TOC anchor", hex(d.toc));
  }
  if (d.loader_section != 0) {
    out.emplace_back("XCOFF loader section", std::to_string(d.loader_section));
    out.emplace_back("XCOFF libpath", d.libpath);
    out.emplace_back("XCOFF import files", d.import_files.empty() ? "(none)" : joined(d.import_files, ", "));
  }
  return out;
}

}  // namespace crossgo::output
