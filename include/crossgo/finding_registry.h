// The finding registry: one row per code (src/findings/registry.cc) with what every consumer
// needs to agree on — its short name, severity, whether it stops `go build`, what it applies to,
// a one-line title and its section in docs/findings.md. doctor, explain, inspect and the docs
// test all read it; nothing else decides a finding's severity.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/finding.h"

namespace crossgo {

// What a code is about. dockerfile/makefile are for the checks that will read those files.
struct AppliesTo {
  bool environment = false;  // doctor / explain: the Go cross-build environment
  bool artifact = false;     // inspect (and verify): a built binary, object or archive
  bool source = false;       // crossgo cgo: the Go packages of a build, from go list and their files
  bool dockerfile = false;
  bool makefile = false;
};
inline constexpr AppliesTo kEnvironment{.environment = true};
inline constexpr AppliesTo kArtifact{.artifact = true};
inline constexpr AppliesTo kSource{.source = true};

struct FindingInfo {
  Code code;
  std::string_view name;   // "goos-invalid": kebab-case, stable like the code
  Severity severity;       // what the rule reports
  // A lower severity some rule reports under a documented condition (CG401 for windows), or
  // nullopt: `Finding::downgraded` selects it.
  std::optional<Severity> downgraded_to = std::nullopt;
  std::string_view downgraded_when = {};
  bool stops_build = false;  // as an error, `go build` fails the same way (explain's prediction)
  AppliesTo applies_to = {};
  std::string_view title = {};  // one line, no final period
  bool reserved = false;        // documented and kept, but no rule emits it (yet)

  std::string_view id() const;      // "CG101"
  std::string_view anchor() const;  // "cg101": the docs/findings.md section
};

// Every entry, in code order.
std::span<const FindingInfo> finding_registry();
// The entry of a code (every Code has one: the registry is checked against the enum at compile time).
const FindingInfo& finding_info(Code code);
// Lookup by id ("CG101") or by name ("goos-invalid"); nullptr when neither exists.
const FindingInfo* find_finding(std::string_view id_or_name);
// The existing code closest to something that is not one ("CG108" → CG106, "cg101" → CG101,
// "goos-invalid" → CG101); nullptr when nothing is close.
const FindingInfo* nearest_finding(std::string_view text);
// "environment", "artifact", … in this order.
std::vector<std::string> applies_to_names(const AppliesTo& a);

}  // namespace crossgo
