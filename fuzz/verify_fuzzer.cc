// libFuzzer harness for what verify reads from users: GoReleaser's dist/artifacts.json, a
// --targets file, --go version constraints, and release archives (the entries crossgo hands to
// inspect through a memory file); and for verify's renderers, which write names from those inputs
// into SARIF, JUnit, GitHub commands and JSON. The first byte chooses.
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "crossgo/release_archive.h"
#include "crossgo/verify.h"
#include "crossgo/verify_output.h"
#include "crossgo/verify_sources.h"

namespace {

using namespace crossgo;

// Every renderer on one verdict per target read, with a failed check naming it.
void render(const std::vector<TargetedPath>& inputs) {
  std::vector<FileVerdict> verdicts;
  for (const auto& in : inputs) {
    FileVerdict v;
    v.path = v.file = in.path;
    v.target = VerifyTarget{in.target, in.source};
    ArtifactReport r;
    r.path = in.path;
    r.format = "elf";
    r.goarch = in.target.goarch == "amd64" ? "arm64" : "amd64";
    r.machine = in.source;  // hostile text where the renderers print machine names
    v.checks = verify_artifact(r, v.target, {});
    verdicts.push_back(std::move(v));
    if (verdicts.size() >= 16) break;
  }
  if (!nlohmann::json::accept(output::verify_json(verdicts))) std::abort();
  if (!nlohmann::json::accept(output::verify_sarif(verdicts, "/"))) std::abort();
  const std::string junit = output::verify_junit(verdicts);
  for (char c : junit)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') std::abort();  // not XML 1.0
  const std::string gh = output::verify_github(verdicts);
  for (size_t i = 0; i + 1 < gh.size(); ++i)
    if (gh[i] == '\n' && gh[i + 1] != ':' && gh.compare(i + 1, 7, "verify:") != 0) std::abort();  // one command a line
  (void)output::verify_text(verdicts, true, true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 3: {
      const auto bytes = std::span<const uint8_t>(data + 1, size - 1);
      size_t visited = 0;
      auto r = for_each_archived_file_in_memory(bytes, {}, [&](const ArchivedFile& f, int fd) {
        if (++visited > 8) return;
        const auto reports = inspect_path("/proc/self/fd/" + std::to_string(fd));
        if (reports.empty() || f.path.empty()) std::abort();
      });
      if (r && r->size() < std::min<size_t>(visited, 8)) std::abort();
      break;
    }
    case 0:
      if (auto r = parse_goreleaser_artifacts(text, "/fuzz/dist")) {
        if (r->empty()) std::abort();  // an empty listing is an error, not a silent pass
        render(*r);
      }
      break;
    case 1:
      if (auto r = parse_targets(text, "fuzz.txt")) {
        std::vector<TargetedPath> inputs;
        for (const auto& p : *r) inputs.push_back({p.glob, p.target, p.source, false});
        render(inputs);
        (void)match_target(*r, text);
      }
      break;
    default: {
      std::string error;
      auto c = parse_version_constraints(text, error);
      if (!c && error.empty()) std::abort();
      if (c) {
        for (const auto& v : *c)
          if (v.version.empty()) std::abort();
        (void)satisfies("go1.22.3", *c);
        (void)satisfies(text, *c);
      }
      (void)compare_versions(text, "1.22");
    }
  }
  return 0;
}
