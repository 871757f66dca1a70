// rootfs --json (docs/rootfs.schema.json): the root and its loader configuration, then per file
// the interpreter, every library in load order with where and why it was found, and findings.
#include <nlohmann/json.hpp>

#include "crossgo/finding_registry.h"
#include "crossgo/rootfs_output.h"

namespace crossgo::output {
namespace {

using json = nlohmann::ordered_json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json finding_json(const Finding& f) {
  const FindingInfo& info = finding_info(f.code);
  return json{{"code", std::string(f.id())},
              {"name", std::string(info.name)},
              {"severity", std::string(to_string(f.severity()))},
              {"subject", f.subject},
              {"message", f.message},
              {"fix", f.fix.empty() ? json(nullptr) : json(f.fix)}};
}

json library_json(const rootfs::LoadedLibrary& l) {
  json skipped = json::array();
  for (const auto& s : l.skipped) skipped.push_back(json{{"path", s.path}, {"reason", s.reason}});
  return json{{"soname", l.soname},
              {"path", opt(l.path)},
              {"real_path", l.path ? json(l.real_path) : json(nullptr)},
              {"rule", l.rule ? json(rootfs::search_rule_name(*l.rule)) : json(nullptr)},
              {"needed_by", l.needed_by},
              {"depth", l.depth},
              {"needed", l.needed},
              {"searched", l.searched},
              {"skipped", skipped}};
}

json file_json(const rootfs::FileLoadReport& f) {
  json libs = json::array();
  for (const auto& l : f.libraries) libs.push_back(library_json(l));
  json findings = json::array();
  for (const auto& x : f.findings) findings.push_back(finding_json(x));
  json interp = nullptr;
  if (f.interpreter) {
    interp = json{{"requested", f.interpreter->requested},
                  {"path", opt(f.interpreter->path)},
                  {"real_path", f.interpreter->path ? json(f.interpreter->real_path) : json(nullptr)}};
  }
  return json{{"path", f.path},    {"in_root", f.in_root},      {"loads", f.loads},
              {"static", f.is_static}, {"libc", rootfs::libc_name(f.libc)}, {"error", opt(f.error)}, {"interpreter", interp},
              {"needed", f.needed}, {"libraries", libs},        {"findings", findings}};
}

}  // namespace

std::string rootfs_json(const RootfsRun& run) {
  json files = json::array();
  for (const auto& f : run.files) files.push_back(file_json(f));
  const auto& c = run.config;
  json doc{{"schema_version", kRootfsSchemaVersion},
           {"root", json{{"path", run.root_path},
                         {"description", run.root_description},
                         {"libc", rootfs::libc_name(run.libc)},
                         {"ld_so_conf", json{{"files", c.ld_so_conf_files}, {"directories", c.ld_so_conf_dirs}}},
                         {"ld_so_cache", json{{"path", opt(c.cache_path)},
                                              {"entries", c.cache_entries},
                                              {"error", opt(c.cache_error)}}},
                         {"warnings", c.warnings}}},
           {"files", files}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace crossgo::output
