// runtime/debug.ParseBuildInfo semantics for the module-info text, and strconv.Unquote for the
// quoted keys and values in build lines. Expected texts are Go's own messages.
#include <gtest/gtest.h>

#include <string>

#include "crossgo/go_info.h"

namespace crossgo {
namespace {

Result<bool> parse(const std::string& text, GoBuildInfo& info, uint64_t offset = 0) {
  return parse_modinfo(text, info, offset);
}

TEST(GoUnquote, DoubleQuotedEscapes) {
  EXPECT_EQ(go_unquote(R"("plain")"), "plain");
  EXPECT_EQ(go_unquote(R"("")"), "");
  EXPECT_EQ(go_unquote(R"("a\tb\nc\\d\"e")"), "a\tb\nc\\d\"e");
  EXPECT_EQ(go_unquote(R"("\a\b\f\r\v")"), "\a\b\f\r\v");
  EXPECT_EQ(go_unquote(R"("\x41\x7f\xff")"), std::string("A\x7f\xff"));
  EXPECT_EQ(go_unquote(R"("\101\377")"), std::string("A\xff"));
  EXPECT_EQ(go_unquote(R"("\u00e9\U0001F600")"), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(go_unquote("\"caf\xc3\xa9\""), "caf\xc3\xa9");
  // An unescaped invalid UTF-8 byte next to an escape is decoded as a rune: U+FFFD.
  EXPECT_EQ(go_unquote("\"\\t\xff\""), "\t\xef\xbf\xbd");
}

TEST(GoUnquote, RawStrings) {
  EXPECT_EQ(go_unquote("`a \"b\" \\n`"), "a \"b\" \\n");
  EXPECT_EQ(go_unquote("`a\r\nb`"), "a\nb");  // carriage returns are discarded
  EXPECT_EQ(go_unquote("``"), "");
}

TEST(GoUnquote, SyntaxErrors) {
  for (const char* bad : {"", "\"", "x", "\"abc", "abc\"", "\"a\"b\"", "\"\\q\"", "\"\\x4\"",
                          "\"\\xZZ\"", "\"\\400\"", "\"\\18\"", "\"\\ud800\"", "\"\\U00110000\"",
                          "\"\\'\"", "\"a\nb\"", "`a`b`", "`abc", "'a'", "\"\\\""}) {
    EXPECT_FALSE(go_unquote(bad).has_value()) << bad;
  }
}

TEST(GoModinfo, FullExample) {
  const std::string text =
      "go\tgo1.19.8\n"  // only String() writes this; the parser skips it like Go does
      "path\texample.com/cmd/tool\n"
      "mod\texample.com\tv1.2.3\th1:main=\n"
      "dep\tgithub.com/a/b\tv0.0.0-20220101000000-abcdef123456\th1:x=\n"
      "dep\tgithub.com/c/d\tv1.0.0\n"
      "=>\t../d\t(devel)\t\n"
      "build\t-buildmode=exe\n"
      "build\t-ldflags=\"-X main.version=1.0 -s\"\n"
      "build\t-tags=netgo,osusergo\n"
      "build\tCGO_CFLAGS=\n"
      "build\t\"weird key=\\t\"=`raw \"value\"`\n"
      "build\tvcs.modified=true\n";
  GoBuildInfo bi;
  auto r = parse(text, bi);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(bi.path, "example.com/cmd/tool");
  ASSERT_TRUE(bi.main);
  EXPECT_EQ(bi.main->version, "v1.2.3");
  EXPECT_EQ(bi.main->sum, "h1:main=");
  ASSERT_EQ(bi.deps.size(), 2u);
  EXPECT_EQ(bi.deps[0].version, "v0.0.0-20220101000000-abcdef123456");
  EXPECT_EQ(bi.deps[1].sum, "");
  ASSERT_TRUE(bi.deps[1].replace);
  EXPECT_EQ(bi.deps[1].replace->path, "../d");
  EXPECT_EQ(bi.deps[1].replace->version, "(devel)");
  EXPECT_EQ(bi.deps[1].replace->sum, "");
  ASSERT_EQ(bi.settings.size(), 6u);
  EXPECT_EQ(*bi.setting("-ldflags"), "-X main.version=1.0 -s");
  EXPECT_EQ(*bi.setting("-tags"), "netgo,osusergo");
  EXPECT_EQ(*bi.setting("CGO_CFLAGS"), "");
  EXPECT_EQ(bi.settings[4].first, "weird key=\t");
  EXPECT_EQ(bi.settings[4].second, "raw \"value\"");
  EXPECT_EQ(*bi.setting("vcs.modified"), "true");
}

TEST(GoModinfo, ReplacedMainModule) {
  GoBuildInfo bi;
  ASSERT_TRUE(parse("mod\tm\tv1\n=>\tn\tv2\th1:n=\n", bi));
  ASSERT_TRUE(bi.main && bi.main->replace);
  EXPECT_EQ(bi.main->replace->path, "n");
  EXPECT_EQ(bi.main->sum, "");
}

TEST(GoModinfo, UnterminatedLastLineIsIgnoredLikeGo) {
  GoBuildInfo bi;
  ASSERT_TRUE(parse("path\tp\nbuild\tGOOS=linux", bi));
  EXPECT_EQ(bi.path, "p");
  EXPECT_TRUE(bi.settings.empty());
}

TEST(GoModinfo, EmptyValue) {
  GoBuildInfo bi;
  ASSERT_TRUE(parse("build\tCGO_LDFLAGS=\n", bi));
  ASSERT_EQ(bi.settings.size(), 1u);
  EXPECT_EQ(bi.settings[0].second, "");
}

struct BadCase {
  const char* text;
  const char* message;
  uint64_t offset;  // of the offending line, relative to the text
};

class GoModinfoErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(GoModinfoErrors, MessageAndOffset) {
  const BadCase& c = GetParam();
  GoBuildInfo bi;
  auto r = parse(c.text, bi, 0x7000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, c.message);
  EXPECT_EQ(r.error().offset, 0x7000 + c.offset);
}

INSTANTIATE_TEST_SUITE_P(
    All, GoModinfoErrors,
    ::testing::Values(
        BadCase{"path\tp\nmod\tonly\n", "could not parse Go build info: line 2: expected 2 or 3 columns; got 1", 7},
        BadCase{"dep\ta\tb\tc\td\n", "could not parse Go build info: line 1: expected 2 or 3 columns; got 4", 0},
        BadCase{"dep\ta\tb\n=>\tc\td\n", "could not parse Go build info: line 2: expected 3 columns for replacement; got 2", 8},
        BadCase{"=>\ta\tb\tc\n", "could not parse Go build info: line 1: replacement with no module on previous line", 0},
        BadCase{"dep\ta\tb\n=>\tc\td\te\n=>\tf\tg\th\n", "could not parse Go build info: line 3: replacement with no module on previous line", 17},
        BadCase{"build\t\n", "could not parse Go build info: line 1: build line missing '='", 0},
        BadCase{"build\t=v\n", "could not parse Go build info: line 1: build line with missing key", 0},
        BadCase{"build\tkey\n", "could not parse Go build info: line 1: build line missing '=' after key", 0},
        BadCase{"build\ta b=c\n", "could not parse Go build info: line 1: unquoted key \"a b\" must be quoted", 0},
        BadCase{"build\tk=a b\n", "could not parse Go build info: line 1: unquoted value \"a b\" must be quoted", 0},
        BadCase{"build\tk=\"abc\n", "could not parse Go build info: line 1: invalid quoted value in build line", 0},
        BadCase{"build\t\"k\"\n", "could not parse Go build info: line 1: build line missing '=' after quoted key", 0},
        BadCase{"build\t\"k\"x=1\n", "could not parse Go build info: line 1: unexpected character after quoted key: 'x'", 0},
        BadCase{"build\t\"k\\q\"=1\n", "could not parse Go build info: line 1: invalid quoted key in build line", 0}),
    // Stable test names (the default prints the struct's bytes, addresses included).
    [](const ::testing::TestParamInfo<BadCase>& p) { return "case" + std::to_string(p.index); });

}  // namespace
}  // namespace crossgo
