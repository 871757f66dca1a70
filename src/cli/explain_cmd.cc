// `crossgo explain TARGET [--cgo|--no-cgo] [--buildmode M] [--go PATH] [--json]` and
// `crossgo explain --matrix`: predict what `go build` will do in this environment.
// `crossgo explain CODE [--json]`: what a finding code means (its registry entry).
#include <cctype>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "crossgo/doctor_output.h"
#include "crossgo/env.h"
#include "crossgo/finding_registry.h"

namespace crossgo::cli {
namespace {

// "CG401" or "cg401": no target spelling looks like this, so the positional can be either.
bool looks_like_code(const std::string& s) {
  return s.size() == 5 && std::toupper(static_cast<unsigned char>(s[0])) == 'C' &&
         std::toupper(static_cast<unsigned char>(s[1])) == 'G' && std::isdigit(static_cast<unsigned char>(s[2])) &&
         std::isdigit(static_cast<unsigned char>(s[3])) && std::isdigit(static_cast<unsigned char>(s[4]));
}

struct ExplainOptions {
  std::string target;
  std::string go;
  std::string buildmode = "default";
  bool cgo = false;
  bool no_cgo = false;
  bool json = false;
  bool matrix = false;
  int timeout = 60;
};

int explain_code(const ExplainOptions& opts) {
  if (opts.matrix || opts.cgo || opts.no_cgo || opts.buildmode != "default") {
    std::fprintf(stderr, "crossgo: explain %s takes no --matrix, --cgo, --no-cgo or --buildmode\n", opts.target.c_str());
    return kExitUsage;
  }
  std::string key = opts.target;
  if (looks_like_code(key))
    for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const FindingInfo* info = find_finding(key);
  if (info == nullptr) {
    std::fprintf(stderr, "crossgo: there is no finding %s (codes: docs/findings.md)\n", opts.target.c_str());
    if (const FindingInfo* near = nearest_finding(opts.target))
      std::fprintf(stderr, "  did you mean %s (%s: %s)?\n", std::string(near->id()).c_str(),
                   std::string(near->name).c_str(), std::string(near->title).c_str());
    return kExitUsage;
  }
  std::cout << (opts.json ? output::finding_info_json(*info) : output::finding_info_text(*info, use_colour()));
  return kExitOk;
}

}  // namespace

RunCommand add_explain_command(CLI::App& app) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* sub = app.add_subcommand("explain", "Predict what go build will do for a target, and why");
  sub->add_option("target", opts->target,
                  "Target: linux/arm64, linux/arm/v7, linux_amd64_v3 …; or a finding code (CG401) or name to describe");
  auto* cgo = sub->add_flag("--cgo", opts->cgo, "Predict with CGO_ENABLED=1");
  auto* nocgo = sub->add_flag("--no-cgo", opts->no_cgo, "Predict with CGO_ENABLED=0");
  cgo->excludes(nocgo);
  sub->add_option("--buildmode", opts->buildmode, "Build mode to predict (default, exe, pie, c-shared, c-archive)")
      ->check(CLI::IsMember({"default", "exe", "pie", "c-shared", "c-archive", "plugin", "shared"}));
  sub->add_option("--go", opts->go, "The go binary to ask (default: go in $PATH)");
  sub->add_flag("--json", opts->json, "Machine-readable output (docs/explain.schema.json)");
  sub->add_flag("--matrix", opts->matrix, "The eight (GOOS, GOARCH, CGO_ENABLED) combinations for this host");
  sub->add_option("--timeout", opts->timeout, "Overall time limit in seconds for the tools explain runs (default 60)")
      ->check(CLI::Range(1, 3600));
  return [opts] {
    if (looks_like_code(opts->target) || find_finding(opts->target) != nullptr) return explain_code(*opts);
    env::begin_run(opts->timeout);
    env::CollectOptions co;
    co.process = env::current_process_environment();
    co.go_path = opts->go;
    env::machine_platform(co.machine_goos, co.machine_goarch);
    if (opts->matrix) {
      if (!opts->target.empty() || opts->cgo || opts->no_cgo) {
        std::fprintf(stderr, "crossgo: --matrix takes no TARGET, --cgo or --no-cgo\n");
        return kExitUsage;
      }
      auto cases = env::explain_matrix(co);
      env::Environment host = env::collect(co);
      std::cout << (opts->json ? output::matrix_json(host, cases) : output::matrix_text(host, cases, use_colour()));
      return kExitOk;
    }
    if (opts->target.empty()) {
      std::fprintf(stderr, "crossgo: explain needs a TARGET (e.g. linux/arm64) or --matrix\n");
      return kExitUsage;
    }
    co.target = parse_target_or_report(opts->target);
    if (!co.target) return kExitUsage;
    // --cgo predicts a cgo build even where cgo is off by default: prove the C toolchain anyway.
    if (opts->cgo) co.cgo_probe = env::CollectOptions::CgoProbe::always;
    if (opts->no_cgo) co.cgo_probe = env::CollectOptions::CgoProbe::never;
    env::Environment e = env::collect(co);
    std::optional<bool> override;
    if (opts->cgo) override = true;
    if (opts->no_cgo) override = false;
    auto p = env::predict(e, override, opts->buildmode);
    std::cout << (opts->json ? output::explain_json(p) : output::explain_text(p, use_colour()));
    return kExitOk;
  };
}

}  // namespace crossgo::cli
