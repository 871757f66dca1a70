// crossgo patch's planner and in-memory writer on files built by elf_builder.h: which change it
// picks (in place, reused string, overwritten string, new segment, moved dynamic array), both
// classes and byte orders, the refusals, and damaged inputs (never a crash; a plan it makes
// always reads back as planned).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

#include "crossgo/elf_constants.h"
#include "crossgo/format_registry.h"
#include "crossgo/patch.h"
#include "elf_builder.h"

namespace crossgo::testing {
namespace {

using patch::Request;
using patch::SearchPathOp;

struct Spec {
  int bits = 64;
  Endian endian = Endian::little;
  uint16_t machine = 62;
  uint32_t eflags = 0;
  std::string interp = "/lib64/ld-linux-x86-64.so.2";
  bool with_interp = true;
  bool with_dynamic = true;
  std::vector<std::string> needed = {"libc.so.6"};
  std::optional<std::string> runpath;
  std::optional<std::string> rpath;
  int spare_nulls = 0;  // DT_NULL entries after the terminator
};

// .interp, .dynstr, .dynamic in one R+X PT_LOAD over the whole file (the builder's), PT_INTERP
// and PT_DYNAMIC over their sections. Built twice: the first build places the sections, the
// second writes DT_STRTAB with the address the first one gave .dynstr.
Bytes make_elf(const Spec& s) {
  auto build = [&](uint64_t strtab_addr) {
    ElfBuilder b(s.bits, s.endian, s.machine);
    b.set_flags(s.eflags);
    if (s.with_interp) b.add_section(".interp", kShtProgbits, [&] { Bytes v; append_str(v, s.interp); return v; }());
    StrTab str;
    std::vector<std::pair<int64_t, uint64_t>> dyn;
    for (const auto& n : s.needed) dyn.emplace_back(kDtNeeded, str.add(n));
    if (s.runpath) dyn.emplace_back(kDtRunpath, str.add(*s.runpath));
    if (s.rpath) dyn.emplace_back(kDtRpath, str.add(*s.rpath));
    dyn.emplace_back(kDtStrtab, strtab_addr);
    dyn.emplace_back(kDtStrsz, str.bytes().size());
    dyn.emplace_back(kDtNull, 0);
    for (int i = 0; i < s.spare_nulls; ++i) dyn.emplace_back(kDtNull, 0);
    if (s.with_dynamic) {
      ElfBuilder::Section d;
      d.name = ".dynstr";
      d.type = kShtStrtab;
      d.data = str.bytes();
      b.add_section(d);
      b.add_section(".dynamic", kShtDynamic, b.dynamic(dyn), 0, 0, 8, b.word() * 2);
    }
    b.add_section(".text", kShtProgbits, Bytes(64, 0x90));
    if (s.with_interp) b.add_segment(kPtInterp, ".interp");
    b.add_load_segment(5);
    if (s.with_dynamic) b.add_segment(kPtDynamic, ".dynamic", 6);
    Bytes out = b.build();
    return std::make_pair(out, b.address_of(".dynstr"));
  };
  auto first = build(0);
  return build(first.second).first;
}

struct Patched {
  patch::Outcome outcome;
  Bytes bytes;
};

Patched run(const Bytes& in, const Request& req, bool expect_clean = true) {
  MemorySource src(in);
  Patched p{patch::plan_patch(src, req, "test.elf"), {}};
  if (p.outcome.plan) {
    p.bytes = patch::apply_in_memory(in, *p.outcome.plan);
    MemorySource back(p.bytes);
    MemorySource again(in);
    const auto problem = patch::reverify(again, back, *p.outcome.plan);
    if (expect_clean) {
      EXPECT_FALSE(problem) << *problem;
    }
  }
  return p;
}

Image read(const Bytes& b, std::unique_ptr<MemorySource>& keep) {
  keep = std::make_unique<MemorySource>(b);
  auto img = kElfReader.read(*keep);
  EXPECT_TRUE(img.ok()) << (img.ok() ? "" : img.error().to_string());
  return img.ok() ? *img : Image{};
}

Request interp(std::string p) {
  Request r;
  r.interpreter = std::move(p);
  return r;
}

TEST(Patch, ShorterInterpreterIsWrittenInPlace) {
  const Bytes in = make_elf({});
  const auto p = run(in, interp("/lib/ld.so"));
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_TRUE(p.outcome.plan->in_place);
  EXPECT_FALSE(p.outcome.plan->new_segment);
  EXPECT_EQ(p.bytes.size(), in.size());
  std::unique_ptr<MemorySource> keep;
  EXPECT_EQ(read(p.bytes, keep).interpreter, "/lib/ld.so");
}

TEST(Patch, SameInterpreterChangesNothing) {
  const Bytes in = make_elf({});
  const auto p = run(in, interp("/lib64/ld-linux-x86-64.so.2"));
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_FALSE(p.outcome.plan->changes);
  EXPECT_EQ(p.bytes, in);
}

TEST(Patch, LongerInterpreterGoesToANewSegment) {
  for (int bits : {32, 64}) {
    for (Endian e : {Endian::little, Endian::big}) {
      Spec s;
      s.bits = bits;
      s.endian = e;
      s.machine = e == Endian::big ? elf::EM_PPC : elf::EM_386;
      const Bytes in = make_elf(s);
      const std::string path = "/a/much/longer/path/to/the/program/interpreter/ld.so.1";
      const auto p = run(in, interp(path));
      ASSERT_TRUE(p.outcome.plan) << bits;
      EXPECT_FALSE(p.outcome.plan->in_place);
      ASSERT_TRUE(p.outcome.plan->new_segment);
      const auto& seg = *p.outcome.plan->new_segment;
      EXPECT_EQ(seg.offset % seg.align, seg.vaddr % seg.align);
      EXPECT_EQ(seg.flags, elf::PF_R);
      std::unique_ptr<MemorySource> keep;
      const Image img = read(p.bytes, keep);
      EXPECT_EQ(img.interpreter, path);
      EXPECT_EQ(img.bits, bits);
      EXPECT_EQ(img.library_names(), std::vector<std::string>{"libc.so.6"});
    }
  }
}

TEST(Patch, RunpathReusesAnExistingStringTail) {
  Spec s;
  s.needed = {"libc.so.6", "libfoo.so"};
  s.runpath = "/old/runpath";
  const auto p = run(make_elf(s), [] { Request r; r.search_path = SearchPathOp::set_runpath; r.search_path_value = "foo.so"; return r; }());
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_TRUE(p.outcome.plan->in_place);
  EXPECT_EQ(p.outcome.plan->after.runpath, "foo.so");
  // Reuse needs no string bytes written: only the dynamic entry changes.
  for (const auto& w : p.outcome.plan->writes) EXPECT_EQ(w.what, "dynamic array");
}

TEST(Patch, ShorterRunpathOverwritesTheOldString) {
  Spec s;
  s.runpath = "/a/long/old/runpath";
  const auto p = run(make_elf(s), [] { Request r; r.search_path = SearchPathOp::set_runpath; r.search_path_value = "/short"; return r; }());
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_TRUE(p.outcome.plan->in_place);
  std::unique_ptr<MemorySource> keep;
  EXPECT_EQ(read(p.bytes, keep).runpath, std::vector<std::string>{"/short"});
}

TEST(Patch, SetRpathConvertsRunpath) {
  Spec s;
  s.runpath = "/x";
  const auto p = run(make_elf(s), [] { Request r; r.search_path = SearchPathOp::set_rpath; r.search_path_value = "/x"; return r; }());
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_TRUE(p.outcome.plan->in_place);
  std::unique_ptr<MemorySource> keep;
  const Image img = read(p.bytes, keep);
  EXPECT_EQ(img.rpath, std::vector<std::string>{"/x"});
  EXPECT_TRUE(img.runpath.empty());
}

TEST(Patch, RemoveRpathShiftsTheDynamicArray) {
  Spec s;
  s.rpath = "/r";
  s.runpath = "/rr";
  const auto p = run(make_elf(s), [] { Request r; r.search_path = SearchPathOp::remove; return r; }());
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_TRUE(p.outcome.plan->in_place);
  std::unique_ptr<MemorySource> keep;
  const Image img = read(p.bytes, keep);
  EXPECT_TRUE(img.rpath.empty());
  EXPECT_TRUE(img.runpath.empty());
  EXPECT_EQ(img.library_names(), std::vector<std::string>{"libc.so.6"});
}

TEST(Patch, AddedEntryUsesASpareDtNull) {
  Spec s;
  s.needed = {"libc.so.6", "/opt/lib"};  // a string to reuse, so that only the array changes
  s.spare_nulls = 1;
  const auto p = run(make_elf(s), [] { Request r; r.search_path = SearchPathOp::add; r.search_path_value = "/opt/lib"; return r; }());
  ASSERT_TRUE(p.outcome.plan);
  EXPECT_TRUE(p.outcome.plan->in_place);
  EXPECT_EQ(p.outcome.plan->after.runpath, "/opt/lib");
}

TEST(Patch, AddedEntryWithoutSpareDtNullMovesTheDynamicArray) {
  Spec s;
  s.needed = {"libc.so.6", "/opt/lib"};
  const auto p = run(make_elf(s), [] { Request r; r.search_path = SearchPathOp::add; r.search_path_value = "/opt/lib"; return r; }());
  ASSERT_TRUE(p.outcome.plan);
  ASSERT_TRUE(p.outcome.plan->new_segment);
  const auto& c = p.outcome.plan->new_segment->contents;
  EXPECT_NE(std::find(c.begin(), c.end(), ".dynamic"), c.end());
  // The original dynamic array was in a writable segment (PT_DYNAMIC RW): the moved one is too.
  std::unique_ptr<MemorySource> keep;
  EXPECT_EQ(read(p.bytes, keep).runpath, std::vector<std::string>{"/opt/lib"});
}

TEST(Patch, NewStringMovesTheStringTable32BitBigEndian) {
  Spec s;
  s.bits = 32;
  s.endian = Endian::big;
  s.machine = elf::EM_MIPS;
  s.runpath = "/r";
  Request r;
  r.search_path = SearchPathOp::set_runpath;
  r.search_path_value = "/a/new/and/longer/runpath";
  r.replace_needed = {{"libc.so.6", "libc.so.7"}};
  const auto p = run(make_elf(s), r);
  ASSERT_TRUE(p.outcome.plan);
  ASSERT_TRUE(p.outcome.plan->new_segment);
  std::unique_ptr<MemorySource> keep;
  const Image img = read(p.bytes, keep);
  EXPECT_EQ(img.endian, Endian::big);
  EXPECT_EQ(img.runpath, std::vector<std::string>{"/a/new/and/longer/runpath"});
  EXPECT_EQ(img.library_names(), std::vector<std::string>{"libc.so.7"});
}

TEST(Patch, InterpreterForPicksTheLoaderOfTheFilesAbi) {
  struct Case {
    uint16_t machine;
    int bits;
    uint32_t eflags;
    const char* libc;
    const char* want;
  } cases[] = {
      {elf::EM_X86_64, 64, 0, "glibc", "/lib64/ld-linux-x86-64.so.2"},
      {elf::EM_AARCH64, 64, 0, "musl", "/lib/ld-musl-aarch64.so.1"},
      {elf::EM_ARM, 32, 0x05000400, "glibc", "/lib/ld-linux-armhf.so.3"},
      {elf::EM_ARM, 32, 0x05000200, "glibc", "/lib/ld-linux.so.3"},
      {elf::EM_ARM, 32, 0x05000400, "musl", "/lib/ld-musl-armhf.so.1"},
      {elf::EM_RISCV, 64, 0x4, "glibc", "/lib/ld-linux-riscv64-lp64d.so.1"},
      {elf::EM_RISCV, 64, 0x0, "glibc", "/lib/ld-linux-riscv64-lp64.so.1"},
  };
  for (const Case& c : cases) {
    Spec s;
    s.machine = c.machine;
    s.bits = c.bits;
    s.eflags = c.eflags;
    Request r;
    r.interpreter_for = c.libc;
    const auto p = run(make_elf(s), r);
    ASSERT_TRUE(p.outcome.plan) << c.want;
    EXPECT_EQ(p.outcome.plan->after.interpreter, c.want);
  }
  // ppc64le from the byte order.
  Spec s;
  s.machine = elf::EM_PPC64;
  Request r;
  r.interpreter_for = "glibc";
  EXPECT_EQ(run(make_elf(s), r).outcome.plan->after.interpreter, "/lib64/ld64.so.2");
}

TEST(Patch, Refusals) {
  auto code_of = [](const Bytes& in, const Request& r) {
    MemorySource src(in);
    const auto o = patch::plan_patch(src, r, "f");
    return o.refusal ? std::string(o.refusal->id()) : std::string("none");
  };
  Spec st;
  st.with_interp = false;
  EXPECT_EQ(code_of(make_elf(st), interp("/lib/ld.so")), "CG891");
  Spec nodyn;
  nodyn.with_dynamic = false;
  Request rp;
  rp.search_path = SearchPathOp::set_rpath;
  rp.search_path_value = "/x";
  EXPECT_EQ(code_of(make_elf(nodyn), rp), "CG892");
  Request rn;
  rn.replace_needed = {{"libnot.so", "libx.so"}};
  EXPECT_EQ(code_of(make_elf({}), rn), "CG893");
  EXPECT_EQ(code_of(make_elf({}), interp("")), "CG894");
  EXPECT_EQ(code_of(make_elf({}), interp(std::string("/a\0b", 4))), "CG894");
  Request rf;
  rf.interpreter_for = "glibc";
  Spec sparc;
  sparc.machine = elf::EM_SPARCV9;
  EXPECT_EQ(code_of(make_elf(sparc), rf), "CG894");
  Bytes macho = {0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, 3, 0, 0, 0, 2, 0, 0, 0};
  macho.resize(64);
  EXPECT_EQ(code_of(macho, interp("/x")), "CG890");
  EXPECT_EQ(code_of(Bytes{'M', 'Z', 0, 0}, interp("/x")), "CG890");
  ElfBuilder rel(64, Endian::little, elf::EM_X86_64, elf::ET_REL);
  rel.add_section(".text", kShtProgbits, Bytes(8, 0));
  rel.add_load_segment();
  EXPECT_EQ(code_of(rel.build(), interp("/x")), "CG895");
}

// Damage anywhere: truncated at every length, and bytes flipped at random. The planner either
// refuses, reports the file unreadable, or makes a plan whose result reads back as planned.
TEST(Patch, DamagedInputsNeverCrash) {
  Spec s;
  s.runpath = "/r";
  const Bytes good = make_elf(s);
  Request r;
  r.interpreter = "/a/very/long/new/interpreter/path/ld.so";
  r.search_path = SearchPathOp::set_runpath;
  r.search_path_value = "/another/new/runpath";
  for (size_t n = 0; n < good.size(); n += 7) {
    const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    run(cut, r, false);
  }
  std::mt19937 rng(12);
  for (int i = 0; i < 3000; ++i) {
    Bytes b = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) b[rng() % b.size()] = static_cast<uint8_t>(rng());
    auto p = run(b, r, false);
    if (p.outcome.plan && p.outcome.plan->new_size < (64u << 20)) {
      // What the planner read, its result must read too, and say what was asked.
      MemorySource back(p.bytes);
      const auto img = kElfReader.read(back);
      ASSERT_TRUE(img.ok()) << "case " << i << ": " << img.error().to_string();
      EXPECT_EQ(img->interpreter, r.interpreter) << "case " << i;
    } else {
      EXPECT_TRUE(p.outcome.refusal || p.outcome.unreadable || p.outcome.plan) << "case " << i;
    }
  }
}

}  // namespace
}  // namespace crossgo::testing

namespace crossgo::testing {
namespace {

// patch_file end to end in a temporary directory: the temporary file is renamed over the
// original with its mode, a dry run and a refusal leave everything as it was, -o leaves the input.
class PatchFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/crossgo-patch-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const Bytes& b) {
    const std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    return p;
  }
  static Bytes slurp(const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(f), {});
  }
  size_t entries() const { return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir_), {})); }
  std::string dir_;
};

TEST_F(PatchFile, ReplacesAtomicallyAndKeepsTheMode) {
  const Bytes in = make_elf({});
  const std::string f = write("app", in);
  ASSERT_EQ(::chmod(f.c_str(), 0751), 0);
  const std::string path = "/a/much/longer/path/to/the/program/interpreter/ld.so.1";
  const auto dry = patch::patch_file(f, interp(path), {.output = "", .dry_run = true});
  ASSERT_TRUE(dry.outcome.plan);
  EXPECT_FALSE(dry.written);
  EXPECT_EQ(slurp(f), in);
  const auto r = patch::patch_file(f, interp(path), {});
  ASSERT_TRUE(r.written) << r.io_error.value_or("");
  EXPECT_EQ(r.bytes_written, std::accumulate(r.outcome.plan->writes.begin(), r.outcome.plan->writes.end(), uint64_t{0},
                                             [](uint64_t n, const patch::Write& w) { return n + w.bytes.size(); }));
  struct stat st {};
  ASSERT_EQ(::stat(f.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0751u);
  std::unique_ptr<MemorySource> keep;
  EXPECT_EQ(read(slurp(f), keep).interpreter, path);
  EXPECT_EQ(entries(), 1u);  // no temporary file left
}

TEST_F(PatchFile, RefusalAndOutputLeaveTheInput) {
  Spec st;
  st.with_interp = false;
  const Bytes in = make_elf(st);
  const std::string f = write("static", in);
  const auto r = patch::patch_file(f, interp("/lib/ld.so"), {});
  ASSERT_TRUE(r.outcome.refusal);
  EXPECT_EQ(std::string(r.outcome.refusal->id()), "CG891");
  EXPECT_EQ(slurp(f), in);
  EXPECT_EQ(entries(), 1u);
  const Bytes dyn = make_elf({});
  const std::string g = write("dyn", dyn);
  const auto o = patch::patch_file(g, interp("/lib/ld.so"), {.output = dir_ + "/out", .dry_run = false});
  EXPECT_TRUE(o.written);
  EXPECT_EQ(slurp(g), dyn);
  std::unique_ptr<MemorySource> keep;
  EXPECT_EQ(read(slurp(dir_ + "/out"), keep).interpreter, "/lib/ld.so");
  const auto missing = patch::patch_file(dir_ + "/nope", interp("/x"), {});
  EXPECT_TRUE(missing.outcome.unreadable);
}

}  // namespace
}  // namespace crossgo::testing
