// CG9xx: how much to trust the rest. Knowledge-only mode without a go binary, a Go newer than the
// knowledge base, and — the strongest check — disagreement between what crossgo derived from the
// files and rules and what the selected `go env -json` answers.
#include <algorithm>

#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {

std::vector<Finding> check_agreement(const Environment& e) {
  std::vector<Finding> out;
  if (e.go.path.empty()) {
    out.push_back(Finding{
        .code = Code::CG901,
        .subject = "go",
        .message = "no go binary found" + (e.go.path_source.empty() ? std::string() : " (" + e.go.path_source + ")") +
            ": knowledge-only mode, rules applied for " + e.version.name() +
            (e.version_known ? "" : " (assumed: the latest Go the knowledge base describes)"),
        .fix = "put go in $PATH or pass --go PATH",
    });
  } else if (!e.version_known) {
    out.push_back(Finding{
        .code = Code::CG905,
        .location = {.file = e.go.path},
        .subject = "go",
        .message = "could not tell the version of " + e.go.path + "; rules applied for " + e.version.name(),
        .fix = "check that `" + e.go.path + " version` works",
    });
  }
  if (e.version_known && e.version.minor > ports::kLatestKnownMinor) {
    out.push_back(Finding{
        .code = Code::CG904,
        .location = {.file = e.go.path},
        .subject = "go",
        .message = e.version.raw + " is newer than the knowledge base (go1." +
            std::to_string(ports::kLatestKnownMinor) + "); the go1." +
            std::to_string(ports::kLatestKnownMinor) + " rules are applied",
        .fix = "update crossgo",
    });
  }
  if (!e.go.path.empty() && !e.go.go_env_ok && !e.go.go_env_error.empty()) {
    out.push_back(Finding{
        .code = Code::CG903,
        .location = {.file = e.go.path},
        .subject = "go env",
        .message = "`go env -json` failed: " + e.go.go_env_error + " — go build will fail the same way",
        .fix = "fix the variable it names (see the other findings)",
    });
  }
  if (!e.go.go_env_ok) return out;
  static const char* kCompared[] = {"GOOS",  "GOARCH",  "CGO_ENABLED", "CC",     "CXX",    "GOFLAGS",
                                    "GOARM", "GOAMD64", "GO386",       "GOARM64", "GOMIPS", "GOMIPS64",
                                    "GOPPC64", "GORISCV64", "GOEXPERIMENT", "PKG_CONFIG", "AR"};
  for (const char* name : kCompared) {
    auto it = e.vars.find(name);
    if (it == e.vars.end() || !it->second.go_reports) continue;
    const Value& v = it->second;
    if (v.origin == Origin::unset) continue;
    if (*v.go_reports == v.value) continue;
    // Sub-arch variables set for another GOARCH: go env prints them empty (observed with Go 1.19 on Debian 12).
    if (v.go_reports->empty() && std::string(name) != e.subarch_variable() &&
        std::find(ports::subarch_variables().begin(), ports::subarch_variables().end(), name) !=
            ports::subarch_variables().end())
      continue;
    out.push_back(Finding{
        .code = Code::CG902,
        .location = location_of(v),
        .subject = name,
        .message = "crossgo derived " + std::string(name) + "=" + shown(v.value) + " (" +
            std::string(to_string(v.origin)) + (v.detail.empty() ? "" : ": " + v.detail) +
            ") but `go env` reports " + shown(*v.go_reports) +
            "; trust go, and please report this to crossgo",
        .fix = "run `go env " + std::string(name) + "` to confirm",
        .expected = *v.go_reports,
        .actual = v.value,
    });
  }
  return out;
}

std::vector<Finding> diagnose(const Environment& e, const std::vector<Code>& ignore) {
  std::vector<Finding> all;
  for (auto* check : {&check_target, &check_goenv, &check_cgo, &check_compilers, &check_cgo_toolchain, &check_linking,
                      &check_toolchain, &check_goflags, &check_agreement}) {
    auto part = check(e);
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  all.erase(std::remove_if(all.begin(), all.end(),
                           [&](const Finding& f) {
                             return std::find(ignore.begin(), ignore.end(), f.code) != ignore.end();
                           }),
            all.end());
  // When other errors already explain why `go env` failed, its failure is a confirmation.
  const bool explained = std::any_of(all.begin(), all.end(), [](const Finding& f) {
    return f.severity() == Severity::error && f.code != Code::CG903;
  });
  for (auto& f : all) {
    if (f.code == Code::CG903 && explained) {
      f.downgraded = true;
      f.message = "confirmed by go: " + f.message;
    }
  }
  sort_findings(all);
  return all;
}

}  // namespace crossgo::env
