// crossgo patch FILE: change the interpreter, RPATH/RUNPATH or a needed library name. Parses the
// flags into a patch::Request, hands the file to the library (src/patch/) and the result to a
// renderer (src/output/patch_*.cc).
#include <cstdio>

#include "cli/commands.h"
#include "crossgo/patch.h"
#include "crossgo/patch_output.h"
#include "crossgo/text_escape.h"

namespace crossgo::cli {
namespace {

struct PatchOptions {
  std::string file;
  std::string set_interpreter, interpreter_for;
  std::string set_rpath, set_runpath, add_rpath;
  bool remove_rpath = false;
  std::vector<std::string> replace_needed;  // OLD NEW pairs, flattened
  bool dry_run = false, json = false;
  std::string output;
};

int run_patch(const PatchOptions& opt, const CLI::App& cmd) {
  patch::Request req;
  if (cmd.count("--set-interpreter") != 0) req.interpreter = opt.set_interpreter;
  if (cmd.count("--interpreter-for") != 0) req.interpreter_for = opt.interpreter_for;
  int search_ops = 0;
  if (cmd.count("--set-rpath") != 0) req.search_path = patch::SearchPathOp::set_rpath, req.search_path_value = opt.set_rpath, ++search_ops;
  if (cmd.count("--set-runpath") != 0) req.search_path = patch::SearchPathOp::set_runpath, req.search_path_value = opt.set_runpath, ++search_ops;
  if (cmd.count("--add-rpath") != 0) req.search_path = patch::SearchPathOp::add, req.search_path_value = opt.add_rpath, ++search_ops;
  if (opt.remove_rpath) req.search_path = patch::SearchPathOp::remove, ++search_ops;
  if (search_ops > 1) {
    std::fprintf(stderr, "crossgo patch: --set-rpath, --set-runpath, --add-rpath and --remove-rpath exclude each other\n");
    return kExitUsage;
  }
  if (opt.replace_needed.size() % 2 != 0) {
    std::fprintf(stderr, "crossgo patch: --replace-needed takes two names, OLD NEW\n");
    return kExitUsage;
  }
  for (size_t i = 0; i + 1 < opt.replace_needed.size(); i += 2) req.replace_needed.emplace_back(opt.replace_needed[i], opt.replace_needed[i + 1]);
  if (!req.interpreter && !req.interpreter_for && req.search_path == patch::SearchPathOp::none && req.replace_needed.empty()) {
    std::fprintf(stderr, "crossgo patch: nothing to change: give --set-interpreter, --interpreter-for, an rpath option or --replace-needed\n");
    return kExitUsage;
  }
  if (req.interpreter_for && *req.interpreter_for != "glibc" && *req.interpreter_for != "musl") {
    std::fprintf(stderr, "crossgo patch: --interpreter-for takes glibc or musl, not %s\n", escape_for_terminal(*req.interpreter_for).c_str());
    return kExitUsage;
  }

  const patch::FileResult r = patch::patch_file(opt.file, req, {.output = opt.output, .dry_run = opt.dry_run});
  const std::string text = opt.json ? output::patch_json(r, opt.dry_run) : output::patch_text(r, opt.dry_run);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (r.outcome.unreadable) {
    std::fprintf(stderr, "crossgo: %s: %s\n", escape_for_terminal(opt.file).c_str(),
                 escape_for_terminal(r.outcome.unreadable->to_string()).c_str());
    return kExitUnreadable;
  }
  if (r.io_error) {
    std::fprintf(stderr, "crossgo: %s: %s (the original is unchanged)\n", escape_for_terminal(r.output).c_str(),
                 escape_for_terminal(*r.io_error).c_str());
    return kExitOutput;
  }
  if (r.outcome.refusal || r.reverify_failure) {
    if (opt.json) {
      const Finding& f = r.outcome.refusal ? *r.outcome.refusal : *r.reverify_failure;
      std::fprintf(stderr, "crossgo: %s: %s [%s]\n", escape_for_terminal(opt.file).c_str(), escape_for_terminal(f.message).c_str(),
                   std::string(f.id()).c_str());
    }
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace

RunCommand add_patch_command(CLI::App& app) {
  auto opt = std::make_shared<PatchOptions>();
  CLI::App* cmd = app.add_subcommand("patch", "Change an ELF file's interpreter, RPATH/RUNPATH or needed libraries, in place when it fits");
  cmd->footer(
      "The file is replaced atomically (temporary file, fsync, rename; mode, owner and extended\n"
      "attributes kept) only after the result was read back and checked. Exit codes: 0 patched or\n"
      "nothing to change; 1 refused (CG890-CG896, file untouched); 2 usage error; 3 the file could\n"
      "not be read; 4 the result could not be written. Details: docs/patch.md.");
  cmd->add_option("file", opt->file, "The ELF executable or shared library")->required();
  auto* si = cmd->add_option("--set-interpreter", opt->set_interpreter, "New program interpreter (PT_INTERP)");
  cmd->add_option("--interpreter-for", opt->interpreter_for, "glibc or musl: the standard loader for the file's architecture and ABI")
      ->excludes(si);
  cmd->add_option("--set-rpath", opt->set_rpath, "Set DT_RPATH (a DT_RUNPATH is converted or removed)");
  cmd->add_option("--set-runpath", opt->set_runpath, "Set DT_RUNPATH (a DT_RPATH is converted or removed)");
  cmd->add_option("--add-rpath", opt->add_rpath, "Append a directory to DT_RUNPATH (or DT_RPATH when that is what the file has)");
  cmd->add_flag("--remove-rpath", opt->remove_rpath, "Remove DT_RPATH and DT_RUNPATH");
  cmd->add_option("--replace-needed", opt->replace_needed, "OLD NEW: rename a DT_NEEDED library (repeatable)")
      ->expected(2)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--dry-run", opt->dry_run, "Print the plan (what moves, which bytes change) without writing");
  cmd->add_flag("--json", opt->json, "Machine-readable output (docs/patch.schema.json)");
  cmd->add_option("-o,--output", opt->output, "Write the result here instead of replacing FILE");
  return [opt, cmd] { return run_patch(*opt, *cmd); };
}

}  // namespace crossgo::cli
