// PLACEHOLDER until the plan9 details renderer lands.
#include "output/details.h"

namespace crossgo::output {

nlohmann::ordered_json plan9_details_json(const Plan9Details&) { return nlohmann::ordered_json::object(); }
DetailLines plan9_details_text(const Plan9Details&) { return {}; }

}  // namespace crossgo::output
