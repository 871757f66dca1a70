// ld.so.conf with its include globs and musl's path file (src/rootfs/ld_so_conf.cc), read from an
// in-memory root: the order ldconfig reads things in, what it ignores, and the caps that stop a
// hostile root (cycles, deep or wide includes).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crossgo/ld_config.h"
#include "crossgo/limits.h"
#include "fake_root_fs.h"
#include "rootfs/root_glob.h"

namespace crossgo {
namespace {

using rootfs::read_ld_so_conf;
using testing::FakeRootFs;
using Strings = std::vector<std::string>;

std::string all(const Strings& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

bool mentions(const Strings& lines, const std::string& words) { return all(lines).find(words) != std::string::npos; }

TEST(LdConfigConf, LinesIncludesAndOrder) {
  FakeRootFs root;
  root.file("/etc/ld.so.conf",
            "include /etc/ld.so.conf.d/*.conf\n"
            "/usr/local/lib\n"
            "# a comment\n"
            "   /opt/x/lib//   # trailing comment\n"
            "hwcap 0 nosegneg\n"
            "HWCAP\t1 foo\n"
            "/usr/local/lib/\n"
            "/\n"
            "relative/lib\n"
            "\n"
            "/opt/with space/lib \t\r\n"
            "/opt/typed=libc6\n");
  root.file("/etc/ld.so.conf.d/b.conf", "/b/lib\n");
  root.file("/etc/ld.so.conf.d/a.conf", "/a/lib\ninclude\tsub/*.conf  other.cnf\n/a/lib2");
  root.file("/etc/ld.so.conf.d/sub/x.conf", "/sub/x\n");
  root.file("/etc/ld.so.conf.d/other.cnf", "/other\n");
  root.file("/etc/ld.so.conf.d/.hidden.conf", "/hidden\n");
  root.file("/etc/ld.so.conf.d/notes.txt", "/txt\n");
  root.dir("/etc/ld.so.conf.d/dir.conf");

  const auto conf = read_ld_so_conf(root);
  EXPECT_EQ(conf.directories, (Strings{"/a/lib", "/sub/x", "/other", "/a/lib2", "/b/lib", "/usr/local/lib",
                                       "/opt/x/lib", "/opt/with space/lib", "/opt/typed"}));
  EXPECT_EQ(conf.files_read, (Strings{"/etc/ld.so.conf", "/etc/ld.so.conf.d/a.conf", "/etc/ld.so.conf.d/sub/x.conf",
                                      "/etc/ld.so.conf.d/other.cnf", "/etc/ld.so.conf.d/b.conf"}));
  EXPECT_TRUE(mentions(conf.warnings, "/etc/ld.so.conf:5: hwcap directive ignored")) << all(conf.warnings);
  EXPECT_TRUE(mentions(conf.warnings, "/etc/ld.so.conf:6: hwcap directive ignored")) << all(conf.warnings);
  EXPECT_TRUE(mentions(conf.warnings, "/etc/ld.so.conf:9: \"relative/lib\" is not an absolute path")) << all(conf.warnings);
  EXPECT_TRUE(mentions(conf.warnings, "/etc/ld.so.conf:12: \"=libc6\" suffix")) << all(conf.warnings);
  EXPECT_EQ(conf.warnings.size(), 4u) << all(conf.warnings);
}

TEST(LdConfigConf, MissingFileIsEmpty) {
  FakeRootFs root;
  const auto conf = read_ld_so_conf(root);
  EXPECT_TRUE(conf.directories.empty());
  EXPECT_TRUE(conf.files_read.empty());
  EXPECT_TRUE(conf.warnings.empty());
}

TEST(LdConfigConf, IncludesFollowLinksInsideTheRoot) {
  FakeRootFs root;
  root.file("/etc/ld.so.conf", "include ld.so.conf.d/*.conf\n");
  root.link("/etc/ld.so.conf.d", "/usr/share/ldconf");
  root.file("/usr/share/ldconf/z.conf", "/z\n");
  root.link("/usr/share/ldconf/y.conf", "../../../../../../etc/real.conf");  // ".." stops at "/"
  root.file("/etc/real.conf", "/y\n");
  root.link("/usr/share/ldconf/dangling.conf", "/nowhere");
  const auto conf = read_ld_so_conf(root);
  EXPECT_EQ(conf.directories, (Strings{"/y", "/z"}));
  EXPECT_TRUE(conf.warnings.empty()) << all(conf.warnings);
}

TEST(LdConfigConf, CyclesAreCut) {
  FakeRootFs root;
  root.file("/etc/ld.so.conf", "/top\ninclude /etc/ld.so.conf.d/*\n");
  root.file("/etc/ld.so.conf.d/a", "/a\ninclude ../ld.so.conf\n");
  root.link("/etc/ld.so.conf.d/b", "a");
  root.file("/etc/ld.so.conf.d/self", "include self\n/self\n");
  const auto conf = read_ld_so_conf(root);
  EXPECT_EQ(conf.directories, (Strings{"/top", "/a", "/self"}));
  EXPECT_TRUE(mentions(conf.warnings, "include cycle")) << all(conf.warnings);
  // a (through b) is read again at the same level: a repeat, not a cycle, as ldconfig would.
  EXPECT_EQ(conf.files_read.size(), 4u) << all(conf.files_read);
}

TEST(LdConfigConf, DepthIsCapped) {
  FakeRootFs root;
  root.file("/etc/ld.so.conf", "include /etc/c/0\n");
  for (int i = 0; i < 30; ++i)
    root.file("/etc/c/" + std::to_string(i), "/d" + std::to_string(i) + "\ninclude /etc/c/" + std::to_string(i + 1) + "\n");
  const auto conf = read_ld_so_conf(root);
  EXPECT_EQ(conf.directories.size(), static_cast<size_t>(limits::kMaxConfigIncludeDepth));
  EXPECT_TRUE(mentions(conf.warnings, "nested more than")) << all(conf.warnings);
}

TEST(LdConfigConf, FilesAreCapped) {
  FakeRootFs root;
  std::string includes;
  for (int i = 0; i < 40; ++i) includes += "include /etc/d/*\n";
  root.file("/etc/ld.so.conf", includes);
  for (int i = 0; i < 100; ++i) root.file("/etc/d/" + std::to_string(1000 + i), "/lib\n");
  const auto conf = read_ld_so_conf(root);
  EXPECT_EQ(conf.files_read.size(), limits::kMaxConfigFiles);
  EXPECT_EQ(conf.directories, Strings{"/lib"});
  EXPECT_TRUE(mentions(conf.warnings, "configuration files")) << all(conf.warnings);
}

TEST(LdConfigConf, NulAndLongLines) {
  FakeRootFs root;
  root.file("/etc/ld.so.conf", std::string("/before\0/after\n/second\n", 23) + "/" + std::string(5000, 'x') + "\n");
  const auto conf = read_ld_so_conf(root);
  EXPECT_EQ(conf.directories, (Strings{"/before", "/second"}));
  EXPECT_TRUE(mentions(conf.warnings, "bytes; ignored")) << all(conf.warnings);
}

// ---- glob ------------------------------------------------------------------------------------

TEST(LdConfigGlob, MatchComponent) {
  using rootfs::detail::match_component;
  EXPECT_TRUE(match_component("*.conf", "a.conf"));
  EXPECT_TRUE(match_component("*.conf", ".conf.conf") == false);  // a leading '.' needs a '.'
  EXPECT_FALSE(match_component("*", ".hidden"));
  EXPECT_FALSE(match_component("?hidden", ".hidden"));
  EXPECT_FALSE(match_component("[.]hidden", ".hidden"));
  EXPECT_TRUE(match_component(".*", ".hidden"));
  EXPECT_TRUE(match_component("a*b*c", "axxbyyc"));
  EXPECT_FALSE(match_component("a*b*c", "axxbyy"));
  EXPECT_TRUE(match_component("[a-c]?[!x]", "b1y"));
  EXPECT_FALSE(match_component("[a-c]?[!x]", "b1x"));
  EXPECT_TRUE(match_component("[^x]", "y"));
  EXPECT_TRUE(match_component("[]]", "]"));
  EXPECT_TRUE(match_component("[!]]", "a"));
  EXPECT_TRUE(match_component("[a-]", "-"));
  EXPECT_TRUE(match_component("[[:digit:]][[:alpha:]]", "1x"));
  EXPECT_FALSE(match_component("[[:digit:]]", "x"));
  EXPECT_TRUE(match_component("[ab", "[ab"));  // no ']': an ordinary '['
  EXPECT_TRUE(match_component("\\*", "*"));
  EXPECT_FALSE(match_component("\\*", "a"));
  EXPECT_FALSE(match_component("a\\", "a\\"));  // a trailing backslash matches nothing
  EXPECT_TRUE(match_component("", ""));
  EXPECT_FALSE(match_component("", "a"));
  EXPECT_TRUE(match_component("***", ""));
  // No exponential backtracking.
  const std::string a(200, 'a');
  std::string pat;
  for (int i = 0; i < 100; ++i) pat += "*a";
  EXPECT_FALSE(match_component(pat + "b", a));
  EXPECT_TRUE(match_component(pat, a));
}

TEST(LdConfigGlob, WildcardsAndSorting) {
  using rootfs::detail::glob;
  using rootfs::detail::has_wildcards;
  EXPECT_TRUE(has_wildcards("*.conf"));
  EXPECT_TRUE(has_wildcards("x[0-9]"));
  EXPECT_FALSE(has_wildcards("x[0-9"));
  EXPECT_FALSE(has_wildcards("a\\*"));
  EXPECT_FALSE(has_wildcards("plain"));

  FakeRootFs root;
  root.file("/d/a-c/x.conf", "");
  root.file("/d/a/x.conf", "");
  root.file("/d/a/y.conf", "");
  root.file("/d/b/x.txt", "");
  root.file("/d/star*/x.conf", "");
  bool truncated = true;
  // glob sorts whole paths: "/d/a-c/…" before "/d/a/…" ('-' < '/').
  EXPECT_EQ(glob(root, "/d/*/x.conf", 100, &truncated), (Strings{"/d/a-c/x.conf", "/d/a/x.conf", "/d/b/x.conf", "/d/star*/x.conf"}));
  EXPECT_FALSE(truncated);
  EXPECT_EQ(glob(root, "/d/a/*.conf", 100, &truncated), (Strings{"/d/a/x.conf", "/d/a/y.conf"}));
  EXPECT_EQ(glob(root, "/d/star\\*/*", 100, &truncated), (Strings{"/d/star*/x.conf"}));
  EXPECT_EQ(glob(root, "/nowhere/*", 100, &truncated), Strings{});
  EXPECT_EQ(glob(root, "/d/a/*.conf", 1, &truncated).size(), 1u);
  EXPECT_TRUE(truncated);
}

// ---- musl ------------------------------------------------------------------------------------

TEST(LdConfigMusl, PathFile) {
  FakeRootFs root;
  root.file("/etc/ld-musl-aarch64.path", "/lib\n/usr/lib:/opt/lib\n\n::/usr/local/lib \n");
  const auto dirs = rootfs::read_musl_path(root, "aarch64");
  ASSERT_TRUE(dirs.has_value());
  // Only ':' and '\n' separate; a trailing blank is part of the name, as musl reads it.
  EXPECT_EQ(*dirs, (Strings{"/lib", "/usr/lib", "/opt/lib", "/usr/local/lib "}));
  EXPECT_FALSE(rootfs::read_musl_path(root, "x86_64").has_value());
  root.dir("/etc/ld-musl-armhf.path");
  const auto unreadable = rootfs::read_musl_path(root, "armhf");
  ASSERT_TRUE(unreadable.has_value());
  EXPECT_TRUE(unreadable->empty());
}

TEST(LdConfigMusl, PathFileNextToTheLoader) {
  EXPECT_EQ(rootfs::musl_path_file("/lib/ld-musl-x86_64.so.1", "x86_64"), "/etc/ld-musl-x86_64.path");
  EXPECT_EQ(rootfs::musl_path_file("/usr/local/musl/lib/ld-musl-x86_64.so.1", "x86_64"),
            "/usr/local/musl/etc/ld-musl-x86_64.path");
  EXPECT_EQ(rootfs::musl_path_file("/ld-musl-x86_64.so.1", "x86_64"), "/etc/ld-musl-x86_64.path");
  EXPECT_EQ(rootfs::musl_path_file("ld-musl-x86_64.so.1", "x86_64"), "/etc/ld-musl-x86_64.path");
  FakeRootFs root;
  root.file("/opt/musl/etc/ld-musl-riscv64.path", "/opt/musl/lib");
  const auto dirs = rootfs::read_musl_path(root, "riscv64", "/opt/musl/lib/ld-musl-riscv64.so.1");
  ASSERT_TRUE(dirs.has_value());
  EXPECT_EQ(*dirs, Strings{"/opt/musl/lib"});
}

TEST(LdConfigMusl, DefaultAndNul) {
  EXPECT_EQ(rootfs::parse_musl_path(rootfs::kMuslDefaultPath), (Strings{"/lib", "/usr/local/lib", "/usr/lib"}));
  EXPECT_EQ(rootfs::parse_musl_path(std::string_view("/a\0/b", 5)), Strings{"/a"});
  EXPECT_TRUE(rootfs::parse_musl_path("").empty());
}

}  // namespace
}  // namespace crossgo
