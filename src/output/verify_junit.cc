// verify --junit FILE: one <testsuite> per entry (file, slice or member), one <testcase> per check
// — a failure is <failure> with the finding code as its type, a skipped check is <skipped>, an
// unreadable file one <testcase name="read"> with an <error>. The common subset Jenkins, GitLab
// and the GitHub test-report actions read (the Ant JUnit format).
#include "crossgo/finding_registry.h"
#include "crossgo/text_escape.h"
#include "crossgo/verify_output.h"

namespace crossgo::output {
namespace {

// XML 1.0 text and attribute values: the five entities, and characters XML 1.0 cannot hold at all
// (C0 controls other than tab, LF, CR) as '?', since not even a character reference may name them.
// Bytes that are not UTF-8 (a hostile file name) become '?' too: the document declares UTF-8.
std::string xml(std::string_view s) {
  std::string out;
  const bool utf8 = is_valid_utf8(s);
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else if (c == '\'') out += "&apos;";
    else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x80 && !utf8)) out += '?';
    else out += ch;
  }
  return out;
}

}  // namespace

std::string verify_junit(const std::vector<FileVerdict>& verdicts) {
  std::string suites;
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const auto& v : verdicts) {
    size_t t = 0, f = 0, e = 0, s = 0;
    std::string cases;
    const std::string classname = xml(v.path);
    if (v.error) {
      ++t, ++e;
      cases += "    <testcase classname=\"" + classname + "\" name=\"read\">\n      <error type=\"unreadable\" message=\"" +
               xml(v.error->to_string()) + "\"/>\n    </testcase>\n";
    }
    for (const auto& c : v.checks) {
      ++t;
      cases += "    <testcase classname=\"" + classname + "\" name=\"" + xml(c.check) + "\">\n";
      if (c.outcome == CheckOutcome::failed && c.finding && !c.ignored) {
        ++f;
        cases += "      <failure type=\"" + std::string(c.finding->id()) + "\" message=\"" +
                 xml("expected " + c.expected + ", got " + c.actual) + "\">" + xml(c.finding->message) +
                 (c.finding->fix.empty() ? "" : "\nFix: " + xml(c.finding->fix)) + "</failure>\n";
      } else if (c.outcome == CheckOutcome::skipped || c.ignored) {
        ++s;
        cases += "      <skipped message=\"" +
                 xml(c.ignored ? "ignored (--ignore " + std::string(c.finding->id()) + "): " + c.finding->message : c.detail) +
                 "\"/>\n";
      }
      cases += "    </testcase>\n";
    }
    if (t == 0) continue;
    tests += t, failures += f, errors += e, skipped += s;
    suites += "  <testsuite name=\"" + classname + " [" + xml(v.target.target.to_string()) + "]\" tests=\"" +
              std::to_string(t) + "\" failures=\"" + std::to_string(f) + "\" errors=\"" + std::to_string(e) +
              "\" skipped=\"" + std::to_string(s) + "\">\n" + cases + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"crossgo verify\" tests=\"" + std::to_string(tests) +
         "\" failures=\"" + std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
         std::to_string(skipped) + "\">\n" + suites + "</testsuites>\n";
}

}  // namespace crossgo::output
