// verify for people: silent when everything passed (a CI log shows only what needs a look), one
// block per failure with the finding code, expected and actual values, the message and the fix;
// -v lists every check. Text from files goes through escape_for_terminal.
#include <cstdio>

#include "crossgo/finding_registry.h"
#include "crossgo/text_escape.h"
#include "crossgo/verify_output.h"

namespace crossgo::output {
namespace {

const char* paint(bool colour, const char* code) { return colour ? code : ""; }

const char* outcome_word(const CheckResult& c) {
  if (c.outcome == CheckOutcome::passed) return "ok";
  if (c.outcome == CheckOutcome::skipped) return "skip";
  return c.ignored ? "ignored" : "FAIL";
}

}  // namespace

VerifySummary summarize(const std::vector<FileVerdict>& verdicts) {
  VerifySummary s;
  for (const auto& v : verdicts) {
    ++s.entries;
    if (v.error) ++s.unreadable;
    if (v.failed()) ++s.failed_entries;
    for (const auto& c : v.checks) {
      ++s.checks;
      if (c.outcome == CheckOutcome::passed) ++s.passed;
      else if (c.outcome == CheckOutcome::skipped) ++s.skipped;
      else if (c.ignored) ++s.ignored;
      else ++s.failed;
    }
  }
  return s;
}

std::string verify_text(const std::vector<FileVerdict>& verdicts, bool verbose, bool colour) {
  std::string out;
  const char* red = paint(colour, "\x1b[31m");
  const char* dim = paint(colour, "\x1b[2m");
  const char* reset = paint(colour, "\x1b[0m");
  for (const auto& v : verdicts) {
    const std::string path = escape_for_terminal(v.path);
    if (v.error) {
      out += std::string(red) + "ERROR" + reset + " " + path + ": " + escape_for_terminal(v.error->to_string()) + "\n";
      continue;
    }
    const bool show = verbose || v.failed();
    if (!show) continue;
    out += (v.failed() ? std::string(red) + "FAIL" + reset : std::string("ok  ")) + " " + path + "  " + dim +
           v.target.target.to_string() + " from " + escape_for_terminal(v.target.source) + reset + "\n";
    for (const auto& c : v.checks) {
      if (c.outcome != CheckOutcome::failed && !verbose) continue;
      char line[64];
      std::snprintf(line, sizeof line, "  %-7s %-11s ", outcome_word(c), c.check.c_str());
      out += line;
      if (c.finding) out += std::string(c.finding->id()) + " ";
      out += "expected " + escape_for_terminal(c.expected.empty() ? "-" : c.expected);
      if (c.outcome != CheckOutcome::skipped) out += ", got " + escape_for_terminal(c.actual.empty() ? "-" : c.actual);
      out += "\n";
      if (c.finding) {
        out += "          " + escape_for_terminal(c.finding->message) + "\n";
        if (!c.finding->fix.empty()) out += "          fix: " + escape_for_terminal(c.finding->fix) + "\n";
      } else if (!c.detail.empty() && verbose) {
        out += std::string("          ") + dim + escape_for_terminal(c.detail) + reset + "\n";
      }
    }
  }
  const VerifySummary s = summarize(verdicts);
  if (s.failed > 0 || s.unreadable > 0 || verbose) {
    out += "verify: " + std::to_string(s.entries) + " entries, " + std::to_string(s.checks) + " checks: " +
           std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
    if (s.ignored) out += ", " + std::to_string(s.ignored) + " ignored";
    if (s.skipped) out += ", " + std::to_string(s.skipped) + " skipped";
    if (s.unreadable) out += ", " + std::to_string(s.unreadable) + " unreadable";
    out += "\n";
  }
  return out;
}

}  // namespace crossgo::output
