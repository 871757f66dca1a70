// The analyzers turn an Image into the facts of an ArtifactReport. Each fills its own part of the
// report and records the evidence it used; none reads raw file structures.
#pragma once

#include "crossgo/image.h"
#include "crossgo/report.h"

namespace crossgo::analysis {

void analyze_arch(const Image& image, ArtifactReport& report);
// Needs the Go report (build info GOOS is the strongest evidence), so it runs after analyze_go.
void analyze_os(const Image& image, ArtifactReport& report);
void analyze_linkage(const Image& image, ArtifactReport& report);
void analyze_libc(const Image& image, ArtifactReport& report);
void analyze_hardening(const Image& image, ArtifactReport& report);
void analyze_go(const Image& image, ArtifactReport& report);
// Runs last: cross-checks facts from the others (GOARM vs C objects, static glibc with NSS).
void analyze_consistency(const Image& image, ArtifactReport& report);

// "2.34" style dotted versions compared numerically, component by component.
int compare_dotted_versions(std::string_view a, std::string_view b);

}  // namespace crossgo::analysis
