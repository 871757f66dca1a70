// Renderers for crossgo cgo (src/output/cgo_*.cc). JSON follows docs/cgo.schema.json.
#pragma once

#include <string>

#include "crossgo/cgo.h"

namespace crossgo::output {

inline constexpr int kCgoSchemaVersion = 1;

// For people: the import chains as a tree (each step with the module that owns it), each cgo
// package's reasons and flags, what CGO_ENABLED=0 does, then the findings. One line when no
// package uses cgo.
std::string cgo_text(const cgo::CgoReport& report, bool verbose, bool colour);
std::string cgo_json(const cgo::CgoReport& report, const cgo::GoListRun& run);
// The import subgraph that leads to cgo: nodes coloured by reason, modules as clusters.
std::string cgo_dot(const cgo::CgoReport& report);
std::string cgo_mermaid(const cgo::CgoReport& report);

std::string cgo_files_text(const cgo::FilesReport& report, bool colour);
std::string cgo_files_json(const cgo::FilesReport& report, const cgo::GoListRun& run);

}  // namespace crossgo::output
