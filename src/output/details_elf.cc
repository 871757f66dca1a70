#include <cstdio>

#include "output/details.h"
#include "crossgo/hex.h"

namespace crossgo::output {
namespace {

}  // namespace

void elf_details_json(JsonWriter& w, const ElfReportDetails& d) {
  w.begin_object();
  w.field("e_type", d.type);
  w.field("e_machine", d.machine);
  w.field("e_flags", hex(d.flags));
  w.field("osabi", d.osabi);
  w.field("abi_version", d.abi_version);
  w.field("version_definitions", d.version_definitions);
  w.end_object();
}

}  // namespace crossgo::output
