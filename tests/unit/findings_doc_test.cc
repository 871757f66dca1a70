// docs/findings.md against the registry, both ways: its index has one row per registry code with
// the same name, severity (and downgrade), "stops build", "applies to" and title, every code has
// its `### CGnnn` section, and the document names no code the registry does not have.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "crossgo/finding_registry.h"

namespace crossgo {
namespace {

std::string findings_md() {
  std::ifstream in(std::string(CROSSGO_SOURCE_DIR) + "/docs/findings.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Row {
  std::string anchor, name, severity, stops, applies, title;
};

// "| [CG101](#cg101) | `goos-invalid` | error | yes | environment | GOOS is not … |"
std::map<std::string, Row> index_rows(const std::string& doc) {
  std::map<std::string, Row> rows;
  const std::regex row(R"(^\| \[(CG[0-9]{3})\]\(#([a-z0-9]+)\) \| `([^`]+)` \| ([^|]+) \| (yes|no) \| ([^|]+) \| (.+) \|$)");
  std::istringstream in(doc);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    EXPECT_EQ(rows.count(m[1]), 0u) << m[1] << " has two index rows";
    rows[m[1]] = Row{m[2], m[3], m[4], m[5], m[6], std::regex_replace(m[7].str(), std::regex(R"(\\\|)"), "|")};
  }
  return rows;
}

std::string severity_cell(const FindingInfo& f) {
  std::string s(to_string(f.severity));
  if (f.downgraded_to) s += " (or " + std::string(to_string(*f.downgraded_to)) + ")";
  return s;
}

std::string applies_cell(const FindingInfo& f) {
  std::string s;
  for (const auto& a : applies_to_names(f.applies_to)) s += (s.empty() ? "" : ", ") + a;
  return s;
}

TEST(FindingsDoc, IndexMatchesTheRegistry) {
  const std::string doc = findings_md();
  ASSERT_FALSE(doc.empty()) << "docs/findings.md not found under " << CROSSGO_SOURCE_DIR;
  const auto rows = index_rows(doc);
  for (const FindingInfo& f : finding_registry()) {
    const std::string id(f.id());
    SCOPED_TRACE(id);
    auto it = rows.find(id);
    ASSERT_NE(it, rows.end()) << "no index row in docs/findings.md";
    const Row& r = it->second;
    EXPECT_EQ(r.anchor, f.anchor());
    EXPECT_EQ(r.name, f.name);
    EXPECT_EQ(r.severity, severity_cell(f));
    EXPECT_EQ(r.stops, f.stops_build ? "yes" : "no");
    EXPECT_EQ(r.applies, applies_cell(f));
    EXPECT_EQ(r.title, f.title);
  }
  for (const auto& [id, row] : rows) EXPECT_NE(find_finding(id), nullptr) << id << " is indexed but not in the registry";
}

TEST(FindingsDoc, EveryCodeHasItsSectionAndNoOther) {
  const std::string doc = findings_md();
  std::set<std::string> sections;
  const std::regex heading(R"(^### (CG[0-9]{3})\s*$)");
  std::istringstream in(doc);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, heading)) {
      EXPECT_TRUE(sections.insert(m[1]).second) << m[1] << " has two sections";
    }
  }
  for (const FindingInfo& f : finding_registry())
    EXPECT_EQ(sections.count(std::string(f.id())), 1u) << f.id() << " has no ### section in docs/findings.md";
  for (const auto& id : sections) EXPECT_NE(find_finding(id), nullptr) << id << " has a section but no registry entry";
  // Any code the prose mentions ("CG410–CG416", "see CG208") exists too.
  const std::regex mention("CG[0-9]{3}");
  for (std::sregex_iterator it(doc.begin(), doc.end(), mention), end; it != end; ++it)
    EXPECT_NE(find_finding(it->str()), nullptr) << it->str() << " is mentioned in docs/findings.md";
}

}  // namespace
}  // namespace crossgo
