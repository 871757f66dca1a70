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

// Reports are written as they are made, so memory stays flat however many files are inspected.
class ReportWriter {
 public:
  explicit ReportWriter(bool json) : json_(json), colour_(!json && use_colour()) {
    if (json_) std::printf("{\"schema_version\": %d, \"artifacts\": [", kInspectSchemaVersion);
  }
  void write(const ArtifactReport& r) {
    std::string out;
    if (json_) {
      out = first_ ? "\n" : ",\n";
      out += report_to_json(r).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    } else {
      out = first_ ? "" : "\n";
      out += report_to_text(r, colour_);
    }
    first_ = false;
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  void finish() {
    if (json_) std::fputs("\n]}\n", stdout);
    std::fflush(stdout);
  }

 private:
  bool json_;
  bool colour_;
  bool first_ = true;
};

int run_inspect(const InspectOptions& opt) {
  namespace fs = std::filesystem;
  std::vector<std::string> problems;
  std::vector<std::pair<std::string, std::string>> failures;  // path, error: repeated on stderr
  ReportWriter writer(opt.json);
  auto emit = [&](const ArtifactReport& r) {
    if (r.error) failures.emplace_back(r.path, r.error->to_string());
    writer.write(r);
  };
  for (const auto& path : opt.paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (const auto& file : walk(path, problems)) {
        ArtifactReport r = inspect_path(file);
        if (opt.json && r.format == "not-binary") continue;
        emit(r);
      }
      continue;
    }
    emit(inspect_path(path));
  }
  writer.finish();
  for (const auto& [path, error] : failures) std::fprintf(stderr, "crossgo: %s: %s\n", path.c_str(), error.c_str());
  for (const auto& p : problems) std::fprintf(stderr, "crossgo: %s\n", p.c_str());
  return !failures.empty() || !problems.empty() ? kExitUnreadable : kExitOk;
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
