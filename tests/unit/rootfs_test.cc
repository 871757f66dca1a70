// Roots and the loader model on small, hand-made roots: path resolution inside a root (links,
// "..", loops), layers with whiteouts, and the search rules on real files (this machine's glibc
// and the fixtures' C programs) copied into a temporary root. The comparison with the real
// loaders on real trees is tests/oracle/test_rootfs_oracle.py.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "crossgo/rootfs.h"
#include "io/libarchive.h"
#include "rootfs/tree_root.h"

namespace crossgo::rootfs {
namespace {

namespace fs = std::filesystem;

class TempRoot {
 public:
  TempRoot() {
    char tmpl[] = "/tmp/crossgo-rootfs-test.XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }
  void file(const std::string& path, const std::string& text = "x") {
    fs::create_directories(fs::path(dir_ + path).parent_path());
    std::ofstream(dir_ + path) << text;
  }
  void copy(const std::string& from, const std::string& path) {
    fs::create_directories(fs::path(dir_ + path).parent_path());
    fs::copy_file(from, dir_ + path, fs::copy_options::overwrite_existing);
  }
  void link(const std::string& target, const std::string& path) {
    fs::create_directories(fs::path(dir_ + path).parent_path());
    fs::create_symlink(target, dir_ + path);
  }

 private:
  std::string dir_;
};

std::unique_ptr<RootFs> open_dir(const TempRoot& t) {
  auto r = open_root(t.dir(), "");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return std::move(*r);
}

TEST(RootfsPaths, NormaliseStopsAtTheRoot) {
  EXPECT_EQ(normalise("/a/./b//c/../d"), "/a/b/d");
  EXPECT_EQ(normalise("../../etc/passwd"), "/etc/passwd");
  EXPECT_EQ(normalise(""), "/");
  EXPECT_EQ(normalise("/.."), "/");
}

TEST(RootfsPaths, LinksAreFollowedInsideTheRoot) {
  TempRoot t;
  t.file("/usr/lib/libz.so.1.2", "z");
  t.link("usr/lib", "/lib");                 // relative
  t.link("/usr/lib/libz.so.1.2", "/usr/lib/libz.so.1");  // absolute: from the root, not the host
  t.link("../../../../../../usr/lib/libz.so.1", "/opt/deep/escape");  // ".." stops at the root
  const auto root = open_dir(t);
  const auto a = resolve(*root, "/lib/libz.so.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->path, "/usr/lib/libz.so.1.2");
  EXPECT_EQ(a->type, EntryType::regular);
  EXPECT_EQ(a->hops.size(), 2u);
  const auto b = resolve(*root, "/opt/deep/escape");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->path, "/usr/lib/libz.so.1.2");
}

TEST(RootfsPaths, AHostAbsoluteLinkDoesNotReachTheHost) {
  TempRoot t;
  t.link("/etc/hostname", "/etc/name");  // exists on the host, not in the root
  const auto root = open_dir(t);
  std::string why;
  EXPECT_FALSE(resolve(*root, "/etc/name", &why));
  EXPECT_NE(why.find("/etc/hostname does not exist"), std::string::npos) << why;
}

TEST(RootfsPaths, ALinkLoopIsAnError) {
  TempRoot t;
  t.link("libloop2.so.1", "/lib/libloop.so.1");
  t.link("libloop.so.1", "/lib/libloop2.so.1");
  const auto root = open_dir(t);
  std::string why;
  EXPECT_FALSE(resolve(*root, "/lib/libloop.so.1", &why));
  EXPECT_NE(why.find("symlink loop"), std::string::npos) << why;
}

TEST(RootfsPaths, AFileIsNotADirectory) {
  TempRoot t;
  t.file("/lib/libc.so.6");
  const auto root = open_dir(t);
  std::string why;
  EXPECT_FALSE(resolve(*root, "/lib/libc.so.6/x", &why));
  EXPECT_NE(why.find("not a directory"), std::string::npos) << why;
}

// A ustar archive, written here by field offsets (POSIX.1-2001 pax/ustar header layout).
class TarBuilder {
 public:
  void add(const std::string& name, char type, const std::string& data = "", const std::string& link = "") {
    std::string h(512, '\0');
    h.replace(0, name.size(), name);
    put_octal(h, 100, 8, type == '5' ? 0755 : 0644);
    put_octal(h, 108, 8, 0);
    put_octal(h, 116, 8, 0);
    put_octal(h, 124, 12, data.size());
    put_octal(h, 136, 12, 0);
    h[156] = type;
    h.replace(157, link.size(), link);
    h.replace(257, 6, std::string("ustar\0", 6));
    h.replace(263, 2, "00");
    h.replace(148, 8, "        ");
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    put_octal(h, 148, 7, sum);
    bytes_ += h;
    bytes_ += data;
    bytes_.append((512 - data.size() % 512) % 512, '\0');
  }
  std::string finish() { return bytes_ + std::string(1024, '\0'); }

 private:
  static void put_octal(std::string& h, size_t at, size_t width, uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(width - 1), static_cast<unsigned long long>(v));
    h.replace(at, width - 1, buf);
  }
  std::string bytes_;
};

void apply(TreeRoot& tree, const std::string& tar, int layer) {
  auto a = libarchive::tar_reader();
  ASSERT_EQ(libarchive::api().open_memory(a.get(), tar.data(), tar.size()), ARCHIVE_OK);
  const auto err = tree.apply(a.get(), "layer", layer);
  ASSERT_FALSE(err) << err->to_string();
}

TEST(RootfsLayers, WhiteoutsAndOpaqueDirectoriesHideLowerLayers) {
  if (!libarchive::api().error.empty()) GTEST_SKIP() << libarchive::api().error;
  TreeRoot tree("test image");
  TarBuilder lower;
  lower.add("usr/lib/", '5');
  lower.add("usr/lib/libz.so.1", '0', "\x7f" "ELFz");
  lower.add("usr/lib/libkeep.so.1", '0', "\x7f" "ELFk");
  lower.add("opt/x/", '5');
  lower.add("opt/x/a", '0', "a");
  lower.add("opt/x/b", '0', "b");
  lower.add("lib", '2', "", "usr/lib");
  apply(tree, lower.finish(), 1);
  TarBuilder upper;
  upper.add("usr/lib/.wh.libz.so.1", '0');
  upper.add("opt/x/.wh..wh..opq", '0');
  upper.add("opt/x/c", '0', "c");
  apply(tree, upper.finish(), 2);
  ASSERT_FALSE(tree.seal());
  EXPECT_FALSE(tree.lstat("/usr/lib/libz.so.1"));
  EXPECT_TRUE(tree.lstat("/usr/lib/libkeep.so.1"));
  EXPECT_EQ(tree.list("/opt/x"), std::vector<std::string>{"c"});
  const auto keep = resolve(tree, "/lib/libkeep.so.1");
  ASSERT_TRUE(keep);
  auto src = tree.open(keep->path);
  ASSERT_TRUE(src.ok());
  const auto bytes = (*src)->read(0, 5, "test");
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes.data()), 5), "\x7f" "ELFk");
  EXPECT_FALSE(tree.open("/opt/x/c").ok());  // not ELF: its bytes were not kept
}

// Real files: this machine's glibc and the fixtures' C programs, when present.
std::string fixture(const std::string& rel) {
  const std::string p = std::string(CROSSGO_FIXTURES_DIR) + "/" + rel;
  return fs::exists(p) ? p : "";
}

class GlibcRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    hello_ = fixture("c-hello/hello");
    use_greet_ = fixture("c-use-greet/use-greet");
    greet_ = fixture("c-libgreet/libgreet.so.1");
    arm64_ = fixture("c-hello-arm64/hello");
    if (hello_.empty() || use_greet_.empty() || greet_.empty() || arm64_.empty() ||
        !fs::exists("/lib/x86_64-linux-gnu/libc.so.6"))
      GTEST_SKIP() << "needs the fixtures (tests/fixtures/build-fixtures.sh) and an x86-64 glibc";
    t_.copy("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6");
    t_.copy("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    t_.link("/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "/lib64/ld-linux-x86-64.so.2");
    t_.copy(hello_, "/usr/bin/hello");
  }
  TempRoot t_;
  std::string hello_, use_greet_, greet_, arm64_;
};

TEST_F(GlibcRoot, AProgramLoadsFromTheSystemDirectories) {
  const auto root = open_dir(t_);
  Loader loader(*root, {});
  const auto r = loader.check("/usr/bin/hello", true);
  EXPECT_TRUE(r.loads);
  ASSERT_TRUE(r.interpreter);
  EXPECT_EQ(r.interpreter->real_path, "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
  ASSERT_EQ(r.libraries.size(), 1u);
  EXPECT_EQ(r.libraries[0].soname, "libc.so.6");
  EXPECT_EQ(r.libraries[0].path, "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(r.libraries[0].rule, SearchRule::system_dirs);
}

TEST_F(GlibcRoot, RunpathWithOriginAndAWrongArchitectureLibrarySkipped) {
  t_.copy(use_greet_, "/opt/app/bin/use-greet");
  // RUNPATH is $ORIGIN/../c-libgreet:/opt/greet/lib: an arm64 file comes first and is skipped.
  t_.copy(arm64_, "/opt/app/c-libgreet/libgreet.so.1");
  t_.copy(greet_, "/opt/greet/lib/libgreet.so.1");
  const auto root = open_dir(t_);
  Loader loader(*root, {});
  const auto r = loader.check("/opt/app/bin/use-greet", true);
  EXPECT_TRUE(r.loads);
  ASSERT_FALSE(r.libraries.empty());
  const auto& greet = r.libraries[0];
  EXPECT_EQ(greet.soname, "libgreet.so.1");
  EXPECT_EQ(greet.path, "/opt/greet/lib/libgreet.so.1");
  EXPECT_EQ(greet.rule, SearchRule::runpath);
  ASSERT_EQ(greet.skipped.size(), 1u);
  EXPECT_EQ(greet.skipped[0].path, "/opt/app/bin/../c-libgreet/libgreet.so.1");
  bool warned = false;
  for (const auto& f : r.findings) warned = warned || (f.code == Code::CG883 && f.severity() == Severity::warning);
  EXPECT_TRUE(warned);
}

TEST_F(GlibcRoot, AMissingLibraryListsEverySearchedPath) {
  t_.copy(use_greet_, "/usr/bin/use-greet");
  const auto root = open_dir(t_);
  Loader loader(*root, {});
  const auto r = loader.check("/usr/bin/use-greet", true);
  EXPECT_FALSE(r.loads);
  const Finding* missing = nullptr;
  for (const auto& f : r.findings)
    if (f.code == Code::CG881) missing = &f;
  ASSERT_NE(missing, nullptr);
  EXPECT_NE(missing->message.find("/usr/bin/../c-libgreet/libgreet.so.1, /opt/greet/lib/libgreet.so.1, "
                                  "/lib/x86_64-linux-gnu/libgreet.so.1"),
            std::string::npos)
      << missing->message;
}

TEST_F(GlibcRoot, AnInterpreterOfAnotherArchitectureIsMissing) {
  t_.copy(arm64_, "/usr/bin/hello-arm64");
  const auto root = open_dir(t_);
  Loader loader(*root, {});
  const auto r = loader.check("/usr/bin/hello-arm64", true);
  EXPECT_FALSE(r.loads);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].code, Code::CG880);
}

TEST_F(GlibcRoot, AFileOutsideTheRootIsCheckedAgainstIt) {
  const auto root = open_dir(t_);
  Loader loader(*root, {});
  const auto r = loader.check(hello_, false);
  EXPECT_TRUE(r.loads);
  EXPECT_FALSE(r.in_root);
}

TEST_F(GlibcRoot, LdLibraryPathComesOnlyFromEnv) {
  t_.copy(use_greet_, "/usr/bin/use-greet");
  t_.copy(greet_, "/srv/libs/libgreet.so.1");
  const auto root = open_dir(t_);
  Options options;
  options.ld_library_path = "/srv/libs";
  Loader loader(*root, options);
  const auto r = loader.check("/usr/bin/use-greet", true);
  EXPECT_TRUE(r.loads);
  EXPECT_EQ(r.libraries[0].rule, SearchRule::ld_library_path);
}

}  // namespace
}  // namespace crossgo::rootfs

namespace crossgo::rootfs {
namespace {

// Android's linker: /system/bin/linker64 found; the program needs nothing else here (Go's
// internal linker names only the loader), so the interpreter decides.
TEST(RootfsBionic, TheInterpreterDecidesAndIsLookedUpInTheRoot) {
  const std::string app = fixture("android-arm64/sample");
  if (app.empty()) GTEST_SKIP() << "needs the fixtures (tests/fixtures/build-fixtures.sh)";
  TempRoot t;
  t.copy(app, "/data/local/tmp/app");
  {
    const auto root = open_dir(t);
    Loader loader(*root, {});
    const auto r = loader.check("/data/local/tmp/app", true);
    EXPECT_FALSE(r.loads);
    EXPECT_EQ(r.libc, Libc::bionic);
    ASSERT_FALSE(r.findings.empty());
    EXPECT_EQ(r.findings[0].code, Code::CG880);
  }
  t.copy(app, "/system/bin/linker64");  // an AArch64 ELF object where the linker belongs
  const auto root = open_dir(t);
  Loader loader(*root, {});
  const auto r = loader.check("/data/local/tmp/app", true);
  EXPECT_TRUE(r.loads);
  ASSERT_TRUE(r.interpreter && r.interpreter->path);
  EXPECT_EQ(*r.interpreter->path, "/system/bin/linker64");
}

}  // namespace
}  // namespace crossgo::rootfs
