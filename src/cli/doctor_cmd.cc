// `crossgo doctor [--target T] [--go PATH] [--json] [--ignore CODE]...`: show the effective Go
// cross-build environment with its sources and report findings. Exit 0 without errors (warnings
// allowed), 1 with errors, 2 on usage errors.
#include <cstdio>
#include <iostream>
#include <memory>
#include <regex>

#include "cli/commands.h"
#include "crossgo/doctor_output.h"
#include "crossgo/env.h"
#include "crossgo/finding_registry.h"

namespace crossgo::cli {
namespace {

struct DoctorOptions {
  std::string target;
  std::string go;
  bool json = false;
  int timeout = 60;
  std::vector<std::string> ignore;
};

}  // namespace

// Shared with explain: parse --target or print why not (with suggestions) and return nullopt.
std::optional<Target> parse_target_or_report(const std::string& text) {
  auto parsed = parse_target(text);
  if (parsed.target) return parsed.target;
  std::fprintf(stderr, "crossgo: %s\n", parsed.error.c_str());
  for (const auto& s : parsed.suggestions) std::fprintf(stderr, "  did you mean %s?\n", s.c_str());
  return std::nullopt;
}

// An --ignore that names no code would ignore nothing, silently: a typo must fail the run.
std::optional<std::vector<Code>> parse_ignored_codes(const std::vector<std::string>& args) {
  static const std::regex kCode("CG[0-9]{3}");
  std::vector<Code> codes;
  for (const auto& c : args) {
    const FindingInfo* info = std::regex_match(c, kCode) ? find_finding(c) : nullptr;
    if (info != nullptr) {
      codes.push_back(info->code);
      continue;
    }
    const FindingInfo* near = nearest_finding(c);
    if (std::regex_match(c, kCode))
      std::fprintf(stderr, "crossgo: --ignore %s: there is no finding %s (codes: docs/findings.md)\n", c.c_str(), c.c_str());
    else
      std::fprintf(stderr, "crossgo: --ignore wants a finding code like CG301, not \"%s\"\n", c.c_str());
    if (near != nullptr)
      std::fprintf(stderr, "  did you mean %s (%s: %s)?\n", std::string(near->id()).c_str(),
                   std::string(near->name).c_str(), std::string(near->title).c_str());
    return std::nullopt;
  }
  return codes;
}

RunCommand add_doctor_command(CLI::App& app) {
  auto opts = std::make_shared<DoctorOptions>();
  auto* sub = app.add_subcommand("doctor", "Check the Go cross-compilation environment before a build");
  sub->add_option("--target", opts->target, "Check for this target (linux/arm64, linux/arm/v7, linux_amd64_v3)");
  sub->add_option("--go", opts->go, "The go binary to ask (default: go in $PATH)");
  sub->add_flag("--json", opts->json, "Machine-readable output (docs/doctor.schema.json)");
  sub->add_option("--timeout", opts->timeout, "Overall time limit in seconds for the tools doctor runs (default 60)")
      ->check(CLI::Range(1, 3600));
  sub->add_option("--ignore", opts->ignore, "Do not report this finding code (repeatable), e.g. CG301")
      ->take_all()
      ->allow_extra_args(false);
  return [opts] {
    auto ignore = parse_ignored_codes(opts->ignore);
    if (!ignore) return kExitUsage;
    env::begin_run(opts->timeout);
    env::CollectOptions co;
    co.process = env::current_process_environment();
    co.go_path = opts->go;
    if (!opts->target.empty()) {
      co.target = parse_target_or_report(opts->target);
      if (!co.target) return kExitUsage;
    }
    env::machine_platform(co.machine_goos, co.machine_goarch);
    env::Environment e = env::collect(co);
    auto findings = env::diagnose(e, *ignore);
    std::cout << (opts->json ? output::doctor_json(e, findings) : output::doctor_text(e, findings, use_colour()));
    return has_errors(findings) ? kExitFindings : kExitOk;
  };
}

}  // namespace crossgo::cli
