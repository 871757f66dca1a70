// PLACEHOLDER until the xcoff details renderer lands.
#include "output/details.h"

namespace crossgo::output {

nlohmann::ordered_json xcoff_details_json(const XcoffDetails&) { return nlohmann::ordered_json::object(); }
DetailLines xcoff_details_text(const XcoffDetails&) { return {}; }

}  // namespace crossgo::output
