// The finding registry: ids and names unique and well-formed, lookups and suggestions, and the
// sources checked against it — every registry code is emitted somewhere (or marked reserved),
// no rule spells a code as a string, and every `.downgraded` names a code whose registry entry
// documents a downgrade.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "crossgo/finding_registry.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> source_files() {
  std::map<std::string, std::string> out;
  const fs::path root = fs::path(CROSSGO_SOURCE_DIR) / "src";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cc" && ext != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    out[fs::relative(entry.path(), CROSSGO_SOURCE_DIR).string()] = text.str();
  }
  return out;
}

// Comments may name codes (and have "CG503 covers it"); only code counts.
std::string without_line_comments(const std::string& text) {
  return std::regex_replace(text, std::regex("//[^\n]*"), "");
}

TEST(FindingRegistry, IdsNamesAndTitlesAreUniqueAndWellFormed) {
  std::set<std::string> ids, names;
  const std::regex id("CG[0-9]{3}"), kebab("[a-z0-9]+(-[a-z0-9]+)*");
  for (const FindingInfo& f : finding_registry()) {
    const std::string i(f.id()), n(f.name);
    SCOPED_TRACE(i);
    EXPECT_TRUE(std::regex_match(i, id));
    EXPECT_EQ(i.substr(2), std::to_string(static_cast<int>(f.code)));
    EXPECT_TRUE(ids.insert(i).second) << "duplicate id";
    EXPECT_TRUE(std::regex_match(n, kebab)) << n;
    EXPECT_TRUE(names.insert(n).second) << "duplicate name " << n;
    EXPECT_EQ(f.anchor(), "cg" + i.substr(2));
    EXPECT_FALSE(f.title.empty());
    EXPECT_EQ(f.title.find('\n'), std::string_view::npos);
    EXPECT_NE(f.title.back(), '.');
    EXPECT_FALSE(applies_to_names(f.applies_to).empty()) << "applies to nothing";
    EXPECT_TRUE(!f.stops_build || f.severity == Severity::error);
    EXPECT_EQ(f.downgraded_to.has_value(), !f.downgraded_when.empty());
    // Artifact codes are CG8xx, and only they are; source codes (crossgo cgo) are CG31x; the rest
    // are about the environment.
    const bool source = i.substr(0, 4) == "CG31";
    EXPECT_EQ(f.applies_to.artifact, i[2] == '8');
    EXPECT_EQ(f.applies_to.source, source);
    EXPECT_EQ(f.applies_to.environment, i[2] != '8' && !source);
    EXPECT_EQ(&finding_info(f.code), &f);
  }
  EXPECT_GT(ids.size(), 60u);
}

TEST(FindingRegistry, FindingTakesItsSeverityFromTheRegistry) {
  const Finding plain{.code = Code::CG401, .message = "m"};
  const Finding windows{.code = Code::CG401, .downgraded = true, .message = "m"};
  EXPECT_EQ(plain.id(), "CG401");
  EXPECT_EQ(plain.severity(), Severity::error);
  EXPECT_EQ(windows.severity(), Severity::warning);
  const Finding confirmed{.code = Code::CG903, .downgraded = true};
  EXPECT_EQ(confirmed.severity(), Severity::info);
  EXPECT_EQ((Finding{.code = Code::CG822}).severity(), Severity::info);
  std::vector<Finding> fs{Finding{.code = Code::CG301}, windows, plain, Finding{.code = Code::CG101}};
  sort_findings(fs);
  EXPECT_EQ(fs[0].code, Code::CG101);
  EXPECT_EQ(fs[1].code, Code::CG401);
  EXPECT_EQ(fs[1].severity(), Severity::error);
  EXPECT_EQ(fs[3].code, Code::CG301);
  EXPECT_TRUE(has_errors(fs));
  EXPECT_FALSE(has_errors({windows}));
}

TEST(FindingRegistry, LookupByIdOrNameAndNearest) {
  ASSERT_NE(find_finding("CG101"), nullptr);
  EXPECT_EQ(find_finding("CG101")->name, "goos-invalid");
  EXPECT_EQ(find_finding("goos-invalid")->code, Code::CG101);
  EXPECT_EQ(find_finding("CG108"), nullptr);
  EXPECT_EQ(find_finding("cg101"), nullptr);
  struct Case {
    const char* typed;
    Code nearest;
  };
  for (const Case& c : {Case{"CG108", Code::CG106}, Case{"cg101", Code::CG101}, Case{"CG417", Code::CG416},
                        Case{"CG999", Code::CG905}, Case{"CG000", Code::CG800}, Case{"goos-invalit", Code::CG101},
                        Case{"static-glibc-nsss", Code::CG824}}) {
    const FindingInfo* f = nearest_finding(c.typed);
    ASSERT_NE(f, nullptr) << c.typed;
    EXPECT_EQ(f->code, c.nearest) << c.typed << " → " << f->id();
  }
  EXPECT_EQ(nearest_finding("something else entirely"), nullptr);
}

TEST(FindingRegistry, EveryCodeIsEmittedOrReserved) {
  const auto files = source_files();
  std::set<std::string> used;
  const std::regex code_ref("Code::(CG[0-9]{3})");
  for (const auto& [path, text] : files) {
    if (path.starts_with("src/findings/")) continue;
    const std::string code = without_line_comments(text);
    for (std::sregex_iterator it(code.begin(), code.end(), code_ref), end; it != end; ++it) used.insert((*it)[1]);
  }
  for (const FindingInfo& f : finding_registry()) {
    const std::string id(f.id());
    if (f.reserved) {
      EXPECT_EQ(used.count(id), 0u) << id << " is reserved but a rule emits it";
    } else {
      EXPECT_EQ(used.count(id), 1u) << id << " is in the registry but no rule emits it (mark it reserved?)";
    }
  }
}

TEST(FindingRegistry, NoRuleSpellsACodeAsAString) {
  // A code in a string is not checked by the compiler: rules name Code::CGnnn.
  const std::regex literal("\"CG[0-9]{3}\"");
  for (const auto& [path, text] : source_files()) {
    if (path.starts_with("src/findings/")) continue;
    const std::string code = without_line_comments(text);
    EXPECT_FALSE(std::regex_search(code, literal)) << path;
  }
}

// `.downgraded` must name a code with a documented downgrade. Designated initialisers follow
// the declaration order, so `.downgraded` always comes right after `.code = …`; where the code is
// a variable, the codes it can hold are listed here (and checked to appear in that file).
TEST(FindingRegistry, DowngradesAreDocumentedInTheRegistry) {
  const std::map<std::pair<std::string, std::string>, std::vector<Code>> variable_codes{
      {{"src/env/rules_compilers.cc", "code"}, {Code::CG401, Code::CG403}},
      {{"src/env/rules_cgo_toolchain.cc", "w.code"}, {Code::CG410, Code::CG411, Code::CG412, Code::CG413, Code::CG414}},
  };
  const std::map<std::string, std::vector<Code>> assigned{{"src/env/rules_agreement.cc", {Code::CG903}}};
  const std::regex designated(R"(\.code\s*=\s*([^,]+),\s*\.downgraded\s*=)");
  const std::regex assignment(R"([A-Za-z_]\w*\.downgraded\s*=)");
  const std::regex code_ref("Code::(CG[0-9]{3})");
  int checked = 0;
  for (const auto& file : source_files()) {
    const std::string& path = file.first;  // not a structured binding: the lambda captures it (Clang 14)
    if (path.starts_with("src/findings/")) continue;
    const std::string code = without_line_comments(file.second);
    auto documented = [&](Code c) {
      SCOPED_TRACE(path + ": " + std::string(finding_info(c).id()));
      EXPECT_TRUE(finding_info(c).downgraded_to.has_value()) << "downgraded without a documented downgrade";
      EXPECT_NE(code.find("Code::" + std::string(finding_info(c).id())), std::string::npos);
      ++checked;
    };
    for (std::sregex_iterator it(code.begin(), code.end(), designated), end; it != end; ++it) {
      const std::string expr = (*it)[1];
      std::smatch m;
      if (std::regex_search(expr, m, code_ref)) {
        for (std::sregex_iterator c(expr.begin(), expr.end(), code_ref); c != end; ++c)
          documented(find_finding((*c)[1].str())->code);
        continue;
      }
      auto known = variable_codes.find({path, expr});
      ASSERT_NE(known, variable_codes.end()) << path << ": .code = " << expr << " is downgraded; list its codes here";
      for (Code c : known->second) documented(c);
    }
    for (std::sregex_iterator it(code.begin(), code.end(), assignment), end; it != end; ++it) {
      auto known = assigned.find(path);
      ASSERT_NE(known, assigned.end()) << path << ": " << (*it)[0] << " assigns a downgrade; list its codes here";
      for (Code c : known->second) documented(c);
    }
  }
  EXPECT_GE(checked, 15);
}

}  // namespace
}  // namespace crossgo
