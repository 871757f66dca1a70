// Target spellings users type, and the suggestions for the ones Go does not accept.
#include <gtest/gtest.h>

#include "crossgo/platform.h"

using crossgo::parse_target;

namespace {
std::string first_suggestion(const std::string& t) {
  auto r = parse_target(t);
  return r.suggestions.empty() ? "" : r.suggestions.front();
}
}  // namespace

TEST(Platform, GoAndOciSpellings) {
  auto t = parse_target("linux/arm64");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->goos, "linux");
  EXPECT_EQ(t.target->goarch, "arm64");
  EXPECT_EQ(t.target->variant, "");
  t = parse_target("linux/arm/v7");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->variant, "7");
  EXPECT_EQ(t.target->variant_variable(), "GOARM");
  t = parse_target("linux/amd64/v3");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->variant, "v3");
  EXPECT_EQ(t.target->variant_variable(), "GOAMD64");
  t = parse_target("linux/arm64/v8");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->variant_variable(), "");
}

TEST(Platform, GoReleaserSpellings) {
  auto t = parse_target("linux_arm64");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->pair(), "linux/arm64");
  t = parse_target("linux_arm_7");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->variant, "7");
  t = parse_target("linux_amd64_v3");
  ASSERT_TRUE(t.target);
  EXPECT_EQ(t.target->variant, "v3");
  t = parse_target("windows_amd64");
  ASSERT_TRUE(t.target);
}

TEST(Platform, TyposGetSuggestions) {
  EXPECT_FALSE(parse_target("linux/aarch64").target);
  EXPECT_EQ(first_suggestion("linux/aarch64"), "linux/arm64");
  EXPECT_EQ(first_suggestion("linux/x86_64"), "linux/amd64");
  EXPECT_EQ(first_suggestion("linux_x86_64"), "linux/amd64");
  EXPECT_EQ(first_suggestion("macos/arm64"), "darwin/arm64");
  EXPECT_EQ(first_suggestion("osx/amd64"), "darwin/amd64");
  EXPECT_EQ(first_suggestion("win/amd64"), "windows/amd64");
  EXPECT_EQ(first_suggestion("linux/armhf"), "linux/arm/v7");
  EXPECT_EQ(first_suggestion("linux/i386"), "linux/386");
  EXPECT_EQ(first_suggestion("linux/x86"), "linux/386");
  EXPECT_EQ(first_suggestion("linux/ppc64el"), "linux/ppc64le");
  EXPECT_EQ(first_suggestion("Linux/amd64"), "linux/amd64");
  EXPECT_EQ(first_suggestion("aarch64-linux-gnu"), "linux/arm64");
}

TEST(Platform, RejectsNonsense) {
  EXPECT_FALSE(parse_target("").target);
  EXPECT_FALSE(parse_target("linux").target);
  EXPECT_FALSE(parse_target("linux/arm/v9").target);
  EXPECT_FALSE(parse_target("linux/amd64/v7").target);
  EXPECT_FALSE(parse_target("a/b/c/d").target);
  EXPECT_FALSE(parse_target("linux /amd64").target);
  EXPECT_FALSE(parse_target(std::string("linux\r/amd64")).target);
  EXPECT_FALSE(parse_target(std::string(200, 'x')).target);
}

TEST(Platform, SuggestValues) {
  EXPECT_EQ(*crossgo::suggest_goos("macos"), "darwin");
  EXPECT_EQ(*crossgo::suggest_goos("linux\r"), "linux");
  auto a = crossgo::suggest_goarch("armhf");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->goarch, "arm");
  EXPECT_EQ(a->variable, "GOARM");
  EXPECT_EQ(a->value, "7");
  EXPECT_FALSE(crossgo::suggest_goarch("zzz"));
}
