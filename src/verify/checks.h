// The checks verify runs on one inspected entry: target_checks.cc (format, arch, OS, variant)
// and promise_checks.cc (linkage, cgo, libc and loader, floors, signing, build settings).
#pragma once

#include <string>
#include <vector>

#include "crossgo/verify.h"

namespace crossgo::verify_detail {

// What every check needs, and how it reports.
struct CheckContext {
  const ArtifactReport& report;
  const VerifyTarget& target;
  const Expectations& expect;
  std::vector<CheckResult>& out;

  void pass(std::string check, std::string expected, std::string actual, std::string detail = {}) const;
  void skip(std::string check, std::string expected, std::string why) const;
  void fail(std::string check, Code code, std::string expected, std::string actual, std::string message,
            std::string fix) const;
  // The Go build setting `key` ("-trimpath", "vcs.modified"), or nullptr.
  const std::string* setting(const std::string& key) const;
};

void target_checks(const CheckContext& c);
void promise_checks(const CheckContext& c);

// inspect's name for the format Go writes for a GOOS ("elf", "macho", "pe", "xcoff", "plan9", "wasm").
std::string expected_format(const std::string& goos);

}  // namespace crossgo::verify_detail
