// crossgo rootfs ROOT FILE... | --all: will each file load in that root filesystem, as its own
// loader would load it there? Parses flags, opens the root, hands each file to the loader model
// (src/rootfs/) and the result to a renderer (src/output/rootfs_*.cc).
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli/commands.h"
#include "crossgo/report.h"
#include "crossgo/rootfs.h"
#include "crossgo/rootfs_output.h"
#include "crossgo/text_escape.h"

namespace crossgo::cli {

bool use_colour();

namespace {

struct RootfsOptions {
  std::string root;
  std::vector<std::string> files;
  bool all = false;
  bool json = false;
  bool verbose = false;
  bool host_files = false;
  std::string platform;
  std::string dest;
  std::vector<std::string> env;
  std::vector<std::string> ignore;
};

constexpr size_t kMaxAllFiles = 200000;

int run_rootfs(const RootfsOptions& opt) {
  if (opt.files.empty() && !opt.all) {
    std::fprintf(stderr, "crossgo rootfs: name the files to check, or --all\n");
    return kExitUsage;
  }
  rootfs::Options options;
  for (const auto& e : opt.env) {
    const size_t eq = e.find('=');
    if (eq == std::string::npos || e.substr(0, eq) != "LD_LIBRARY_PATH") {
      std::fprintf(stderr, "crossgo rootfs: --env takes LD_LIBRARY_PATH=DIR[:DIR…], not %s\n", escape_for_terminal(e).c_str());
      return kExitUsage;
    }
    options.ld_library_path = e.substr(eq + 1);
  }
  if (!opt.dest.empty()) options.dest_dir = rootfs::normalise(opt.dest);
  const auto ignored = parse_ignored_codes(opt.ignore);
  if (!ignored) return kExitUsage;

  // An image's platform, when not given: that of the first FILE on this machine (what is about to
  // be copied into the image), as inspect reads it.
  std::string platform = opt.platform;
  if (platform.empty()) {
    for (const auto& f : opt.files) {
      if (::access(f.c_str(), R_OK) != 0) continue;
      const auto reports = inspect_path(f);
      if (reports.empty() || !reports.front().goarch) continue;
      platform = reports.front().goos.value_or("linux") + "/" + *reports.front().goarch;
      break;
    }
  }
  auto root = rootfs::open_root(opt.root, platform);
  if (!root) {
    std::fprintf(stderr, "crossgo rootfs: %s\n", escape_for_terminal(root.error().to_string()).c_str());
    return kExitUnreadable;
  }
  rootfs::Loader loader(**root, options);
  output::RootfsRun run;
  run.root_path = opt.root;
  run.root_description = (*root)->describe();
  run.libc = rootfs::root_libc(**root);

  std::vector<std::pair<std::string, bool>> files;  // path, inside the root
  for (const auto& f : opt.files) {
    // A path that exists in the root is the root's file; anything else is a file on this machine
    // about to be copied in (--host: always this machine's).
    const bool in_root = !opt.host_files && !f.empty() && f[0] == '/' && rootfs::resolve(**root, f).has_value();
    files.emplace_back(f, in_root);
  }
  bool capped = false;
  if (opt.all) {
    for (auto& p : loader.all_elf_files(kMaxAllFiles, capped)) files.emplace_back(std::move(p), true);
    if (capped) std::fprintf(stderr, "crossgo rootfs: more than %zu ELF files in the root; the rest are not checked\n", kMaxAllFiles);
  }
  const bool progress = opt.all && !opt.json && isatty(STDERR_FILENO) != 0;
  bool unreadable = false, fails = false;
  for (size_t i = 0; i < files.size(); ++i) {
    if (progress && i % 64 == 0) std::fprintf(stderr, "\r%zu/%zu files", i, files.size());
    auto report = loader.check(files[i].first, files[i].second);
    // Suppressed codes do not count against the file (they are still listed in JSON).
    std::erase_if(report.findings, [&](const Finding& x) {
      return std::find(ignored->begin(), ignored->end(), x.code) != ignored->end();
    });
    report.loads = !report.error && !has_errors(report.findings);
    unreadable = unreadable || report.error.has_value();
    fails = fails || !report.loads;
    run.files.push_back(std::move(report));
  }
  if (progress) std::fprintf(stderr, "\r\x1b[K");
  run.config = loader.config();
  const std::string text = opt.json ? output::rootfs_json(run) : output::rootfs_text(run, opt.verbose || !opt.all, !opt.json && use_colour());
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (unreadable) return kExitUnreadable;
  return fails ? kExitFindings : kExitOk;
}

}  // namespace

RunCommand add_rootfs_command(CLI::App& app) {
  auto opt = std::make_shared<RootfsOptions>();
  CLI::App* cmd = app.add_subcommand("rootfs", "Check that files load in a root filesystem or image, as its loader would (no execution)");
  cmd->footer(
      "ROOT: a directory, a tar archive of one (plain, gzip, xz, zstd), an OCI image layout or a\n"
      "docker/podman save archive. FILE: a path inside ROOT (/usr/bin/app) or a file on this machine.\n"
      "Exit codes: 0 every file loads; 1 some will not load; 2 usage error; 3 a file or the root\n"
      "could not be read. Rules and fields: docs/rootfs.md.");
  cmd->add_option("root", opt->root, "The root filesystem")->required();
  cmd->add_option("files", opt->files, "Files to check");
  cmd->add_flag("--all", opt->all, "Check every ELF executable and shared library in ROOT (lists only those that fail; -v for all)");
  cmd->add_flag("--json", opt->json, "Machine-readable output (docs/rootfs.schema.json)");
  cmd->add_flag("-v,--verbose", opt->verbose, "With --all, show every file's tree, not only the failures");
  cmd->add_flag("--host", opt->host_files, "FILE paths are on this machine even when the root has the same path");
  cmd->add_option("--platform", opt->platform,
                  "Image platform to pick from a multi-platform image (linux/arm64, linux/arm/v7; default: the first FILE's)");
  cmd->add_option("--dest", opt->dest, "Where a FILE from this machine will be installed in ROOT (its $ORIGIN)");
  cmd->add_option("--env", opt->env, "LD_LIBRARY_PATH=DIR[:DIR…]: search it as the loader would with that variable set")
      ->take_all()
      ->allow_extra_args(false);
  cmd->add_option("--ignore", opt->ignore, "A finding code not to count (repeatable)")->take_all()->allow_extra_args(false);
  return [opt] { return run_rootfs(*opt); };
}

}  // namespace crossgo::cli
