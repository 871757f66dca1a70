// Target: the (GOOS, GOARCH, variant) a build is for, parsed from the spellings users actually
// type: Go's `linux/arm64`, OCI platforms `linux/arm/v7` / `linux/amd64/v3`, GoReleaser's
// `linux_arm_7` / `linux_amd64_v3`. Wrong-but-common names (aarch64, x86_64, macos, armhf …) are
// not silently accepted: they produce an error with the Go spelling to use instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crossgo {

struct Target {
  std::string goos;
  std::string goarch;
  std::string variant;  // value for the GOARCH's sub-arch variable ("7", "v3"); empty = default

  // "GOARM", "GOAMD64" … for the variant; empty when there is no variant or it needs none
  // (linux/arm64/v8 is the baseline and sets nothing).
  std::string variant_variable() const;
  std::string pair() const { return goos + "/" + goarch; }
  std::string to_string() const;  // Go/OCI spelling: linux/arm/v7 → "linux/arm (GOARM=7)"
};

struct TargetParse {
  std::optional<Target> target;
  std::string error;                 // set when target is empty
  std::vector<std::string> suggestions;  // Go spellings to use instead
};

TargetParse parse_target(std::string_view text);

// Suggestion for a GOOS / GOARCH value that is not Go's: "macos" → "darwin", "Linux" → "linux",
// "linux " → "linux". For GOARCH the answer may carry a variant ("armhf" → arm + GOARM=7).
std::optional<std::string> suggest_goos(std::string_view value);
struct ArchSuggestion {
  std::string goarch;
  std::string variable;  // sub-arch variable implied by the alias, e.g. "GOARM"
  std::string value;     // e.g. "7"
};
std::optional<ArchSuggestion> suggest_goarch(std::string_view value);

}  // namespace crossgo
