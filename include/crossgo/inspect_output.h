// Renderers for inspect results. JSON follows docs/inspect.schema.json; text is for people.
#pragma once

#include <string>
#include <vector>

#include "crossgo/report.h"

namespace crossgo {

// 2: every format; "bits", "container", "floors", "details", "notes", "goos_unknown_because",
// "go.evidence"; hardening fields nullable (docs/inspect.md, "Schema history").
inline constexpr int kInspectSchemaVersion = 2;

// One report as a JSON object (no trailing newline), laid out with two-space indentation.
std::string report_to_json(const ArtifactReport& report);
// The whole document for these reports, byte for byte what inspect --json streams.
std::string reports_to_json(const std::vector<ArtifactReport>& reports);
std::string report_to_text(const ArtifactReport& report, bool colour);
// The streamed envelope around a list of report_to_json objects (inspect writes files as they
// are read); reports_to_json builds the same document in memory.
std::string inspect_json_prefix();
std::string inspect_json_suffix();

}  // namespace crossgo
