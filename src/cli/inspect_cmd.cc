// crossgo inspect [--json] PATH...: a directory is walked (without following symlinks); files that
// are not binaries are listed in text mode and skipped in JSON unless named explicitly.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "crossgo/inspect_output.h"
#include "crossgo/limits.h"
#include "crossgo/report.h"
#include "crossgo/text_escape.h"

namespace crossgo::cli {

namespace {

struct InspectOptions {
  std::vector<std::string> paths;
  bool json = false;
};

// Regular files under dir (symlinks not followed), sorted for stable output, capped by
// limits::kMaxWalkEntries. Every directory that cannot be read is a problem the exit code reports
// (exit 0 promises that every file was read); the walk goes on with the others.
class Walker {
 public:
  Walker(std::vector<std::string>& files, std::vector<std::string>& problems) : files_(files), problems_(problems) {}

  void walk(const std::string& dir, int depth) {
    if (stopped_) return;
    if (depth > limits::kMaxPathDepth) {
      problems_.push_back(dir + ": directories nested deeper than " + std::to_string(limits::kMaxPathDepth) +
                          " levels were not read");
      return;
    }
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
      problems_.push_back(dir + ": cannot read directory: " + std::strerror(errno));
      return;
    }
    std::vector<std::string> subdirs;
    errno = 0;
    while (dirent* ent = readdir(d)) {
      const std::string name = ent->d_name;
      if (name == "." || name == "..") continue;
      struct stat st {};
      const std::string path = !dir.empty() && dir.back() == '/' ? dir + name : dir + "/" + name;
      if (fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        problems_.push_back(path + ": " + std::strerror(errno));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        subdirs.push_back(path);
      } else if (S_ISREG(st.st_mode)) {
        if (files_.size() >= limits::kMaxWalkEntries) {
          problems_.push_back(dir + ": stopped after " + std::to_string(limits::kMaxWalkEntries) + " files");
          stopped_ = true;
          break;
        }
        files_.push_back(path);
      }
      errno = 0;
    }
    if (errno != 0 && !stopped_) problems_.push_back(dir + ": reading the directory failed: " + std::strerror(errno));
    closedir(d);
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto& sub : subdirs) walk(sub, depth + 1);
  }

 private:
  std::vector<std::string>& files_;
  std::vector<std::string>& problems_;
  bool stopped_ = false;
};

std::vector<std::string> walk(const std::string& dir, std::vector<std::string>& problems) {
  std::vector<std::string> files;
  Walker(files, problems).walk(dir, 0);
  std::sort(files.begin(), files.end());
  return files;
}

// What one file contributes to the output, rendered by a worker thread.
struct Rendered {
  std::string text;  // "" when the file is skipped (a non-binary found while walking, in JSON)
  std::optional<std::string> error;
};

// A container gives several reports (itself, then each member): rendered as consecutive entries.
Rendered render(const std::string& path, bool from_walk, bool json, bool colour) {
  const std::vector<ArtifactReport> reports = inspect_path(path);
  Rendered out;
  for (const ArtifactReport& r : reports) {
    // A member's error names the member: "lib.a(x.o): …" (the path is printed before it).
    if (r.error && !out.error) out.error = (r.path == path ? std::string() : r.path.substr(path.size()) + ": ") + r.error->to_string();
    if (json && from_walk && r.format == "not-binary") continue;
    if (!out.text.empty()) out.text += json ? ",\n" : "\n";
    out.text += json ? report_to_json(r).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                     : report_to_text(r, colour);
  }
  return out;
}

// Files are inspected in parallel, a batch at a time, and written in input order: output is
// deterministic, memory stays bounded by the batch, and a 2-core CI runner reads twice as fast.
void inspect_all(const std::vector<std::pair<std::string, bool>>& files, bool json, bool colour,
                 std::vector<std::pair<std::string, std::string>>& failures) {
  constexpr size_t kBatch = 256;
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  bool first = true;
  if (json) std::fputs(inspect_json_prefix().c_str(), stdout);
  std::vector<Rendered> batch;
  for (size_t start = 0; start < files.size(); start += kBatch) {
    const size_t n = std::min(kBatch, files.size() - start);
    batch.assign(n, Rendered{});
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < n; i = next++) {
        const auto& [path, from_walk] = files[start + i];
        batch[i] = render(path, from_walk, json, colour);
      }
    };
    const size_t workers = std::min(threads, n);
    std::vector<std::thread> pool;
    for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (size_t i = 0; i < n; ++i) {
      if (batch[i].error) failures.emplace_back(files[start + i].first, *batch[i].error);
      if (batch[i].text.empty()) continue;
      std::string out = first ? (json ? "\n" : "") : (json ? ",\n" : "\n");
      out += batch[i].text;
      std::fwrite(out.data(), 1, out.size(), stdout);
      first = false;
    }
  }
  if (json) std::fputs(inspect_json_suffix().c_str(), stdout);
  std::fflush(stdout);
}

int run_inspect(const InspectOptions& opt) {
  namespace fs = std::filesystem;
  std::vector<std::string> problems;
  std::vector<std::pair<std::string, bool>> files;  // path, found while walking a directory
  for (const auto& path : opt.paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (auto& file : walk(path, problems)) files.emplace_back(std::move(file), true);
    } else {
      files.emplace_back(path, false);
    }
  }
  std::vector<std::pair<std::string, std::string>> failures;
  inspect_all(files, opt.json, !opt.json && use_colour(), failures);
  for (const auto& [path, error] : failures)
    std::fprintf(stderr, "crossgo: %s: %s\n", escape_for_terminal(path).c_str(), escape_for_terminal(error).c_str());
  for (const auto& p : problems) std::fprintf(stderr, "crossgo: %s\n", escape_for_terminal(p).c_str());
  return !failures.empty() || !problems.empty() ? kExitUnreadable : kExitOk;
}

}  // namespace

RunCommand add_inspect_command(CLI::App& app) {
  auto opt = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand("inspect", "Read binaries and report target, linkage, libc, hardening and Go facts");
  cmd->footer(
      "Directories are walked without following symlinks; in JSON, files that are not binaries are\n"
      "skipped unless named. Colour only on a terminal, never with NO_COLOR set.\n"
      "Exit codes: 0 every file read; 2 usage error; 3 a file could not be read or parsed (the\n"
      "others are still reported). Fields: docs/inspect.md.");
  cmd->add_option("paths", opt->paths, "Files or directories to inspect")->required();
  cmd->add_flag("--json", opt->json, "Machine-readable output (docs/inspect.schema.json)");
  return [opt] { return run_inspect(*opt); };
}

}  // namespace crossgo::cli
