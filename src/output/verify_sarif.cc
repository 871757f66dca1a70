// verify --format sarif: SARIF 2.1.0 (OASIS), as GitHub code scanning and other SARIF viewers
// read it. The rules are the finding registry's artifact rules (stable ids, names, titles and
// levels); each failed check is one result located at the file (and the archive member or slice
// as a logical location); an --ignore'd one carries an external suppression; a file that could
// not be read is a tool execution notification, since no rule was evaluated for it.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "crossgo/finding_registry.h"
#include "crossgo/verify_output.h"

namespace crossgo::output {
namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

const char* level(Severity s) { return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "note"; }

// RFC 3986: unreserved characters and '/' stay, every other byte is %XX.
std::string uri_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

struct Located {
  std::string uri;
  bool relative = false;
};

Located locate(const std::string& file, const fs::path& root) {
  std::error_code ec;
  const fs::path abs = fs::absolute(file, ec).lexically_normal();
  const fs::path rel = abs.lexically_relative(root);
  if (!rel.empty() && *rel.begin() != "..") return {uri_path(rel.generic_string()), true};
  return {"file://" + uri_path(abs.generic_string()), false};
}

json location_json(const FileVerdict& v, const fs::path& root) {
  const Located l = locate(v.file, root);
  json artifact{{"uri", l.uri}};
  if (l.relative) artifact["uriBaseId"] = "ROOT";
  json loc{{"physicalLocation", {{"artifactLocation", std::move(artifact)}}}};
  if (!v.member.empty()) loc["logicalLocations"] = json::array({json{{"name", v.member}, {"kind", "module"}}});
  return loc;
}

}  // namespace

std::string verify_sarif(const std::vector<FileVerdict>& verdicts, const std::string& root_dir) {
  std::error_code ec;
  const fs::path root = fs::absolute(root_dir, ec).lexically_normal();
  json rules = json::array();
  std::map<Code, size_t> rule_index;
  for (const FindingInfo& f : finding_registry()) {
    if (!f.applies_to.artifact || f.reserved) continue;
    rule_index[f.code] = rules.size();
    rules.push_back(json{{"id", std::string(f.id())},
                         {"name", std::string(f.name)},
                         {"shortDescription", {{"text", std::string(f.title)}}},
                         {"help", {{"text", "docs/findings.md#" + std::string(f.anchor())}}},
                         {"defaultConfiguration", {{"level", level(f.severity)}}}});
  }
  json results = json::array();
  json notifications = json::array();
  for (const auto& v : verdicts) {
    if (v.error) {
      notifications.push_back(json{{"level", "error"},
                                   {"message", {{"text", v.path + ": " + v.error->to_string()}}},
                                   {"locations", json::array({location_json(v, root)})}});
      continue;
    }
    for (const auto& c : v.checks) {
      if (c.outcome != CheckOutcome::failed || !c.finding) continue;
      const Finding& f = *c.finding;
      json r{{"ruleId", std::string(f.id())},
             {"level", level(f.severity())},
             {"message", {{"text", f.message + (f.fix.empty() ? "" : " Fix: " + f.fix)}}},
             {"locations", json::array({location_json(v, root)})},
             {"properties", {{"check", c.check}, {"expected", c.expected}, {"actual", c.actual},
                             {"target", v.target.target.to_string()}, {"targetSource", v.target.source}}}};
      if (auto it = rule_index.find(f.code); it != rule_index.end()) r["ruleIndex"] = it->second;
      if (c.ignored) r["suppressions"] = json::array({json{{"kind", "external"}, {"justification", "crossgo verify --ignore " + std::string(f.id())}}});
      results.push_back(std::move(r));
    }
  }
  json run{{"tool", {{"driver", {{"name", "crossgo"}, {"rules", std::move(rules)}}}}},
           {"originalUriBaseIds", {{"ROOT", {{"uri", "file://" + uri_path(root.generic_string()) + (root.generic_string().ends_with('/') ? "" : "/")}}}}},
           {"invocations", json::array({json{{"executionSuccessful", notifications.empty()},
                                             {"toolExecutionNotifications", std::move(notifications)}}})},
           {"results", std::move(results)}};
  json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}, {"runs", json::array({std::move(run)})}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace crossgo::output
