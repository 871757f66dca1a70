// Where verify's targets come from besides --target (src/verify/sources.cc).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/error.h"
#include "crossgo/platform.h"

namespace crossgo {

// A file and the target it must match, with where that was said.
struct TargetedPath {
  std::string path{};
  Target target{};
  std::string source{};    // "dist/artifacts.json (myapp_linux_arm_7)"
  bool universal = false;  // a GoReleaser Universal Binary: darwin, every slice checked for its own arch
  // A GoReleaser Archive (tar.gz, zip …): the binaries it lists (extra.Binaries) are read from
  // inside it and checked against its target; a listed binary missing from it fails.
  bool archive = false;
  std::vector<std::string> binaries{};
};

// Every Binary and Universal Binary listed in DIST/artifacts.json (GoReleaser), with its own
// goos/goarch/variant fields, and every Archive with a goos/goarch that is on disk (its binaries
// are checked inside it); paths are resolved from the folder goreleaser ran in (DIST's parent).
Result<std::vector<TargetedPath>> goreleaser_targets(const std::string& dist);
// The same for the file's text (`dist` resolves the paths; fuzzing and tests).
Result<std::vector<TargetedPath>> parse_goreleaser_artifacts(const std::string& text, const std::string& dist);

// A --targets file: "PATH-GLOB TARGET" per line (fnmatch(3) globs, '#' comments); the first
// matching line gives a file's target.
struct TargetPattern {
  std::string glob;
  Target target;
  std::string source;  // "targets.txt:3"
};
Result<std::vector<TargetPattern>> read_targets_file(const std::string& path);
Result<std::vector<TargetPattern>> parse_targets(const std::string& text, const std::string& path);
const TargetPattern* match_target(const std::vector<TargetPattern>& patterns, const std::string& path);

// --from-env: TARGETPLATFORM (or TARGETOS/TARGETARCH/TARGETVARIANT) as Docker sets them, else
// GOOS/GOARCH and the GOARCH's sub-architecture variable. Returns the target and how it was given.
Result<std::pair<Target, std::string>> target_from_env(const std::function<std::optional<std::string>(const char*)>& get);

}  // namespace crossgo
