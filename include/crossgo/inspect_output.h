// Renderers for inspect results. JSON follows docs/inspect.schema.json; text is for people.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crossgo/report.h"

namespace crossgo {

inline constexpr int kInspectSchemaVersion = 1;

nlohmann::ordered_json report_to_json(const ArtifactReport& report);
nlohmann::ordered_json reports_to_json(const std::vector<ArtifactReport>& reports);
std::string report_to_text(const ArtifactReport& report, bool colour);

}  // namespace crossgo
