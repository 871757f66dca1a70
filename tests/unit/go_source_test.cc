// src/gosrc: go/build's tag, constraint and file-name rules, the Go header and full scans, and
// decide_file on real files in a temporary directory. tests/oracle/test_gosrc_oracle.py checks
// the same code against `go list` on every std package.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "crossgo/go_source.h"

using namespace crossgo::gosrc;

namespace {

BuildContext target(std::string goos, std::string goarch, bool cgo = false, int minor = 0) {
  BuildContext c;
  c.goos = std::move(goos);
  c.goarch = std::move(goarch);
  c.cgo_enabled = cgo;
  c.go_minor = minor;
  for (int i = 1; i <= (minor ? minor : 23); ++i) c.release_tags.push_back("go1." + std::to_string(i));
  return c;
}

bool go_build(std::string_view expr, const BuildContext& c) {
  std::string error;
  auto v = eval_go_build(expr, c, &error);
  EXPECT_TRUE(v.has_value()) << expr << ": " << error;
  return v.value_or(false);
}

std::string go_build_error(std::string_view expr) {
  std::string error;
  auto v = eval_go_build(expr, target("linux", "amd64"), &error);
  EXPECT_FALSE(v.has_value()) << expr;
  return error;
}

GoFileScan scan(std::string_view text, ScanDepth depth = ScanDepth::header) {
  auto r = scan_go_source(text, depth);
  EXPECT_TRUE(r.scan.has_value()) << r.error << " at " << r.error_where.line << ":" << r.error_where.column;
  return r.scan.value_or(GoFileScan{});
}

}  // namespace

TEST(GoSourceTags, ImpliedAndSpecialTags) {
  EXPECT_TRUE(match_tag("linux", target("android", "arm64")));
  EXPECT_TRUE(match_tag("android", target("android", "arm64")));
  EXPECT_FALSE(match_tag("android", target("linux", "arm64")));
  EXPECT_TRUE(match_tag("solaris", target("illumos", "amd64")));
  EXPECT_FALSE(match_tag("illumos", target("solaris", "amd64")));
  EXPECT_TRUE(match_tag("darwin", target("ios", "arm64")));
  EXPECT_FALSE(match_tag("ios", target("darwin", "arm64")));
  for (auto os : {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux", "netbsd",
                  "openbsd", "solaris"})
    EXPECT_TRUE(match_tag("unix", target(os, "amd64", false, 19))) << os;
  for (auto os : {"windows", "plan9", "js", "wasip1", "zos"}) EXPECT_FALSE(match_tag("unix", target(os, "amd64"))) << os;
  EXPECT_TRUE(match_tag("gc", target("linux", "amd64")));
  EXPECT_FALSE(match_tag("gccgo", target("linux", "amd64")));
  EXPECT_TRUE(match_tag("cgo", target("linux", "amd64", true)));
  EXPECT_FALSE(match_tag("cgo", target("linux", "amd64", false)));
  EXPECT_TRUE(match_tag("go1.19", target("linux", "amd64", false, 19)));
  EXPECT_FALSE(match_tag("go1.20", target("linux", "amd64", false, 19)));
  auto c = target("linux", "amd64");
  c.build_tags = {"netgo"};
  c.tool_tags = {"goexperiment.boringcrypto", "amd64.v1"};
  EXPECT_TRUE(match_tag("netgo", c));
  EXPECT_TRUE(match_tag("amd64.v1", c));
  EXPECT_TRUE(match_tag("boringcrypto", c));  // the old name of goexperiment.boringcrypto
  EXPECT_FALSE(match_tag("ignore", c));
}

TEST(GoSourceConstraints, GoBuildPrecedenceParensNegation) {
  const auto linux = target("linux", "amd64");
  EXPECT_TRUE(go_build("linux", linux));
  EXPECT_TRUE(go_build("linux && amd64", linux));
  EXPECT_FALSE(go_build("linux && !amd64", linux));
  EXPECT_TRUE(go_build("windows || linux && amd64", linux));  // && binds tighter
  EXPECT_FALSE(go_build("(windows || linux) && arm64", linux));
  EXPECT_TRUE(go_build("windows && arm64 || linux", linux));
  EXPECT_TRUE(go_build("!(windows || darwin)", linux));
  EXPECT_TRUE(go_build("!windows && !darwin", linux));
  EXPECT_TRUE(go_build("((((linux))))", linux));
  EXPECT_TRUE(go_build("  linux\t&&amd64 ", linux));
  EXPECT_TRUE(go_build("!cgo", linux));
  EXPECT_TRUE(go_build("unix && go1.19 && gc", linux));
  EXPECT_FALSE(go_build("ignore", linux));
}

TEST(GoSourceConstraints, GoBuildSyntaxErrors) {
  EXPECT_NE(go_build_error("").find("unexpected end of expression"), std::string::npos);
  EXPECT_NE(go_build_error("linux &&").find("unexpected end of expression"), std::string::npos);
  EXPECT_NE(go_build_error("linux & amd64").find("invalid syntax at &"), std::string::npos);
  EXPECT_NE(go_build_error("linux | amd64").find("invalid syntax at |"), std::string::npos);
  EXPECT_NE(go_build_error("!!linux").find("double negation"), std::string::npos);
  EXPECT_NE(go_build_error("(linux").find("missing close paren"), std::string::npos);
  EXPECT_NE(go_build_error("linux)").find("unexpected token )"), std::string::npos);
  EXPECT_NE(go_build_error("linux amd64").find("unexpected token amd64"), std::string::npos);
  EXPECT_NE(go_build_error("linux // comment").find("invalid syntax at /"), std::string::npos);
  EXPECT_NE(go_build_error("linux-x").find("invalid syntax at -"), std::string::npos);
  // Deep nesting is an error, never a stack overflow.
  EXPECT_NE(go_build_error(std::string(5000, '(') + "linux" + std::string(5000, ')')).find("too large"),
            std::string::npos);
  std::string long_or = "a";
  for (int i = 0; i < 2000; ++i) long_or += " || a";
  EXPECT_NE(go_build_error(long_or).find("too large"), std::string::npos);
}

TEST(GoSourceConstraints, PlusBuildLines) {
  const auto linux = target("linux", "amd64");
  std::string error;
  EXPECT_EQ(eval_plus_build({"linux darwin"}, linux, &error), true);      // space: OR
  EXPECT_EQ(eval_plus_build({"linux,arm64"}, linux, &error), false);      // comma: AND
  EXPECT_EQ(eval_plus_build({"linux,amd64 darwin"}, linux, &error), true);
  EXPECT_EQ(eval_plus_build({"!windows"}, linux, &error), true);
  EXPECT_EQ(eval_plus_build({"linux", "!cgo"}, linux, &error), true);    // lines: AND
  EXPECT_EQ(eval_plus_build({"linux", "cgo"}, linux, &error), false);
  EXPECT_EQ(eval_plus_build({"!!linux"}, linux, &error), false);          // "ignore"
  EXPECT_EQ(eval_plus_build({"!"}, linux, &error), false);
  EXPECT_EQ(eval_plus_build({""}, linux, &error), false);                 // empty line: ignore
  EXPECT_EQ(eval_plus_build({"!linux-x"}, linux, &error), true);          // invalid tag = ignore, negated
  std::string complex = "linux";
  for (int i = 0; i < 150; ++i) complex += " linux";
  EXPECT_FALSE(eval_plus_build({complex}, linux, &error).has_value());    // Go 1.22.7+: too complex
  EXPECT_NE(error.find("too complex"), std::string::npos);
  EXPECT_EQ(eval_plus_build({complex}, target("linux", "amd64", false, 19), &error), true);
}

TEST(GoSourceFileNames, SuffixRules) {
  const auto linux = target("linux", "amd64");
  EXPECT_FALSE(filename_excludes("foo_linux.go", linux));
  EXPECT_TRUE(filename_excludes("foo_windows.go", linux));
  EXPECT_EQ(*filename_excludes("foo_windows.go", linux), "file name suffix _windows: GOOS is linux");
  EXPECT_FALSE(filename_excludes("foo_linux_amd64.go", linux));
  EXPECT_TRUE(filename_excludes("foo_linux_arm64.go", linux));
  EXPECT_TRUE(filename_excludes("foo_arm64.go", linux));
  EXPECT_FALSE(filename_excludes("foo_amd64.go", linux));
  EXPECT_FALSE(filename_excludes("foo_test.go", linux));
  EXPECT_FALSE(filename_excludes("x_linux_test.go", linux));
  EXPECT_TRUE(filename_excludes("x_windows_test.go", linux));
  EXPECT_FALSE(filename_excludes("linux.go", linux));        // no underscore: builds
  EXPECT_FALSE(filename_excludes("windows.go", linux));
  EXPECT_TRUE(filename_excludes("windows_arm64.go", linux));  // the part after the first '_' counts
  EXPECT_FALSE(filename_excludes("foo_unknownos.go", linux));
  EXPECT_FALSE(filename_excludes("foo_unix.go", linux));      // unix is not a GOOS
  EXPECT_FALSE(filename_excludes("foo_unix.go", target("windows", "amd64")));
  EXPECT_TRUE(filename_excludes("foo_windows.pb.go", linux)); // cut at the first '.'
  EXPECT_FALSE(filename_excludes("foo_linux.go", target("android", "arm64")));
  EXPECT_FALSE(filename_excludes("foo_solaris.go", target("illumos", "amd64")));
  EXPECT_FALSE(filename_excludes("foo_darwin.go", target("ios", "arm64")));
  EXPECT_TRUE(filename_excludes("foo_android.go", linux));
  EXPECT_TRUE(filename_excludes("foo_nacl.go", linux));
  // wasip1 became a GOOS in Go 1.21.
  EXPECT_FALSE(filename_excludes("foo_wasip1.go", target("linux", "amd64", false, 19)));
  EXPECT_TRUE(filename_excludes("foo_wasip1.go", target("linux", "amd64", false, 23)));
  EXPECT_TRUE(filename_excludes("foo_wasip1.go", linux));  // 0: newest
  EXPECT_FALSE(filename_excludes("foo_wasip1.go", target("wasip1", "wasm", false, 23)));
  // Go 1.19: _wasip1_wasm is just _wasm.
  EXPECT_FALSE(filename_excludes("foo_wasip1_wasm.go", target("js", "wasm", false, 19)));
  EXPECT_TRUE(filename_excludes("foo_wasip1_wasm.go", target("js", "wasm", false, 23)));
}

TEST(GoSourceFileNames, Kinds) {
  EXPECT_EQ(file_kind("a.go"), FileKind::go);
  EXPECT_EQ(file_kind("a.GO"), FileKind::other);
  EXPECT_EQ(file_kind("a.c"), FileKind::c);
  for (auto n : {"a.cc", "a.cpp", "a.cxx"}) EXPECT_EQ(file_kind(n), FileKind::cxx);
  EXPECT_EQ(file_kind("a.m"), FileKind::objc);
  for (auto n : {"a.h", "a.hh", "a.hpp", "a.hxx"}) EXPECT_EQ(file_kind(n), FileKind::header);
  for (auto n : {"a.f", "a.F", "a.for", "a.f90"}) EXPECT_EQ(file_kind(n), FileKind::fortran);
  for (auto n : {"a.s", "a.S", "a.sx"}) EXPECT_EQ(file_kind(n), FileKind::assembly);
  EXPECT_EQ(file_kind("a.swig"), FileKind::swig);
  EXPECT_EQ(file_kind("a.swigcxx"), FileKind::swigcxx);
  EXPECT_EQ(file_kind("a.syso"), FileKind::syso);
  EXPECT_EQ(file_kind("Makefile"), FileKind::other);
  EXPECT_EQ(to_string(FileKind::assembly), "assembly");
  EXPECT_EQ(to_string(FileRule::ignored_name), "ignored-name");
  EXPECT_EQ(to_string(FileRule::cgo_disabled), "cgo-disabled");
}

TEST(GoSourceHeader, ConstraintPlacement) {
  auto s = scan("// Copyright\n\n//go:build linux && !cgo\n\npackage p\n");
  ASSERT_TRUE(s.go_build);
  EXPECT_EQ(*s.go_build, "linux && !cgo");
  EXPECT_EQ(s.go_build_where.line, 3);
  EXPECT_EQ(s.go_build_where.column, 1);
  EXPECT_EQ(s.package_name, "p");
  // After the package clause: not a constraint.
  EXPECT_FALSE(scan("package p\n\n//go:build ignore\n").go_build);
  // Inside /* */: not a constraint.
  EXPECT_FALSE(scan("/*\n//go:build ignore\n*/\n\npackage p\n").go_build);
  // parseFileHeader accepts //go:build anywhere in the leading comments, blank line or not.
  s = scan("//go:build ignore\npackage p\n");
  ASSERT_TRUE(s.go_build);
  EXPECT_EQ(*s.go_build, "ignore");
  s = scan("// Package p.\n//go:build windows\n// More doc.\npackage p\n");
  ASSERT_TRUE(s.go_build);
  // ... but a +build line only counts before the last blank line above the package clause.
  EXPECT_TRUE(scan("// +build ignore\npackage p\n").plus_build.empty());
  s = scan("// +build linux darwin\n// +build !cgo\n\npackage p\n");
  ASSERT_EQ(s.plus_build.size(), 2u);
  EXPECT_EQ(s.plus_build[0], "linux darwin");
  EXPECT_EQ(s.plus_build[1], "!cgo");
  EXPECT_EQ(s.plus_build_where.line, 1);
  EXPECT_EQ(scan("//+build ignore\n\npackage p\n").plus_build.size(), 1u);
  EXPECT_TRUE(scan("// +buildx ignore\n\npackage p\n").plus_build.empty());
  EXPECT_FALSE(scan("//go:builder x\n\npackage p\n").go_build);
  // A leading BOM is skipped.
  EXPECT_TRUE(scan("\xEF\xBB\xBF//go:build ignore\n\npackage p\n").go_build);
  EXPECT_FALSE(scan_go_source("package", ScanDepth::header).scan);
  EXPECT_FALSE(scan_go_source("// only a comment\n", ScanDepth::header).scan);
  EXPECT_FALSE(scan_go_source("/* unterminated\npackage p\n", ScanDepth::header).scan);
  auto bad = scan_go_source("package p\nimport \"fmt\n", ScanDepth::header);
  EXPECT_FALSE(bad.scan);
  EXPECT_EQ(bad.error_where.line, 2);
  EXPECT_EQ(bad.error_where.column, 8);
}

TEST(GoSourceHeader, ImportsAndCgoPreamble) {
  auto s = scan(
      "package p\n\nimport (\n\t\"fmt\"\n\tstr \"strings\"\n\t. \"math\"\n\t_ \"embed\"\n\t`os`\n)\n"
      "import \"io\"\n\n// #cgo CFLAGS: -DX=1\n// #cgo\tLDFLAGS: -lm\n// #cgox not this\n// #include <math.h>\n"
      "import \"C\"\n\nfunc F() {}\n");
  ASSERT_EQ(s.imports.size(), 7u);
  EXPECT_EQ(s.imports[0].path, "fmt");
  EXPECT_EQ(s.imports[0].where.line, 4);
  EXPECT_EQ(s.imports[0].where.column, 2);
  EXPECT_EQ(s.imports[1].path, "strings");
  EXPECT_EQ(s.imports[1].where.column, 6);
  EXPECT_EQ(s.imports[2].path, "math");
  EXPECT_EQ(s.imports[3].path, "embed");
  EXPECT_EQ(s.imports[4].path, "os");
  EXPECT_EQ(s.imports[5].path, "io");
  EXPECT_TRUE(s.imports_c);
  EXPECT_EQ(s.import_c_where.line, 16);
  EXPECT_EQ(s.import_c_where.column, 8);
  ASSERT_EQ(s.cgo_directives.size(), 2u);
  EXPECT_EQ(s.cgo_directives[0], "#cgo CFLAGS: -DX=1");
  EXPECT_EQ(s.cgo_directives[1], "#cgo\tLDFLAGS: -lm");
  // A /* */ preamble; a blank line between comment and import "C" makes it no preamble.
  s = scan("package p\n/*\n#cgo LDFLAGS: -lz\n#include <zlib.h>\n*/\nimport \"C\"\n");
  ASSERT_EQ(s.cgo_directives.size(), 1u);
  EXPECT_EQ(s.cgo_directives[0], "#cgo LDFLAGS: -lz");
  s = scan("package p\n// #cgo LDFLAGS: -lz\n\nimport \"C\"\n");
  EXPECT_TRUE(s.imports_c);
  EXPECT_TRUE(s.cgo_directives.empty());
  // In a group: the spec's own doc; a lone spec takes the declaration's.
  s = scan("package p\nimport (\n\t\"fmt\"\n\t// #cgo LDFLAGS: -la\n\t\"C\"\n)\n");
  ASSERT_EQ(s.cgo_directives.size(), 1u);
  s = scan("package p\n// #cgo LDFLAGS: -lb\nimport (\n\t\"C\"\n)\n");
  ASSERT_EQ(s.cgo_directives.size(), 1u);
  s = scan("package p\n// #cgo LDFLAGS: -lb\nimport (\n\t\"C\"\n\t\"fmt\"\n)\n");
  EXPECT_TRUE(s.cgo_directives.empty());
  s = scan("package p\nimport C \"C\"\n");
  EXPECT_TRUE(s.imports_c);
}

TEST(GoSourceFullScan, DeclarationsAndUses) {
  const char* src =
      "package p\n"
      "\n"
      "import \"fmt\"\n"
      "\n"
      "const (\n"
      "\tA = iota\n"
      "\tB\n"
      "\tc, d = 1, 2\n"
      ")\n"
      "\n"
      "var x, y = helper(), other\n"
      "var _ = fmt.Sprint\n"
      "\n"
      "type T struct {\n"
      "\tName, Kind string\n"
      "\tio.Reader\n"
      "\tEmb\n"
      "\tp *U `json:\"p\"`\n"
      "}\n"
      "\n"
      "type (\n"
      "\tG[E any] []E\n"
      "\tI interface{ M(int) V }\n"
      ")\n"
      "\n"
      "func (t *T) Method() R { return nil }\n"
      "\n"
      "func F(n int) *T {\n"
      "\tv := T{Name: \"a\", Kind: K}\n"
      "\tswitch n {\n"
      "\tcase Zero, One:\n"
      "\t}\n"
      "\tf := func() W { return w }\n"
      "\t_ = f\n"
      "\treturn &v\n"
      "}\n"
      "\n"
      "var lit = func() Lit { return nil }\n";
  auto s = scan(src, ScanDepth::full);
  std::vector<std::string> decls;
  for (const auto& d : s.declarations) decls.push_back(d.kind + " " + d.name);
  EXPECT_EQ(decls, (std::vector<std::string>{"const A", "const B", "const c", "const d", "var x", "var y", "type T",
                                             "type G", "type I", "func F", "var lit"}));
  EXPECT_EQ(s.declarations[0].where.line, 6);
  EXPECT_EQ(s.declarations[0].where.column, 2);
  auto has_use = [&](const std::string& name, int line = 0, int column = 0) {
    for (const auto& u : s.uses)
      if (u.name == name && (line == 0 || u.where.line == line) && (column == 0 || u.where.column == column)) return true;
    return false;
  };
  EXPECT_TRUE(has_use("helper", 11, 12));
  EXPECT_TRUE(has_use("other", 11, 22));
  EXPECT_TRUE(has_use("fmt", 12, 9));
  EXPECT_FALSE(has_use("Sprint"));  // after '.'
  EXPECT_TRUE(has_use("io", 16, 2));
  EXPECT_FALSE(has_use("Reader"));
  EXPECT_TRUE(has_use("Emb", 17, 2));
  EXPECT_TRUE(has_use("U", 18, 5));
  EXPECT_FALSE(has_use("Name"));  // field name and composite-literal key
  EXPECT_FALSE(has_use("Kind", 15));
  EXPECT_TRUE(has_use("K", 29, 26));
  EXPECT_FALSE(has_use("p", 18));
  EXPECT_TRUE(has_use("V", 23, 22));
  EXPECT_FALSE(has_use("M"));
  EXPECT_TRUE(has_use("R", 26, 22));
  EXPECT_FALSE(has_use("Method"));
  EXPECT_TRUE(has_use("Zero", 31, 7));
  EXPECT_TRUE(has_use("One", 31, 13));  // `case a, B:` is not a key
  EXPECT_TRUE(has_use("W", 33, 14));
  EXPECT_TRUE(has_use("w", 33, 25));
  EXPECT_TRUE(has_use("Lit", 38, 18));
  EXPECT_FALSE(has_use("int"));
  EXPECT_FALSE(has_use("string"));
  EXPECT_FALSE(has_use("nil"));
  EXPECT_FALSE(has_use("any"));
  EXPECT_FALSE(has_use("iota"));
  EXPECT_FALSE(has_use("A"));  // its declaration
  EXPECT_FALSE(has_use("F"));
  EXPECT_FALSE(has_use("_"));
}

TEST(GoSourceFullScan, LexicalEdges) {
  auto s = scan("package p\nvar s = `raw\n` + \"a\\\"b\" + 'x' + '\\''\nvar f = 1.5e+3 + 0x1p-2 + .5\nvar z = X\n",
                ScanDepth::full);
  ASSERT_EQ(s.uses.size(), 1u);
  EXPECT_EQ(s.uses[0].name, "X");
  EXPECT_EQ(s.uses[0].where.line, 5);
  EXPECT_FALSE(scan_go_source("package p\nvar s = \"abc\n", ScanDepth::full).scan);
  EXPECT_FALSE(scan_go_source("package p\nvar s = `abc\n", ScanDepth::full).scan);
  EXPECT_FALSE(scan_go_source("package p\n/* x", ScanDepth::full).scan);
  // The header scan does not look past the imports.
  EXPECT_TRUE(scan_go_source("package p\nimport \"a\"\nvar s = \"abc\n", ScanDepth::header).scan);
  EXPECT_EQ(scan_go_source(std::string("package p\n\0", 11), ScanDepth::full).error, "unexpected NUL in input");
}

TEST(GoSourceOtherFiles, LeadingComments) {
  auto r = scan_other_source_header("// Copyright\n\n//go:build linux && amd64\n\n#include \"textflag.h\"\n");
  ASSERT_TRUE(r.scan);
  ASSERT_TRUE(r.scan->go_build);
  EXPECT_EQ(*r.scan->go_build, "linux && amd64");
  r = scan_other_source_header("// +build ignore\n\nint x;\n//go:build linux\n");
  ASSERT_TRUE(r.scan);
  EXPECT_FALSE(r.scan->go_build);
  EXPECT_EQ(r.scan->plus_build.size(), 1u);
  EXPECT_FALSE(scan_other_source_header("//go:build a\n//go:build b\n").scan);
}

class GoSourceDecide : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("gosrc-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  FileDecision decide(const std::string& name, const std::string& content, const BuildContext& c) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return decide_file(dir_.string(), name, c);
  }
  std::filesystem::path dir_;
};

TEST_F(GoSourceDecide, Rules) {
  const auto linux = target("linux", "amd64");
  const auto linux_cgo = target("linux", "amd64", true);
  EXPECT_EQ(decide("a.go", "package p\n", linux).rule, FileRule::builds);
  EXPECT_TRUE(decide("a.go", "package p\n", linux).builds);
  EXPECT_EQ(decide("_x.go", "package p\n", linux).rule, FileRule::ignored_name);
  EXPECT_EQ(decide(".x.go", "package p\n", linux).rule, FileRule::ignored_name);
  EXPECT_EQ(decide("a_test.go", "package p\n", linux).rule, FileRule::test_file);
  EXPECT_EQ(decide("x_windows_test.go", "package p\n", linux).rule, FileRule::file_name);
  EXPECT_EQ(decide("a_windows.go", "package p\n", linux).rule, FileRule::file_name);
  EXPECT_EQ(decide("README", "", linux).rule, FileRule::not_source);
  auto d = decide("b.go", "//go:build windows\n\npackage p\n", linux);
  EXPECT_EQ(d.rule, FileRule::constraint);
  EXPECT_EQ(d.constraint, "windows");
  EXPECT_EQ(d.constraint_where.line, 1);
  EXPECT_EQ(d.reason, "//go:build windows is false for linux/amd64 without cgo");
  EXPECT_EQ(decide("c.go", "//go:build linux &&\n\npackage p\n", linux).rule, FileRule::bad_constraint);
  EXPECT_EQ(decide("c.go", "//go:build a\n//go:build b\n\npackage p\n", linux).rule, FileRule::bad_constraint);
  // A //go:build line wins over +build lines.
  EXPECT_EQ(decide("e.go", "//go:build linux\n// +build windows\n\npackage p\n", linux).rule, FileRule::builds);
  d = decide("e.go", "// +build windows linux,arm64\n\npackage p\n", linux);
  EXPECT_EQ(d.rule, FileRule::constraint);
  EXPECT_EQ(d.constraint, "+build windows linux,arm64");
  const std::string cgo_file = "package p\n\n// #cgo LDFLAGS: -lm\nimport \"C\"\n";
  EXPECT_EQ(decide("f.go", cgo_file, linux).rule, FileRule::cgo_disabled);
  d = decide("f.go", cgo_file, linux_cgo);
  EXPECT_EQ(d.rule, FileRule::builds);
  ASSERT_TRUE(d.scan);
  EXPECT_TRUE(d.scan->imports_c);
  EXPECT_EQ(decide("g.go", "package documentation\n", linux).rule, FileRule::constraint);
  EXPECT_EQ(decide("h.go", "package p\nimport \"fmt\n", linux).rule, FileRule::unreadable);
  EXPECT_EQ(decide("h.go", "//go:build ignore\n\npackage p\nimport (\n", linux).rule, FileRule::constraint);
  EXPECT_EQ(decide("n.go", std::string("package p\n// \0\n", 15), linux).rule, FileRule::unreadable);
  EXPECT_EQ(decide("a.c", "//go:build windows\n\nint x;\n", linux).rule, FileRule::constraint);
  EXPECT_EQ(decide("a.s", "#include \"textflag.h\"\n//go:build windows\n", linux).rule, FileRule::builds);
  EXPECT_EQ(decide("a.syso", std::string("\0\1", 2), linux).rule, FileRule::builds);
  EXPECT_EQ(decide_file(dir_.string(), "missing.go", linux).rule, FileRule::unreadable);
  std::filesystem::create_directory(dir_ / "sub.go");
  EXPECT_EQ(decide_file(dir_.string(), "sub.go", linux).rule, FileRule::unreadable);
  // A header longer than the first read: the rest is read.
  d = decide("long.go", "//go:build linux\n\n" + std::string(100000, '\n') + "package p\nimport \"C\"\n", linux_cgo);
  EXPECT_EQ(d.rule, FileRule::builds);
  ASSERT_TRUE(d.scan);
  EXPECT_TRUE(d.scan->imports_c);
  auto full = scan_go_file((dir_ / "f.go").string(), ScanDepth::full);
  ASSERT_TRUE(full.scan);
  EXPECT_EQ(full.scan->cgo_directives.size(), 1u);
}
