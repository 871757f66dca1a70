// Test-only front end to src/gosrc for tests/oracle/test_gosrc_oracle.py:
//   gosrc_decide --goos G --goarch A --cgo 0|1 --tags a,b --tool-tags … --release-tags …
//                --compiler gc --go-minor N DIR     one JSON line per directory entry
//   gosrc_decide --scan FILE…                       one JSON line per file: full scan
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crossgo/go_source.h"

namespace {

namespace gosrc = crossgo::gosrc;

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

nlohmann::json position(const gosrc::Position& p) { return {p.line, p.column}; }

int scan_files(const std::vector<std::string>& files) {
  for (const auto& file : files) {
    const auto result = gosrc::scan_go_file(file, gosrc::ScanDepth::full);
    nlohmann::json line = {{"file", file}, {"error", result.error}};
    if (result.scan) {
      nlohmann::json decls = nlohmann::json::array();
      for (const auto& d : result.scan->declarations) decls.push_back({d.name, d.kind, position(d.where)});
      nlohmann::json uses = nlohmann::json::array();
      for (const auto& u : result.scan->uses) uses.push_back({u.name, position(u.where)});
      nlohmann::json imports = nlohmann::json::array();
      for (const auto& i : result.scan->imports) imports.push_back(i.path);
      line["package"] = result.scan->package_name;
      line["declarations"] = decls;
      line["uses"] = uses;
      line["imports"] = imports;
      line["cgo_directives"] = result.scan->cgo_directives;
    }
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  gosrc::BuildContext context;
  std::string dir;
  std::vector<std::string> scan;
  bool scan_mode = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--goos") context.goos = value();
    else if (arg == "--goarch") context.goarch = value();
    else if (arg == "--compiler") context.compiler = value();
    else if (arg == "--cgo") context.cgo_enabled = value() == "1";
    else if (arg == "--tags") context.build_tags = split_commas(value());
    else if (arg == "--tool-tags") context.tool_tags = split_commas(value());
    else if (arg == "--release-tags") context.release_tags = split_commas(value());
    else if (arg == "--go-minor") context.go_minor = std::stoi(value());
    else if (arg == "--scan") scan_mode = true;
    else if (scan_mode) scan.push_back(arg);
    else dir = arg;
  }
  if (scan_mode) return scan_files(scan);
  DIR* d = opendir(dir.c_str());
  if (!d) {
    std::perror(dir.c_str());
    return 1;
  }
  std::vector<std::string> names;
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    // go/build skips directories, and symbolic links to directories.
    if (stat((dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const auto decision = gosrc::decide_file(dir, name, context);
    nlohmann::json line = {{"name", name},
                           {"kind", std::string(gosrc::to_string(decision.kind))},
                           {"builds", decision.builds},
                           {"rule", std::string(gosrc::to_string(decision.rule))},
                           {"reason", decision.reason},
                           {"constraint", decision.constraint},
                           {"imports_c", decision.scan && decision.scan->imports_c}};
    if (decision.kind == gosrc::FileKind::go)
      line["header_error"] = gosrc::scan_go_file(dir + "/" + name, gosrc::ScanDepth::header).error;
    if (decision.kind == gosrc::FileKind::go)
      line["header_error"] = gosrc::scan_go_file(dir + "/" + name, gosrc::ScanDepth::header).error;
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}
