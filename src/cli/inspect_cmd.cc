// crossgo inspect [--json] PATH...: a directory is walked (without following symlinks); files that
// are not binaries are listed in text mode and skipped in JSON unless named explicitly.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
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

// A container gives several reports (itself, then each member): rendered as consecutive entries,
// each as soon as it is made.
Rendered render(const std::string& path, bool from_walk, bool json, bool colour) {
  Rendered out;
  const auto add = [&](const ArtifactReport& r) {
    // A member's error names the member: "lib.a(x.o): …" (the path is printed before it).
    if (r.error && !out.error) out.error = (r.path == path ? std::string() : r.path.substr(path.size()) + ": ") + r.error->to_string();
    if (json && from_walk && r.format == "not-binary") return;
    if (!out.text.empty()) out.text += json ? ",\n" : "\n";
    out.text += json ? report_to_json(r) : report_to_text(r, colour);
  };
  if (const auto replacement = inspect_path_each(path, [&](ArtifactReport&& r) { add(r); })) {
    out = Rendered{};
    add(*replacement);
  }
  return out;
}

// Files are inspected in parallel and written in input order as soon as every file before them
// is written: output is deterministic, and memory is bounded by a window of rendered files (a
// worker that runs ahead by more than kWindowFiles files, or while kWindowBytes of rendered text
// wait, stops until the writer catches up), not by the number of files. The window is wide
// because one archive is one file here: while a worker spends its time on a library with a
// thousand members, the others go on with the files after it.
// Wake-ups are sent only to a thread that is waiting for them: on a virtual machine every futex
// wake-up is an inter-processor interrupt, and waking the writer for every file cost a fifth of the
// run time of inspecting a few thousand small files.
void inspect_all(const std::vector<std::pair<std::string, bool>>& files, bool json, bool colour,
                 std::vector<std::pair<std::string, std::string>>& failures) {
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  constexpr size_t kWindowFiles = 256;
  constexpr size_t kWindowBytes = 4 << 20;
  struct Slot {
    Rendered rendered;
    bool ready = false;
  };
  std::vector<Slot> slots(kWindowFiles);
  std::mutex mutex;
  std::condition_variable ready_cv, space_cv;
  size_t next = 0, written = 0, pending_bytes = 0, idle_workers = 0;
  bool writer_waiting = false;
  const auto has_space = [&] {
    return next >= files.size() || (next < written + kWindowFiles && (pending_bytes < kWindowBytes || next == written));
  };
  auto work = [&] {
    for (;;) {
      size_t i = 0;
      {
        std::unique_lock lock(mutex);
        if (!has_space()) {
          ++idle_workers;
          space_cv.wait(lock, has_space);
          --idle_workers;
        }
        if (next >= files.size()) return;
        i = next++;
      }
      const auto& [path, from_walk] = files[i];
      Rendered r = render(path, from_walk, json, colour);
      bool wake_writer = false;
      {
        std::lock_guard lock(mutex);
        pending_bytes += r.text.size();
        slots[i % kWindowFiles] = Slot{std::move(r), true};
        wake_writer = writer_waiting && i == written;
      }
      if (wake_writer) ready_cv.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 0; t < std::min(threads, files.size()); ++t) pool.emplace_back(work);

  if (json) std::fputs(inspect_json_prefix().c_str(), stdout);
  bool first = true;
  for (size_t i = 0; i < files.size(); ++i) {
    Rendered r;
    bool wake_workers = false;
    {
      std::unique_lock lock(mutex);
      Slot& slot = slots[i % kWindowFiles];
      if (!slot.ready) {
        writer_waiting = true;
        ready_cv.wait(lock, [&] { return slot.ready; });
        writer_waiting = false;
      }
      r = std::move(slot.rendered);
      slot = Slot{};
      written = i + 1;
      pending_bytes -= r.text.size();
      wake_workers = idle_workers > 0 && has_space();
    }
    if (wake_workers) space_cv.notify_all();
    if (r.error) failures.emplace_back(files[i].first, *r.error);
    if (r.text.empty()) continue;
    const char* sep = first ? (json ? "\n" : "") : (json ? ",\n" : "\n");
    std::fputs(sep, stdout);
    std::fwrite(r.text.data(), 1, r.text.size(), stdout);
    first = false;
  }
  for (auto& t : pool) t.join();
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
