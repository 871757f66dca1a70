// The Go side of an artifact: build info, build ID, version (even without build info) and whether
// runtime/cgo was really linked in, decided from binary evidence rather than the CGO_ENABLED setting.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/analyzers.h"

namespace crossgo::analysis {
namespace {

// Go's reader (runtime/debug.ParseBuildInfo) keeps every "build" line in order, so a crafted or
// corrupted blob can say GOOS twice. crossgo's rule, everywhere (analysis, text, JSON): the first
// occurrence is the value; every duplicated key is named here with all its values.
void warn_duplicate_settings(const GoBuildInfo& bi, std::vector<std::string>& warnings) {
  std::unordered_map<std::string_view, std::vector<std::string_view>> values;
  std::vector<std::string_view> order;
  for (const auto& [k, v] : bi.settings) {
    auto& list = values[k];
    if (list.size() == 1) order.push_back(k);
    if (list.size() < 4) list.push_back(v);
  }
  constexpr size_t kShown = 8;
  for (size_t i = 0; i < order.size() && i < kShown; ++i) {
    std::string shown;
    for (auto v : values[order[i]]) shown += (shown.empty() ? "\"" : ", \"") + std::string(v.substr(0, 64)) + "\"";
    warnings.push_back("build setting " + std::string(order[i].substr(0, 64)) + " appears more than once (" + shown +
                       "): crossgo uses the first");
  }
  if (order.size() > kShown)
    warnings.push_back(std::to_string(order.size() - kShown) + " more build settings appear more than once");
}

}  // namespace

void analyze_go(const Image& img, ArtifactReport& r) {
  BuildInfoResult bi = read_go_buildinfo(img);
  std::optional<std::string> build_id = read_go_build_id(img);
  std::optional<GoPclntab> pclntab = find_go_pclntab(img);
  if (!bi.info && bi.not_go && !build_id && !pclntab) return;

  GoReport go;
  go.build_id = build_id;
  if (bi.error) go.buildinfo_error = bi.error->to_string();
  if (bi.info) {
    go.version = bi.info->go_version;
    go.version_source = "buildinfo";
    go.buildinfo = std::move(bi.info);
  } else if (auto guess = guess_go_version(img, pclntab)) {
    go.version = guess->version;
    go.version_source = guess->source;
  }

  GoCgoEvidence cgo_evidence = detect_go_cgo(img, pclntab);
  go.cgo.linked = cgo_evidence.linked;
  go.cgo.evidence = std::move(cgo_evidence.evidence);
  go.cgo.packages = std::move(cgo_evidence.packages);
  CgoReport& cgo = go.cgo;
  if (go.buildinfo) warn_duplicate_settings(*go.buildinfo, r.warnings);
  if (go.buildinfo) {
    if (const std::string* v = go.buildinfo->setting("CGO_ENABLED")) {
      cgo.evidence.push_back("build setting CGO_ENABLED=" + *v);
      if (*v == "0" && cgo.linked == true)
        r.warnings.push_back("build info says CGO_ENABLED=0 but runtime/cgo is linked in");
    }
    // The sub-architecture the binary was compiled for (GOARM=7, GOAMD64=v3 …) is only recorded
    // in build info; the ELF header cannot tell GOARM=6 from GOARM=7.
    for (const char* var : {"GOARM", "GOARM64", "GOAMD64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM"}) {
      if (const std::string* v = go.buildinfo->setting(var)) {
        std::string key(var);
        for (char& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        r.arch_flags[key] = *v;
      }
    }
    const std::string* goarch = go.buildinfo->setting("GOARCH");
    if (goarch && r.goarch && *goarch != *r.goarch)
      r.warnings.push_back("build info GOARCH=" + *goarch + " disagrees with the ELF machine (" + *r.goarch + ")");
  }
  go.pclntab = std::move(pclntab);
  r.go = std::move(go);
}

}  // namespace crossgo::analysis
