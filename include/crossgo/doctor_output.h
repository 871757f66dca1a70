// Renderers for doctor and explain. Text is aligned for terminals (colour only when asked);
// JSON follows docs/doctor.schema.json and docs/explain.schema.json (schema_version 1).
#pragma once

#include <string>
#include <vector>

#include "crossgo/env.h"
#include "crossgo/finding.h"
#include "crossgo/finding_registry.h"

namespace crossgo::output {

std::string doctor_text(const env::Environment& env, const std::vector<Finding>& findings, bool colour);
std::string doctor_json(const env::Environment& env, const std::vector<Finding>& findings);

std::string explain_text(const env::Prediction& p, bool colour);
std::string explain_json(const env::Prediction& p);
std::string matrix_text(const env::Environment& host, const std::vector<env::MatrixCase>& cases, bool colour);
std::string matrix_json(const env::Environment& host, const std::vector<env::MatrixCase>& cases);

// `explain CODE`: one registry entry (finding_info.cc).
std::string finding_info_text(const FindingInfo& info, bool colour);
std::string finding_info_json(const FindingInfo& info);

}  // namespace crossgo::output
