// verify --format github: GitHub Actions workflow commands, one ::error (or ::warning/::notice,
// by the finding's severity) per failed check, so each shows as an annotation on the run
// (docs.github.com, "Workflow commands for GitHub Actions": data escapes %, CR and LF; property
// values also ':' and ',').
#include "crossgo/finding_registry.h"
#include "crossgo/verify_output.h"

namespace crossgo::output {
namespace {

std::string escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else if (property && c == ':') out += "%3A";
    else if (property && c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

const char* command(Severity s) { return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "notice"; }

}  // namespace

std::string verify_github(const std::vector<FileVerdict>& verdicts) {
  std::string out;
  for (const auto& v : verdicts) {
    if (v.error) {
      out += "::error file=" + escape(v.file, true) + ",title=" + escape("crossgo verify: unreadable", true) + "::" +
             escape(v.path + ": " + v.error->to_string(), false) + "\n";
      continue;
    }
    for (const auto& c : v.checks) {
      if (c.outcome != CheckOutcome::failed || !c.finding || c.ignored) continue;
      const Finding& f = *c.finding;
      const std::string title = std::string(f.id()) + " " + std::string(finding_info(f.code).name) +
                                (v.member.empty() ? "" : " (" + v.member + ")");
      out += std::string("::") + command(f.severity()) + " file=" + escape(v.file, true) + ",title=" + escape(title, true) +
             "::" + escape(f.message + (f.fix.empty() ? "" : " Fix: " + f.fix), false) + "\n";
    }
  }
  const VerifySummary s = summarize(verdicts);
  out += "verify: " + std::to_string(s.entries) + " entries, " + std::to_string(s.failed) + " failed checks, " +
         std::to_string(s.unreadable) + " unreadable\n";
  return out;
}

}  // namespace crossgo::output
