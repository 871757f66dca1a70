// Each format's details, rendered for JSON (under "details": {"<format>": …}) and for text
// (label/value lines after the neutral ones). One file per format: details_<format>.cc.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "crossgo/image_details.h"
#include "crossgo/report.h"
#include "output/json_writer.h"

namespace crossgo::output {

using DetailLines = std::vector<std::pair<std::string, std::string>>;

void elf_details_json(JsonWriter& w, const ElfReportDetails& d);
void macho_details_json(JsonWriter& w, const MachODetails& d);
void pe_details_json(JsonWriter& w, const PeDetails& d);
void xcoff_details_json(JsonWriter& w, const XcoffDetails& d);
void plan9_details_json(JsonWriter& w, const Plan9Details& d);
void wasm_details_json(JsonWriter& w, const WasmDetails& d);

DetailLines macho_details_text(const MachODetails& d);
DetailLines pe_details_text(const PeDetails& d);
DetailLines xcoff_details_text(const XcoffDetails& d);
DetailLines plan9_details_text(const Plan9Details& d);
DetailLines wasm_details_text(const WasmDetails& d);

}  // namespace crossgo::output
