#include "crossgo/verify.h"

#include "verify/checks.h"

namespace crossgo {

namespace verify_detail {

void CheckContext::pass(std::string check, std::string expected, std::string actual, std::string detail) const {
  out.push_back({.check = std::move(check), .outcome = CheckOutcome::passed, .expected = std::move(expected),
                 .actual = std::move(actual), .detail = std::move(detail)});
}

void CheckContext::skip(std::string check, std::string expected, std::string why) const {
  out.push_back({.check = std::move(check), .outcome = CheckOutcome::skipped, .expected = std::move(expected),
                 .detail = std::move(why)});
}

void CheckContext::fail(std::string check, Code code, std::string expected, std::string actual, std::string message,
                        std::string fix) const {
  Location where;  // not a designated initialiser: GCC 12 -O3 then warns maybe-uninitialized
  where.file = report.container ? report.container->path : report.path;
  where.member = report.container ? report.container->member : std::string();
  Finding f{.code = code,
            .location = where,
            .subject = check,
            .message = std::move(message) + " [target " + target.target.to_string() + " from " + target.source + "]",
            .fix = std::move(fix),
            .expected = expected,
            .actual = actual};
  out.push_back({.check = std::move(check), .outcome = CheckOutcome::failed, .expected = std::move(expected),
                 .actual = std::move(actual), .finding = std::move(f)});
}

const std::string* CheckContext::setting(const std::string& key) const {
  if (!report.go || !report.go->buildinfo) return nullptr;
  return report.go->buildinfo->setting(key);
}

}  // namespace verify_detail

bool is_expected_libc(std::string_view name) {
  return name == "glibc" || name == "musl" || name == "bionic" || name == "none";
}

bool FileVerdict::failed() const {
  for (const auto& c : checks)
    if (c.outcome == CheckOutcome::failed && !c.ignored) return true;
  return false;
}

std::vector<CheckResult> verify_artifact(const ArtifactReport& report, const VerifyTarget& target,
                                         const Expectations& expect) {
  std::vector<CheckResult> out;
  const verify_detail::CheckContext c{report, target, expect, out};
  if (report.format == "not-binary") {
    c.fail("format", Code::CG860, verify_detail::expected_format(target.target.goos), "not a binary",
           "the file is not an executable, library or object file of any format Go writes",
           "check the path: a build that failed may have left a script or an empty file there");
    return out;
  }
  verify_detail::target_checks(c);
  verify_detail::promise_checks(c);
  // inspect's own error findings (another architecture's loader, unsigned arm64 macOS code, a
  // wasm module no host can run) make the file unusable on any target: the gate fails on them.
  for (const Finding& f : report.findings) {
    if (f.severity() != Severity::error) continue;
    out.push_back({.check = "inspect", .outcome = CheckOutcome::failed, .expected = "no error finding",
                   .actual = std::string(f.id()), .finding = f});
  }
  return out;
}

}  // namespace crossgo
