// gosrc::scan_go_uses: locals, qualified identifiers and import names, on hand-written Go.
#include <gtest/gtest.h>

#include <algorithm>

#include "crossgo/go_source.h"

namespace crossgo::gosrc {
namespace {

constexpr std::string_view kSource = R"(package p

import (
	"fmt"
	sq "github.com/mattn/go-sqlite3"
	_ "embed"
	. "strings"
)

import "os"

var global = fmt.Sprint(1)

func (r *Recv) Method(a, b int, c ...string) (n int, err error) {
	i64, ok := lookup(a)
	var x, y = 1, 2
	const (
		k1 = 1
		k2
	)
	for idx, v := range c {
		_ = idx + v
	}
	f := func(inner string) {}
	_ = sq.Version + os.Args[0] + r.field.Deep
	return i64 + x + y + k1 + k2 + len(ok), nil
}

func generic[T any](t T, _ int) T { return t }

func unnamed(int, string) {}
)";

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(GoUses, LocalNames) {
  auto uses = scan_go_uses(kSource);
  ASSERT_TRUE(uses.has_value());
  for (const char* name : {"r", "a", "b", "c", "n", "err", "i64", "ok", "x", "y", "k1", "k2", "idx", "v", "f", "inner", "t"})
    EXPECT_TRUE(has(uses->local_names, name)) << name;
  EXPECT_FALSE(has(uses->local_names, "global")) << "package-level, not local";
  EXPECT_FALSE(has(uses->local_names, "int")) << "unnamed parameters are types";
  EXPECT_FALSE(has(uses->local_names, "Method"));
  EXPECT_TRUE(std::is_sorted(uses->local_names.begin(), uses->local_names.end()));
}

TEST(GoUses, QualifiedIdentifiersAndImports) {
  auto uses = scan_go_uses(kSource);
  ASSERT_TRUE(uses.has_value());
  bool version = false, deep = false;
  for (const auto& q : uses->qualified) {
    if (q.qualifier == "sq" && q.name == "Version") {
      version = true;
      EXPECT_EQ(q.where.line, 25);
      EXPECT_EQ(q.where.column, 9);
    }
    if (q.name == "Deep") deep = true;  // r.field.Deep: "field" is after a '.', so no pair starts there
  }
  EXPECT_TRUE(version);
  EXPECT_FALSE(deep);
  ASSERT_EQ(uses->imports.size(), 5u);
  EXPECT_EQ(uses->imports[0].path, "fmt");
  EXPECT_EQ(uses->imports[0].name, "");
  EXPECT_EQ(uses->imports[1].name, "sq");
  EXPECT_EQ(uses->imports[2].name, "_");
  EXPECT_EQ(uses->imports[3].name, ".");
  EXPECT_EQ(uses->imports[4].path, "os");
}

TEST(GoUses, HostileTextNeverCrashes) {
  for (std::string_view text : {"", "package", "func (((((", "func f(a, b", "x := := :=", ") } ] , :=", "import (\"a\"",
                                "\"unterminated", "func f[T any(", "var ("})
    (void)scan_go_uses(text);
}

}  // namespace
}  // namespace crossgo::gosrc
