// The generic analyzers: each takes the Image (and the GoLayout for Go) plus the facts it depends
// on, explicitly, and returns typed facts. inspect.cc calls them in dependency order and builds
// the report view at the end (report_view.cc).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/format_analyzer.h"
#include "crossgo/facts.h"
#include "crossgo/go_layout.h"
#include "crossgo/image.h"
#include "crossgo/report.h"

namespace crossgo::analysis {

// nullopt when nothing says Go. Build-info sub-architecture settings (GOARM …) go to target.
std::optional<GoFacts> analyze_go(const Image& image, const GoLayout& layout, TargetFacts& target,
                                  std::vector<Finding>& findings);

// GOOS from the format's votes, build info, and the Go runtime's per-OS sources.
OsFacts decide_os(const Image& image, const FormatAnalyzer& format, const GoFacts* go, std::vector<Finding>& findings);

struct Facts {
  TargetFacts target;
  OsFacts os;
  LinkageFacts linkage;
  LibcFacts libc;
  std::vector<Floor> floors;
  HardeningFacts hardening;
  std::optional<GoFacts> go;
  // What the analyzers found wrong or worth knowing about the artifact (CG8xx), in the order found.
  std::vector<Finding> findings;
};

Facts analyze(const Image& image);

// The report view of the facts (the only place facts become strings).
void fill_report(const Image& image, const Facts& facts, ArtifactReport& report);

// Adds a finding to the report: to `findings`, and its message to `warnings` (warning, error) or
// `notes` (info), which is how inspect has always shown them.
void add_finding(ArtifactReport& report, Finding finding);
// A reader's or container's complaint about damaged input (CG800).
Finding malformed_input(std::string message);

}  // namespace crossgo::analysis
