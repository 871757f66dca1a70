// Each format's details, rendered for JSON (under "details": {"<format>": …}) and for text
// (label/value lines after the neutral ones). One file per format: details_<format>.cc.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "crossgo/image_details.h"
#include "crossgo/report.h"

namespace crossgo::output {

using DetailLines = std::vector<std::pair<std::string, std::string>>;

nlohmann::ordered_json elf_details_json(const ElfReportDetails& d);
nlohmann::ordered_json macho_details_json(const MachODetails& d);
nlohmann::ordered_json pe_details_json(const PeDetails& d);
nlohmann::ordered_json xcoff_details_json(const XcoffDetails& d);
nlohmann::ordered_json plan9_details_json(const Plan9Details& d);
nlohmann::ordered_json wasm_details_json(const WasmDetails& d);

DetailLines macho_details_text(const MachODetails& d);
DetailLines pe_details_text(const PeDetails& d);
DetailLines xcoff_details_text(const XcoffDetails& d);
DetailLines plan9_details_text(const Plan9Details& d);
DetailLines wasm_details_text(const WasmDetails& d);

}  // namespace crossgo::output
