// The streaming writer must lay out exactly what nlohmann::json's dump(2, ' ', false, replace)
// lays out for the same document (inspect's JSON did not change when it moved to the writer), and
// must name every string that is not UTF-8 by its JSON Pointer.
#include "output/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

namespace crossgo::output {
namespace {

using ordered = nlohmann::ordered_json;

std::string dumped(const ordered& j) { return j.dump(2, ' ', false, ordered::error_handler_t::replace); }

// Strings that exercise every escape and every kind of ill-formed UTF-8 (Unicode table 3-7 edges).
const std::vector<std::string> kTricky = {
    "", "plain", "quote\" back\\slash", "\b\f\n\r\t", std::string("nul\0x", 5), "\x01\x1f\x7f",
    "caf\xc3\xa9", "\xe2\x82\xac euro", "\xf0\x9f\x98\x80", "x\xff", "x\xfe", "\xc0\x80", "\xc1\xbf",
    "\xe0\x80\x80", "\xe0\xa0", "\xed\xa0\x80", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80",
    "\x80", "a\xc3", "\xe2\x82", "\xf0\x9f\x98", "ok\xe2\x28\xa1", "~/tilde/slash~",
};

TEST(JsonWriter, ScalarsAndEmptyContainersLayOutAsNlohmannDumps) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("s", "text");
  w.field("i", int64_t{-42});
  w.field("u", uint64_t{18446744073709551615ULL});
  w.field("small", uint8_t{7});
  w.field("t", true);
  w.field("f", false);
  w.null_field("n");
  w.field("none", std::optional<int>{});
  w.field("some", std::optional<std::string>{"x"});
  w.field("empty_list", std::vector<std::string>{});
  w.field("map", std::map<std::string, std::string>{{"b", "2"}, {"a", "1"}});
  w.key("empty_object");
  w.begin_object();
  w.end_object();
  w.key("nested");
  w.begin_array();
  w.begin_array();
  w.end_array();
  w.begin_object();
  w.field("k", "v");
  w.end_object();
  w.value("last");
  w.end_array();
  w.end_object();

  ordered j;
  j["s"] = "text";
  j["i"] = -42;
  j["u"] = 18446744073709551615ULL;
  j["small"] = 7;
  j["t"] = true;
  j["f"] = false;
  j["n"] = nullptr;
  j["none"] = nullptr;
  j["some"] = "x";
  j["empty_list"] = ordered::array();
  j["map"] = ordered{{"a", "1"}, {"b", "2"}};
  j["empty_object"] = ordered::object();
  j["nested"] = ordered::array({ordered::array(), ordered{{"k", "v"}}, "last"});
  EXPECT_EQ(out, dumped(j));
  EXPECT_TRUE(w.non_utf8().empty());
}

TEST(JsonWriter, EscapesAndReplacementsMatchNlohmann) {
  for (const std::string& s : kTricky) {
    std::string out;
    JsonWriter w(out);
    w.value(s);
    EXPECT_EQ(out, dumped(ordered(s))) << "for a string of " << s.size() << " bytes";
    EXPECT_TRUE(nlohmann::json::accept(out));
  }
}

TEST(JsonWriter, RandomBytesMatchNlohmannAndParseBack) {
  std::mt19937 rng(20261201);
  std::uniform_int_distribution<int> byte(0, 255), len(0, 12);
  for (int n = 0; n < 5000; ++n) {
    std::string s;
    for (int k = len(rng); k > 0; --k) {
      // Bias towards the bytes that start and continue multi-byte sequences.
      const int b = byte(rng);
      s += static_cast<char>(b < 128 ? 0x80 + (b & 0x3f) : b);
    }
    std::string out;
    JsonWriter w(out);
    w.value(s);
    ASSERT_EQ(out, dumped(ordered(s)));
  }
}

TEST(JsonWriter, NamesNonUtf8StringsAndKeysByJsonPointer) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("ok", "fine");
  w.field("a/b~c", "x\xff");
  w.key("list");
  w.begin_array();
  w.value("fine");
  w.value("\xfe");
  w.end_array();
  w.key("obj");
  w.begin_object();
  w.field("k\xff", "v");
  w.end_object();
  w.end_object();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/a~1b~0c", "78ff"}, {"/list/1", "fe"}, {"/obj/k\xff#key", "6bff"}};
  EXPECT_EQ(w.non_utf8(), expected);
  EXPECT_TRUE(nlohmann::json::accept(out));
}

}  // namespace
}  // namespace crossgo::output
