// Finding: one thing doctor (and later verify) has to say about the environment or an artifact.
// Codes are stable and documented in docs/findings.md; users suppress them with `--ignore CODE`,
// so a code is never reused for a different meaning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crossgo {

enum class Severity { info, warning, error };

std::string_view to_string(Severity s);

struct Finding {
  std::string code;      // "CG101"
  Severity severity = Severity::info;
  std::string subject;   // the variable, file or pair the finding is about ("GOARCH", "go.mod")
  std::string message;   // one sentence: what is wrong and why it matters
  std::string expected;  // empty when there is nothing meaningful to expect
  std::string actual;
  std::string fix;       // a concrete command or edit
};

// Sorted most severe first, then by code, so output is stable across runs.
void sort_findings(std::vector<Finding>& findings);

bool has_errors(const std::vector<Finding>& findings);

}  // namespace crossgo
