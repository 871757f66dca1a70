// Finding: one thing doctor, inspect (and later verify) has to say about the environment or an
// artifact. Codes are stable and documented in docs/findings.md; users suppress them with
// `--ignore CODE`, so a code is never reused for a different meaning.
//
// A finding is written with designated initialisers and never states its severity: that is the
// registry's (finding_registry.h), so a code means the same thing everywhere.
//   out.push_back({.code = Code::CG604, .location = {.variable = "GOTOOLCHAIN"}, .subject = "GOTOOLCHAIN",
//                  .message = "...", .fix = "..."});
// Where a rule reports a code less severely under a condition the registry documents
// (`downgraded_when`, e.g. CG401 is a warning for windows), the call site says so with
// `.downgraded = condition`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crossgo/finding_codes.h"

namespace crossgo {

enum class Severity { info, warning, error };

std::string_view to_string(Severity s);

// Where the finding points. Every part is optional (empty / 0); a renderer shows those that are set.
struct Location {
  std::string file{};      // go.mod, the go env -w file, the inspected artifact (its container for a member)
  std::string member{};    // the container member or fat Mach-O slice ("go.o", "arm64")
  std::string variable{};  // the variable or build setting ("GOARCH", "CGO_ENABLED")
  int line = 0;            // 1-based line in `file`; 0 when not known
};

struct Finding {
  Code code;                 // no default: a finding without a code does not compile warning-free
  bool downgraded = false;   // the registry's documented lower severity applies (see downgraded_when)
  Location location = Location();  // not {}: GCC 12 -O3 then warns maybe-uninitialized
  std::string subject{};     // doctor's "subject" column and JSON key: the variable, file or pair
  std::string message{};     // one sentence: what is wrong and why it matters
  std::string fix{};         // a concrete command or edit
  std::string expected{};    // empty when there is nothing meaningful to expect
  std::string actual{};

  std::string_view id() const;  // "CG101"
  Severity severity() const;    // the registry's severity, or its documented downgrade
};

// Sorted most severe first, then by code, so output is stable across runs.
void sort_findings(std::vector<Finding>& findings);

bool has_errors(const std::vector<Finding>& findings);

}  // namespace crossgo
