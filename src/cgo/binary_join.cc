// The join of source analysis with a built binary: the packages whose code calls C in the binary
// (cgo's wrappers pkg._Cfunc_x stay in the pclntab even after stripping; src/go/cgo_detect.cc)
// against the packages source analysis found with import "C". A difference means the binary was
// built differently (another target, other tags, CGO_ENABLED=0), from other sources, or that the
// linker dropped a package whose C calls are all unreachable.
#include <algorithm>
#include <set>

#include "crossgo/cgo.h"
#include "crossgo/finding_codes.h"
#include "crossgo/report.h"

namespace crossgo::cgo {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

}  // namespace

BinaryFacts read_binary_facts(const std::string& path) {
  BinaryFacts facts;
  facts.path = path;
  std::vector<ArtifactReport> reports = inspect_path(path);
  const ArtifactReport* r = nullptr;
  for (const auto& candidate : reports)
    if (candidate.go) {
      r = &candidate;
      break;
    }
  if (reports.empty() || (reports.front().error && r == nullptr)) {
    facts.error = reports.empty() || !reports.front().error ? "could not be read" : reports.front().error->to_string();
    return facts;
  }
  if (r == nullptr) {
    facts.error = "not a Go binary";
    return facts;
  }
  facts.goos = r->goos;
  facts.goarch = r->goarch;
  facts.cgo_linked = r->go->cgo.linked;
  facts.packages = r->go->cgo.packages;
  if (r->go->buildinfo) {
    const GoBuildInfo& bi = *r->go->buildinfo;
    if (const std::string* v = bi.setting("CGO_ENABLED")) facts.cgo_enabled_setting = *v;
    if (const std::string* v = bi.setting("-tags")) {
      size_t b = 0;
      while (b <= v->size()) {
        size_t c = v->find(',', b);
        if (c == std::string::npos) c = v->size();
        if (c > b) facts.tags.push_back(v->substr(b, c - b));
        b = c + 1;
      }
    }
    for (const char* var : {"GOARM", "GOAMD64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOARM64"})
      if (const std::string* v = bi.setting(var)) facts.variant = *v;
  }
  return facts;
}

void join_binary(CgoReport& report, const BinaryFacts& binary) {
  BinaryJoin j;
  j.path = binary.path;
  j.error = binary.error;
  j.cgo_linked = binary.cgo_linked;
  j.binary_packages = binary.packages;
  if (binary.error.empty()) {
    // The binary names its main package "main"; source analysis by import path.
    std::set<std::string> source;
    for (const auto& cp : report.cgo_packages) {
      const ListedPackage& p = report.pkg(cp.package);
      if (!p.uses_cgo() || p.import_path == "runtime/cgo") continue;
      source.insert(p.name == "main" ? std::string("main") : p.import_path);
    }
    std::set<std::string> in_binary(binary.packages.begin(), binary.packages.end());
    std::set_intersection(source.begin(), source.end(), in_binary.begin(), in_binary.end(), std::back_inserter(j.both));
    std::set_difference(in_binary.begin(), in_binary.end(), source.begin(), source.end(),
                        std::back_inserter(j.only_binary));
    std::set_difference(source.begin(), source.end(), in_binary.begin(), in_binary.end(),
                        std::back_inserter(j.only_source));
    const gosrc::BuildContext& c = report.list.context;
    std::vector<std::string> notes;
    if ((binary.goos && *binary.goos != c.goos) || (binary.goarch && *binary.goarch != c.goarch))
      notes.push_back("the binary is for " + binary.goos.value_or("?") + "/" + binary.goarch.value_or("?") +
                      ", the analysis for " + c.goos + "/" + c.goarch);
    if (binary.cgo_enabled_setting && *binary.cgo_enabled_setting == "0")
      notes.push_back("the binary was built with CGO_ENABLED=0");
    std::vector<std::string> tags = binary.tags, analysed = c.build_tags;
    std::sort(tags.begin(), tags.end());
    std::sort(analysed.begin(), analysed.end());
    if (tags != analysed)
      notes.push_back("the binary was built with -tags " + (tags.empty() ? std::string("(none)") : join(tags)) +
                      ", the analysis used " + (analysed.empty() ? std::string("(none)") : join(analysed)));
    for (const auto& n : notes) {
      if (!j.target_note.empty()) j.target_note += "; ";
      j.target_note += n;
    }
    if (!j.only_binary.empty() || !j.only_source.empty()) {
      std::string message = "the binary and the source disagree about which packages call C:";
      if (!j.only_binary.empty()) message += " only in the binary: " + join(j.only_binary) + ".";
      if (!j.only_source.empty()) message += " only in the source: " + join(j.only_source) + ".";
      if (!j.target_note.empty()) message += " (" + j.target_note + ")";
      report.findings.push_back({.code = Code::CG313, .location = {.file = binary.path}, .subject = binary.path,
                                 .message = message,
                                 .fix = "analyse with the binary's own target and tags (crossgo cgo --binary takes them "
                                        "from its build info when --target and --tags are not given), or rebuild it"});
      sort_findings(report.findings);
    }
  }
  report.binary = std::move(j);
}

}  // namespace crossgo::cgo
