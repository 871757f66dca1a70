// crossgo cgo's library without a Go toolchain: the go list stream parser, the context line, the
// import graph (chains, every path, the subgraph, cgo's implicit runtime/cgo), the reasons and the
// findings, on hand-written go list output.
#include <gtest/gtest.h>

#include "cgo/cgo_internal.h"
#include "crossgo/cgo.h"
#include "crossgo/cgo_output.h"

namespace crossgo::cgo {
namespace {

// app -> a -> b -> c (import "C"), app -> d -> c, app -> net (std cgo variant); c and net
// import runtime/cgo implicitly.
constexpr std::string_view kStream = R"({
	"ImportPath": "runtime/cgo", "Name": "cgo", "Dir": "/go/src/runtime/cgo", "Standard": true, "DepOnly": true,
	"CgoFiles": ["cgo.go"], "CFiles": ["gcc_linux_amd64.c"], "Imports": ["C", "unsafe"]
}
{
	"ImportPath": "net", "Name": "net", "Dir": "/go/src/net", "Standard": true, "DepOnly": true,
	"GoFiles": ["net.go"], "CgoFiles": ["cgo_unix.go"], "Imports": ["C"]
}
{
	"ImportPath": "example.com/c", "Name": "c", "Dir": "/m/c", "DepOnly": true,
	"Module": {"Path": "example.com/c", "Version": "v0.1.0", "Replace": {"Path": "../c", "Dir": "/m/c"}},
	"CgoFiles": ["c.go"], "SFiles": ["asm.S"], "CgoLDFLAGS": ["-lm"], "CgoPkgConfig": ["sqlite3"], "Imports": ["C"]
}
{"ImportPath": "example.com/b", "Name": "b", "Dir": "/m/b", "DepOnly": true, "GoFiles": ["b.go"], "Imports": ["example.com/c"],
 "Module": {"Path": "example.com/b", "Version": "v0.2.0"}}
{"ImportPath": "example.com/d", "Name": "d", "Dir": "/m/d", "DepOnly": true, "GoFiles": ["d.go"], "Imports": ["example.com/c"],
 "Module": {"Path": "example.com/d", "Version": "v1.0.0"}}
{"ImportPath": "example.com/a", "Name": "a", "Dir": "/m/a", "DepOnly": true, "GoFiles": ["a.go"], "Imports": ["example.com/b"],
 "Module": {"Path": "example.com/a", "Version": "v0.1.0"}, "UnknownField": {"nested": [1, 2, {"x": null}]}}
{
	"ImportPath": "example.com/app", "Name": "main", "Dir": "/m/app", "Match": ["./..."],
	"Module": {"Path": "example.com/app", "Main": true, "Dir": "/m/app"},
	"GoFiles": ["main.go"], "Imports": ["example.com/a", "example.com/d", "net"],
	"Error": {"ImportStack": [], "Pos": "main.go:3:2", "Err": "something odd"}
}
)";

GoListResult parsed() {
  auto r = parse_go_list(kStream);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? std::move(r.value()) : GoListResult{};
}

std::vector<std::string> paths(const CgoReport& r, const std::vector<size_t>& chain) {
  std::vector<std::string> out;
  for (size_t i : chain) out.push_back(r.pkg(i).import_path);
  return out;
}

TEST(GoListParse, ReadsPackagesModulesAndErrors) {
  GoListResult list = parsed();
  ASSERT_EQ(list.packages.size(), 7u);
  const ListedPackage& c = list.packages[2];
  EXPECT_EQ(c.import_path, "example.com/c");
  EXPECT_EQ(c.cgo_files, std::vector<std::string>{"c.go"});
  EXPECT_EQ(c.cgo_ldflags, std::vector<std::string>{"-lm"});
  EXPECT_EQ(c.cgo_pkg_config, std::vector<std::string>{"sqlite3"});
  ASSERT_TRUE(c.module.has_value());
  EXPECT_EQ(list.modules[*c.module].display(), "example.com/c@v0.1.0 => ../c");
  const ListedPackage& app = list.packages[6];
  EXPECT_EQ(list.modules[*app.module].display(), "example.com/app (main module)");
  ASSERT_TRUE(app.error.has_value());
  EXPECT_EQ(app.error->message, "something odd");
  EXPECT_EQ(app.error->position, "main.go:3:2");
  EXPECT_EQ(app.match, std::vector<std::string>{"./..."});
  EXPECT_TRUE(list.packages[0].standard);
  EXPECT_TRUE(list.packages[0].dep_only);
}

TEST(GoListParse, ErrorsNameTheOffset) {
  auto truncated = parse_go_list(R"({"ImportPath": "a"} {"ImportPath": "b", "GoFiles": ["x.go")");
  ASSERT_FALSE(truncated.ok());
  auto not_object = parse_go_list(R"({"ImportPath": "a"} [1, 2])");
  ASSERT_FALSE(not_object.ok());
  EXPECT_NE(not_object.error().message.find("go list output"), std::string::npos);
  auto wrong_type = parse_go_list(R"({"ImportPath": "a", "GoFiles": "x.go"})");
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.error().message.find("GoFiles"), std::string::npos);
  auto no_path = parse_go_list(R"({"Name": "a"})");
  ASSERT_FALSE(no_path.ok());
  auto empty = parse_go_list("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->packages.empty());
}

TEST(GoListContext, ParsesTheTemplateLine) {
  auto c = parse_context_line("linux|arm64|true|netgo,osusergo|goexperiment.regabiargs|go1.1,go1.2,go1.21|gc\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->goos, "linux");
  EXPECT_EQ(c->goarch, "arm64");
  EXPECT_TRUE(c->cgo_enabled);
  EXPECT_EQ(c->build_tags, (std::vector<std::string>{"netgo", "osusergo"}));
  EXPECT_EQ(c->release_tags.size(), 3u);
  EXPECT_EQ(c->go_minor, 21);
  EXPECT_FALSE(parse_context_line("linux|arm64|maybe||||gc").has_value());
  EXPECT_FALSE(parse_context_line("linux|arm64").has_value());
  EXPECT_FALSE(parse_context_line("").has_value());
}

TEST(ImportGraph, AddsCgosImplicitImportOfRuntimeCgo) {
  GoListResult list = parsed();
  ImportGraph g = build_import_graph(list);
  const size_t c = g.index.at("example.com/c"), rc = g.index.at("runtime/cgo");
  ASSERT_EQ(g.edges[c].size(), 1u);
  EXPECT_EQ(g.edges[c][0].to, rc);
  EXPECT_TRUE(g.edges[c][0].implicit);
  EXPECT_TRUE(g.edges[rc].empty()) << "runtime/cgo does not import itself";
}

TEST(Analyze, ShortestChainsReasonsAndModules) {
  AnalyzeOptions options;
  options.predict_without_cgo = false;
  CgoReport r = analyze(parsed(), {"./..."}, options);
  ASSERT_EQ(r.cgo_packages.size(), 3u);
  // Ordered by chain length: net (2), c (3: app -> d -> c), runtime/cgo (3: app -> net -> runtime/cgo).
  EXPECT_EQ(r.pkg(r.cgo_packages[0].package).import_path, "net");
  const CgoPackage* c = nullptr;
  for (const auto& cp : r.cgo_packages)
    if (r.pkg(cp.package).import_path == "example.com/c") c = &cp;
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->chains.size(), 1u);
  EXPECT_EQ(paths(r, c->chains[0]), (std::vector<std::string>{"example.com/app", "example.com/d", "example.com/c"}));
  ASSERT_EQ(c->reasons.size(), 2u);
  EXPECT_EQ(c->reasons[0].kind, ReasonKind::import_c);
  EXPECT_EQ(c->reasons[1].kind, ReasonKind::assembly_via_cc);
  EXPECT_EQ(r.pkg(r.cgo_packages[0].package).standard, true);
  EXPECT_EQ(r.cgo_packages[0].reasons[0].kind, ReasonKind::std_variant);
  // Findings: CG310 for c, CG311 for net, CG314 for app's error; none for runtime/cgo.
  std::vector<Code> codes;
  for (const auto& f : r.findings) codes.push_back(f.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), Code::CG310), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), Code::CG311), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), Code::CG314), codes.end());
  EXPECT_EQ(std::count(codes.begin(), codes.end(), Code::CG310), 1);
  // The subgraph has every package except none: all lead to cgo here; the implicit edges are marked.
  EXPECT_EQ(r.graph_nodes.size(), 7u);
  size_t implicit = 0;
  for (const auto& e : r.graph_edges) implicit += e.implicit ? 1 : 0;
  EXPECT_EQ(implicit, 2u);  // c -> runtime/cgo, net -> runtime/cgo
}

TEST(Analyze, AllPathsAreEveryChainShortestFirst) {
  AnalyzeOptions options;
  options.predict_without_cgo = false;
  options.all_paths = true;
  CgoReport r = analyze(parsed(), {"./..."}, options);
  for (const auto& cp : r.cgo_packages) {
    if (r.pkg(cp.package).import_path != "example.com/c") continue;
    ASSERT_EQ(cp.chains.size(), 2u);
    EXPECT_EQ(cp.chains[0].size(), 3u);
    EXPECT_EQ(paths(r, cp.chains[1]), (std::vector<std::string>{"example.com/app", "example.com/a", "example.com/b", "example.com/c"}));
    EXPECT_FALSE(cp.chains_truncated);
  }
  options.max_chains = 1;
  CgoReport capped = analyze(parsed(), {"./..."}, options);
  for (const auto& cp : capped.cgo_packages) {
    if (capped.pkg(cp.package).import_path == "example.com/c") {
      EXPECT_TRUE(cp.chains_truncated);
    }
  }
}

TEST(Analyze, IgnoredCodesAreDropped) {
  AnalyzeOptions options;
  options.predict_without_cgo = false;
  options.ignored = {Code::CG310, Code::CG314};
  CgoReport r = analyze(parsed(), {}, options);
  for (const auto& f : r.findings) {
    EXPECT_NE(f.code, Code::CG310);
    EXPECT_NE(f.code, Code::CG314);
  }
}

TEST(Analyze, SurvivesCyclesAndSelfImports) {
  auto list = parse_go_list(R"({"ImportPath": "a", "Match": ["a"], "Imports": ["a", "b"], "CgoFiles": ["x.go"]}
{"ImportPath": "b", "Imports": ["a", "missing"], "CFiles": ["y.c"]})");
  ASSERT_TRUE(list.ok());
  AnalyzeOptions options;
  options.predict_without_cgo = false;
  options.all_paths = true;
  CgoReport r = analyze(std::move(list.value()), {}, options);
  EXPECT_EQ(r.cgo_packages.size(), 2u);
  const std::string dot = output::cgo_dot(r);
  EXPECT_NE(dot.find("digraph cgo"), std::string::npos);
}

TEST(Output, DotAndMermaidQuoteHostileNames) {
  auto list = parse_go_list(R"({"ImportPath": "a\"b\\c<d>", "Match": ["x"], "CgoFiles": ["x.go"]})");
  ASSERT_TRUE(list.ok());
  AnalyzeOptions options;
  options.predict_without_cgo = false;
  CgoReport r = analyze(std::move(list.value()), {}, options);
  EXPECT_NE(output::cgo_dot(r).find(R"(label="a\"b\\c<d>")"), std::string::npos);
  const std::string m = output::cgo_mermaid(r);
  EXPECT_NE(m.find("a#quot;b\\c#lt;d#gt;"), std::string::npos);
}

TEST(Environment, OnlyWhatGoNeedsAndWhatCrossgoSets) {
  GoListRequest req;
  req.process = {{"PATH", "/usr/bin"}, {"HOME", "/h"}, {"GOFLAGS", "-mod=vendor"}, {"CC", "gcc"},
                 {"LD_PRELOAD", "/x.so"}, {"CGO_ENABLED", "0"}, {"GOPROXY", "off"}};
  req.target = Target{"linux", "arm", "7"};
  env::EnvMap e = go_list_environment(req);
  EXPECT_EQ(e.at("GOOS"), "linux");
  EXPECT_EQ(e.at("GOARCH"), "arm");
  EXPECT_EQ(e.at("GOARM"), "7");
  EXPECT_EQ(e.at("CGO_ENABLED"), "1");
  EXPECT_EQ(e.at("GOFLAGS"), "-mod=vendor");
  EXPECT_EQ(e.at("GOPROXY"), "off");
  EXPECT_EQ(e.count("CC"), 0u);
  EXPECT_EQ(e.count("LD_PRELOAD"), 0u);
}

}  // namespace
}  // namespace crossgo::cgo
