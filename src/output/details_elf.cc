#include <cstdio>

#include "output/details.h"

namespace crossgo::output {
namespace {

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

nlohmann::ordered_json elf_details_json(const ElfReportDetails& d) {
  return {{"e_type", d.type}, {"e_machine", d.machine}, {"e_flags", hex(d.flags)}, {"osabi", d.osabi},
          {"abi_version", d.abi_version}};
}

}  // namespace crossgo::output
