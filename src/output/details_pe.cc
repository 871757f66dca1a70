// PLACEHOLDER until the pe details renderer lands.
#include "output/details.h"

namespace crossgo::output {

nlohmann::ordered_json pe_details_json(const PeDetails&) { return nlohmann::ordered_json::object(); }
DetailLines pe_details_text(const PeDetails&) { return {}; }

}  // namespace crossgo::output
