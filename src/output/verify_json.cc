// verify --json (docs/verify.schema.json): every entry, every check, and for a failed one the
// finding with its registry code, name and severity.
#include <nlohmann/json.hpp>

#include "crossgo/finding_registry.h"
#include "crossgo/verify_output.h"

namespace crossgo::output {
namespace {

using json = nlohmann::ordered_json;

const char* outcome_name(CheckOutcome o) {
  return o == CheckOutcome::passed ? "passed" : o == CheckOutcome::failed ? "failed" : "skipped";
}

json target_json(const VerifyTarget& t) {
  const std::string var = t.target.variant_variable();
  return json{{"goos", t.target.goos},
              {"goarch", t.target.goarch},
              {"variable", var.empty() ? json(nullptr) : json(var)},
              {"variant", t.target.variant.empty() ? json(nullptr) : json(t.target.variant)},
              {"source", t.source}};
}

json finding_json(const Finding& f, bool ignored) {
  const FindingInfo& info = finding_info(f.code);
  return json{{"code", std::string(f.id())},
              {"name", std::string(info.name)},
              {"severity", std::string(to_string(f.severity()))},
              {"ignored", ignored},
              {"message", f.message},
              {"fix", f.fix.empty() ? json(nullptr) : json(f.fix)}};
}

}  // namespace

std::string verify_json(const std::vector<FileVerdict>& verdicts) {
  json entries = json::array();
  for (const auto& v : verdicts) {
    json checks = json::array();
    for (const auto& c : v.checks) {
      checks.push_back(json{{"check", c.check},
                            {"outcome", outcome_name(c.outcome)},
                            {"expected", c.expected},
                            {"actual", c.outcome == CheckOutcome::skipped ? json(nullptr) : json(c.actual)},
                            {"detail", c.detail.empty() ? json(nullptr) : json(c.detail)},
                            {"finding", c.finding ? finding_json(*c.finding, c.ignored) : json(nullptr)}});
    }
    entries.push_back(json{{"path", v.path},
                           {"file", v.file},
                           {"member", v.member.empty() ? json(nullptr) : json(v.member)},
                           {"target", target_json(v.target)},
                           {"passed", !v.error && !v.failed()},
                           {"error", v.error ? json{{"message", v.error->message}, {"offset", v.error->offset ? json(*v.error->offset) : json(nullptr)}}
                                             : json(nullptr)},
                           {"checks", std::move(checks)}});
  }
  const VerifySummary s = summarize(verdicts);
  json doc{{"schema_version", kVerifySchemaVersion},
           {"passed", s.failed == 0 && s.unreadable == 0},
           {"summary", {{"entries", s.entries}, {"failed_entries", s.failed_entries}, {"unreadable", s.unreadable},
                        {"checks", s.checks}, {"passed", s.passed}, {"failed", s.failed}, {"skipped", s.skipped},
                        {"ignored", s.ignored}}},
           {"entries", std::move(entries)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace crossgo::output
