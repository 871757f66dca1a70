// Renderers for verify's results (src/output/verify_*.cc). JSON follows docs/verify.schema.json,
// SARIF 2.1.0 (rules from the finding registry), GitHub workflow commands, JUnit XML.
#pragma once

#include <string>
#include <vector>

#include "crossgo/verify.h"

namespace crossgo::output {

inline constexpr int kVerifySchemaVersion = 1;

// Quiet when everything passed (unless verbose): failures, unreadable files, and a summary line.
std::string verify_text(const std::vector<FileVerdict>& verdicts, bool verbose, bool colour);
std::string verify_json(const std::vector<FileVerdict>& verdicts);
// Artifact locations relative to `root` when they are below it, else absolute file: URIs.
std::string verify_sarif(const std::vector<FileVerdict>& verdicts, const std::string& root);
std::string verify_github(const std::vector<FileVerdict>& verdicts);
std::string verify_junit(const std::vector<FileVerdict>& verdicts);

// Counts the renderers share.
struct VerifySummary {
  size_t entries = 0, failed_entries = 0, unreadable = 0;
  size_t checks = 0, passed = 0, failed = 0, skipped = 0, ignored = 0;
};
VerifySummary summarize(const std::vector<FileVerdict>& verdicts);

}  // namespace crossgo::output
