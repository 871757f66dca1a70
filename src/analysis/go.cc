// The Go side of an artifact: build info, build ID, version (even without build info) and whether
// runtime/cgo was really linked in, decided from binary evidence rather than the CGO_ENABLED setting.
#include <string>

#include "analysis/analyzers.h"

namespace crossgo::analysis {

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
