// PLACEHOLDER until the macho details renderer lands.
#include "output/details.h"

namespace crossgo::output {

nlohmann::ordered_json macho_details_json(const MachODetails&) { return nlohmann::ordered_json::object(); }
DetailLines macho_details_text(const MachODetails&) { return {}; }

}  // namespace crossgo::output
