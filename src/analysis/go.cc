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
void warn_duplicate_settings(const GoBuildInfo& bi, std::vector<Finding>& findings) {
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
    const std::string key(order[i].substr(0, 64));
    findings.push_back(Finding{
        .code = Code::CG810,
        .location = {.variable = key},
        .message = "build setting " + key + " appears more than once (" + shown + "): crossgo uses the first",
    });
  }
  if (order.size() > kShown)
    findings.push_back(Finding{
        .code = Code::CG810,
        .message = std::to_string(order.size() - kShown) + " more build settings appear more than once",
    });
}

}  // namespace

std::optional<GoFacts> analyze_go(const Image& img, const GoLayout& layout, TargetFacts& target,
                                  std::vector<Finding>& findings) {
  BuildInfoResult bi = read_go_buildinfo(img, layout);
  std::optional<std::string> build_id = read_go_build_id(img, layout);
  std::optional<GoPclntab> pclntab = find_go_pclntab(img, layout);
  if (!bi.info && bi.not_go && !build_id && !pclntab && layout.go_markers.empty() && !img.toolchain_version)
    return std::nullopt;

  GoFacts go;
  go.build_id = build_id;
  if (bi.info) go.evidence.push_back("build info");
  else if (!bi.not_go) go.evidence.push_back("build info (damaged)");
  if (pclntab) go.evidence.push_back("pclntab (" + pclntab->where + ")");
  if (build_id) go.evidence.push_back("Go build ID");
  for (const auto& m : layout.go_markers)
    if (m.find("build ID") == std::string::npos) go.evidence.push_back(m);
  if (bi.error) go.buildinfo_error = bi.error->to_string();
  if (bi.info) {
    go.version = bi.info->go_version;
    go.version_source = "buildinfo";
    go.buildinfo = std::move(bi.info);
  } else if (layout.linker_version) {
    go.version = layout.linker_version->version;
    go.version_source = layout.linker_version->source;
  } else if (auto guess = guess_go_version(img, layout, pclntab)) {
    go.version = guess->version;
    go.version_source = guess->source;
  } else if (img.toolchain_version) {
    go.version = img.toolchain_version;
    go.version_source = "object header";  // the version line a Go object file starts with
    go.evidence.push_back("object header names " + *img.toolchain_version);
  }

  GoCgoEvidence cgo = detect_go_cgo(img, pclntab);
  go.cgo.linked = cgo.linked;
  go.cgo.evidence = std::move(cgo.evidence);
  go.cgo.packages = std::move(cgo.packages);
  if (go.buildinfo) {
    warn_duplicate_settings(*go.buildinfo, findings);
    if (const std::string* v = go.buildinfo->setting("CGO_ENABLED")) {
      go.cgo.evidence.push_back("build setting CGO_ENABLED=" + *v);
      if (*v == "0" && go.cgo.linked == true)
        findings.push_back(Finding{
            .code = Code::CG811,
            .location = {.variable = "CGO_ENABLED"},
            .message = "build info says CGO_ENABLED=0 but runtime/cgo is linked in",
        });
    }
    // The sub-architecture the binary was compiled for (GOARM=7, GOAMD64=v3 …) is only recorded
    // in build info; no header can tell GOARM=6 from GOARM=7.
    for (const char* var : {"GOARM", "GOARM64", "GOAMD64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM"}) {
      if (const std::string* v = go.buildinfo->setting(var)) {
        std::string key(var);
        for (char& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        target.arch_flags[key] = *v;
      }
    }
    const std::string* goarch = go.buildinfo->setting("GOARCH");
    if (goarch && target.goarch && *goarch != *target.goarch)
      findings.push_back(Finding{
          .code = Code::CG812,
          .location = {.variable = "GOARCH"},
          .message = "build info GOARCH=" + *goarch + " disagrees with the file's machine (" + *target.goarch + ")",
          .expected = *target.goarch,
          .actual = *goarch,
      });
  }
  go.pclntab = std::move(pclntab);
  return go;
}

}  // namespace crossgo::analysis
