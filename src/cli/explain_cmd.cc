// `crossgo explain TARGET [--cgo|--no-cgo] [--buildmode M] [--go PATH] [--json]` and
// `crossgo explain --matrix`: predict what `go build` will do in this environment.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "crossgo/doctor_output.h"
#include "crossgo/env.h"

namespace crossgo::cli {


namespace {

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

}  // namespace

RunCommand add_explain_command(CLI::App& app) {
  auto opts = std::make_shared<ExplainOptions>();
  auto* sub = app.add_subcommand("explain", "Predict what go build will do for a target, and why");
  sub->add_option("target", opts->target, "Target: linux/arm64, linux/arm/v7, linux_amd64_v3 …");
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
