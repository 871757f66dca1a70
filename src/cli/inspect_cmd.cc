// crossgo inspect [--json] PATH...: a directory is walked (without following symlinks); files that
// are not binaries are listed in text mode and skipped in JSON unless named explicitly.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "crossgo/inspect_output.h"
#include "crossgo/limits.h"
#include "crossgo/report.h"

namespace crossgo::cli {

namespace {

struct InspectOptions {
  std::vector<std::string> paths;
  bool json = false;
};

// Regular files under dir, sorted for stable output, capped by limits::kMaxWalkEntries.
std::vector<std::string> walk(const std::string& dir, std::vector<std::string>& problems) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) {
    problems.push_back(dir + ": " + ec.message());
    return files;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problems.push_back(dir + ": " + ec.message());
      break;
    }
    if (files.size() >= limits::kMaxWalkEntries) {
      problems.push_back(dir + ": stopped after " + std::to_string(limits::kMaxWalkEntries) + " files");
      break;
    }
    std::error_code sec;
    if (it->is_regular_file(sec) && !it->is_symlink(sec)) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

int run_inspect(const InspectOptions& opt) {
  namespace fs = std::filesystem;
  std::vector<ArtifactReport> reports;
  std::vector<std::string> problems;
  bool failed = false;
  const bool colour = !opt.json && use_colour();
  for (const auto& path : opt.paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const auto& file : walk(path, problems)) {
        ArtifactReport r = inspect_path(file);
        if (opt.json && r.format == "not-binary") continue;
        if (r.error) failed = true;
        reports.push_back(std::move(r));
      }
      continue;
    }
    ArtifactReport r = inspect_path(path);
    if (r.error) failed = true;
    reports.push_back(std::move(r));
  }
  if (opt.json) {
    std::string out = reports_to_json(reports).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    for (size_t i = 0; i < reports.size(); ++i) {
      std::string block = report_to_text(reports[i], colour);
      if (i) std::fputc('\n', stdout);
      std::fwrite(block.data(), 1, block.size(), stdout);
    }
  }
  for (const auto& r : reports) {
    if (r.error) std::fprintf(stderr, "crossgo: %s: %s\n", r.path.c_str(), r.error->to_string().c_str());
  }
  for (const auto& p : problems) std::fprintf(stderr, "crossgo: %s\n", p.c_str());
  return failed || !problems.empty() ? kExitUnreadable : kExitOk;
}

}  // namespace

RunCommand add_inspect_command(CLI::App& app) {
  auto opt = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand("inspect", "Read binaries and report target, linkage, libc, hardening and Go facts");
  cmd->add_option("paths", opt->paths, "Files or directories to inspect")->required();
  cmd->add_flag("--json", opt->json, "Machine-readable output (docs/inspect.schema.json)");
  return [opt] { return run_inspect(*opt); };
}

}  // namespace crossgo::cli
