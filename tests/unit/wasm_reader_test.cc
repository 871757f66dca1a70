// The WebAssembly reader against hand-built modules (expected values computed from the layout the
// test writes, core spec §5) and the hostile files of testdata/malformed/wasm-*.bin, whose expected
// error or warning make_wasm.py derived from its own layout (wasm-expected.json).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/format_analyzer.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"
#include "output/details.h"

namespace fs = std::filesystem;
using namespace crossgo;

namespace {

using Bytes = std::vector<uint8_t>;

Bytes uleb(uint64_t v, size_t width = 0) {
  Bytes out;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v != 0 || out.size() + 1 < width) b |= 0x80;
    out.push_back(b);
  } while (v != 0 || out.size() < width);
  return out;
}

Bytes sleb(int64_t v) {
  Bytes out;
  for (;;) {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
      out.push_back(b);
      return out;
    }
    out.push_back(b | 0x80);
  }
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes str(const std::string& s) { return Bytes(s.begin(), s.end()); }
Bytes name(const std::string& s) { return cat({uleb(s.size()), str(s)}); }
Bytes section(uint8_t id, const Bytes& payload, size_t width = 0) { return cat({{id}, uleb(payload.size(), width), payload}); }
Bytes custom(const std::string& n, const Bytes& payload) { return section(0, cat({name(n), payload})); }
Bytes segment(int32_t addr, const Bytes& data) { return cat({uleb(0), {0x41}, sleb(addr), {0x0b}, uleb(data.size()), data}); }
const Bytes kPreamble = {0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00};

Result<Image> read_bytes(const Bytes& b, std::unique_ptr<MemorySource>& holder) {
  holder = std::make_unique<MemorySource>(std::span<const uint8_t>(b));
  return kWasmReader.read(*holder);
}

// A Go-shaped module: build ID custom section first (sizes padded to 5 bytes as Go's linker does),
// two host imports, exports, one data segment with a version string at 0x1000 and a negative offset.
struct GoLike {
  Bytes bytes;
  uint64_t buildid_payload = 0, buildid_size = 0;
  uint64_t seg0_data = 0, seg1_data = 0;
};

GoLike go_like() {
  GoLike g;
  const Bytes bid = str("\xff Go build ID: \"abc/def\"\n \xff");
  const Bytes bid_sec = section(0, cat({name("go:buildid"), bid}), 5);
  g.buildid_payload = kPreamble.size() + 1 + 5 + 11;
  g.buildid_size = bid.size();
  const Bytes imports = section(2, cat({uleb(2), name("gojs"), name("runtime.wasmExit"), {0x00}, uleb(1),
                                        name("gojs"), name("mem"), {0x02, 0x01}, uleb(1), uleb(100)}));
  const Bytes funcs = section(3, cat({uleb(3), uleb(0), uleb(0), uleb(1)}));
  const Bytes exports = section(7, cat({uleb(2), name("run"), {0x00}, uleb(5), name("mem"), {0x02}, uleb(0)}));
  const Bytes seg0 = segment(0x1000, str("go1.23.5"));
  const Bytes seg1 = segment(-16, str("tail"));
  const Bytes data_payload = cat({uleb(2), seg0, seg1});
  const Bytes data = section(11, data_payload);
  const Bytes prod = custom("producers", cat({uleb(1), name("language"), uleb(1), name("Go"), name("go1.23.5")}));
  const Bytes head = cat({kPreamble, bid_sec, imports, funcs, exports});
  const uint64_t data_contents = head.size() + 1 + uleb(data_payload.size()).size();
  g.seg0_data = data_contents + 1 + (seg0.size() - 8);
  g.seg1_data = data_contents + 1 + seg0.size() + (seg1.size() - 4);
  g.bytes = cat({head, data, prod, custom("name", {0x01, 0x00})});
  return g;
}

TEST(WasmReader, MatchesByMagicOnly) {
  const Bytes ok = {0x00, 'a', 's', 'm', 0x07};
  const Bytes bad = {0x00, 'a', 's', 'n'};
  EXPECT_TRUE(kWasmReader.matches(ok));
  EXPECT_FALSE(kWasmReader.matches(bad));
  EXPECT_FALSE(kWasmReader.matches(std::span<const uint8_t>(ok).first(3)));
}

TEST(WasmReader, GoShapedModule) {
  const GoLike g = go_like();
  std::unique_ptr<MemorySource> src;
  auto r = read_bytes(g.bytes, src);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const Image& im = *r;
  EXPECT_EQ(im.format, Format::wasm);
  EXPECT_EQ(im.bits, 32);
  EXPECT_EQ(im.arch, CpuArch::wasm32);
  EXPECT_EQ(im.kind, ObjectKind::executable);
  EXPECT_EQ(im.machine, "wasm 0x1");
  EXPECT_TRUE(im.has_symtab);
  EXPECT_TRUE(im.warnings.empty()) << im.warnings.front();
  std::vector<std::string> names;
  for (const auto& s : im.sections) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"go:buildid", "import", "function", "export", "data", "producers", "name"}));
  // Section offsets are the contents, as wasm-objdump -h prints start=.
  EXPECT_EQ(im.sections[0].offset, kPreamble.size() + 6);
  const WasmDetails& w = *im.wasm;
  ASSERT_EQ(w.imports.size(), 2u);
  EXPECT_EQ(w.imports[0].module, "gojs");
  EXPECT_EQ(w.imports[0].name, "runtime.wasmExit");
  EXPECT_EQ(w.imports[1].kind, 2);
  EXPECT_EQ(w.function_count, 3u);
  EXPECT_EQ(w.exports, (std::vector<std::string>{"run", "mem"}));
  ASSERT_EQ(w.customs.size(), 3u);
  EXPECT_EQ(w.customs[0].payload_offset, g.buildid_payload);
  EXPECT_EQ(w.customs[0].payload_size, g.buildid_size);
  ASSERT_EQ(w.producers.size(), 1u);
  EXPECT_EQ(w.producers[0].version, "go1.23.5");
  EXPECT_EQ(w.data_segment_count, 2u);
  ASSERT_EQ(im.segments.size(), 2u);
  EXPECT_EQ(im.segments[0].vaddr, 0x1000u);
  EXPECT_EQ(im.segments[0].offset, g.seg0_data);
  EXPECT_EQ(im.segments[1].vaddr, 0xfffffff0u);  // i32.const -16 as an unsigned address
  EXPECT_EQ(im.segments[1].offset, g.seg1_data);
  const auto at = im.read_at_address(0x1002, 6);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(std::string(at->begin(), at->end()), "1.23.5");

  const GoLayout layout = go_layout_wasm(im);
  ASSERT_EQ(layout.build_id_text.size(), 1u);
  EXPECT_EQ(layout.build_id_text[0].offset, g.buildid_payload);
  ASSERT_EQ(layout.rodata.size(), 2u);  // every data segment, with its linear-memory address
  EXPECT_EQ(layout.rodata[0].addr, 0x1000u);
  EXPECT_TRUE(layout.rodata[0].zeros_follow);
  EXPECT_TRUE(layout.data.empty());  // the same regions hold the data
  EXPECT_TRUE(layout.pclntab_search.empty());
  EXPECT_EQ(layout.go_markers.size(), 2u);  // go:buildid and producers

  const auto& a = analysis::wasm_analyzer();
  const auto votes = a.os_votes(im);
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].candidates, (std::vector<std::string>{"js"}));
  EXPECT_NE(votes[0].evidence.find("\"gojs\""), std::string::npos);
  EXPECT_FALSE(a.hardening(im, {}).stripped);
  EXPECT_TRUE(a.checks(im, {}, {}, nullptr).empty());

  std::string text;
  output::JsonWriter writer(text);
  output::wasm_details_json(writer, w);
  const auto j = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(j["import_count"], 2);
  EXPECT_EQ(j["imports"][1]["kind_name"], "memory");
  EXPECT_EQ(j["start_function"], nullptr);
  EXPECT_EQ(j["custom_sections"][0], "go:buildid");
}

TEST(WasmReader, StartSectionPassiveSegmentAndRelocatableKind) {
  const Bytes data = section(11, cat({uleb(2), segment(8, str("hi")), uleb(1), uleb(3), str("abc")}));
  const Bytes b = cat({kPreamble, section(1, {0x01, 0x60, 0x00, 0x00}), section(3, {0x01, 0x00}),
                       section(8, uleb(0)), section(12, uleb(2)), section(10, {0x01, 0x02, 0x00, 0x0b}), data,
                       custom("linking", uleb(2))});
  std::unique_ptr<MemorySource> src;
  auto r = read_bytes(b, src);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->kind, ObjectKind::relocatable);
  EXPECT_EQ(r->wasm->start_function, 0u);
  EXPECT_EQ(r->wasm->data_count, 2u);
  EXPECT_EQ(r->wasm->data_segment_count, 2u);
  EXPECT_EQ(r->wasm->active_data_segments, 1u);  // the passive one has no address
  EXPECT_FALSE(r->has_symtab);
  EXPECT_TRUE(r->warnings.empty());
  EXPECT_TRUE(analysis::wasm_analyzer().hardening(*r, {}).stripped);
  EXPECT_TRUE(analysis::wasm_analyzer().os_votes(*r).empty());
}

TEST(WasmReader, SharedLibraryAndWasiCommand) {
  const Bytes b = cat({kPreamble, custom("dylink.0", {}),
                       section(2, cat({uleb(2), name("wasi_snapshot_preview1"), name("fd_write"), {0x00}, uleb(0),
                                       name("gojs"), name("debug"), {0x00}, uleb(0)})),
                       section(7, cat({uleb(1), name("_start"), {0x00}, uleb(7)}))});
  std::unique_ptr<MemorySource> src;
  auto r = read_bytes(b, src);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->kind, ObjectKind::shared_library);
  EXPECT_TRUE(r->position_independent);
  EXPECT_EQ(r->entry, 7u);  // the _start export's function index
  const auto& a = analysis::wasm_analyzer();
  EXPECT_EQ(a.os_votes(*r).size(), 2u);
  EXPECT_EQ(a.linkage(*r).linkage, Linkage::dynamic);
  const auto checks = a.checks(*r, {}, {}, nullptr);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].code, Code::CG850);
  EXPECT_NE(checks[0].message.find("both \"gojs\""), std::string::npos);
}

TEST(WasmReader, LebBoundaries) {
  // 0xffffffff in five bytes is a valid u32: the count cap rejects it, not the LEB128 decoder.
  const Bytes b = cat({kPreamble, section(2, {0xff, 0xff, 0xff, 0xff, 0x0f})});
  std::unique_ptr<MemorySource> src;
  auto r = read_bytes(b, src);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("import count 4294967295 exceeds the cap"), std::string::npos) << r->warnings[0];
  // i32.const with a 5-byte negative encoding whose last byte is not a sign extension.
  const Bytes bad = cat({kPreamble, section(11, {0x01, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x4f, 0x0b, 0x00})});
  auto r2 = read_bytes(bad, src);
  ASSERT_TRUE(r2.ok());
  ASSERT_EQ(r2->warnings.size(), 1u);
  EXPECT_NE(r2->warnings[0].find("overflows 32 bits"), std::string::npos) << r2->warnings[0];
  EXPECT_NE(r2->warnings[0].find("at offset 0x11:"), std::string::npos) << r2->warnings[0];
}

// Through a file, sections larger than the cursor's buffer are streamed: nothing of the data
// section past the source's head block is held, and segments straddling buffer boundaries decode.
TEST(WasmReader, StreamsLargeDataSectionFromFile) {
  Bytes payload = uleb(3000);
  for (int i = 0; i < 3000; ++i) {
    const Bytes s = segment(i * 128, str("seg" + std::to_string(i) + std::string(64, '.')));
    payload.insert(payload.end(), s.begin(), s.end());
  }
  const Bytes b = cat({kPreamble, section(11, payload)});
  char path[] = "/tmp/wasm_reader_testXXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, b.data(), b.size()), static_cast<ssize_t>(b.size()));
  close(fd);
  auto file = FileSource::open(path);
  ASSERT_TRUE(file.ok());
  auto r = kWasmReader.read(**file);
  unlink(path);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->segments.size(), 3000u);
  EXPECT_EQ(r->segments[2999].vaddr, 2999u * 128);
  ASSERT_GT(b.size(), 3 * ByteSource::kHeadBytes);
  EXPECT_LE((*file)->held_bytes(), ByteSource::kHeadBytes);  // the head block only
  const auto text = r->read_at_address(2999u * 128, 7);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(std::string(text->begin(), text->end()), "seg2999");
}

class WasmMalformed : public ::testing::TestWithParam<std::string> {};

nlohmann::json expected_outcomes() {
  std::ifstream in(fs::path(CROSSGO_SOURCE_DIR) / "testdata" / "malformed" / "wasm-expected.json");
  return nlohmann::json::parse(in);
}

std::vector<std::string> malformed_names() {
  std::vector<std::string> out;
  const nlohmann::json all = expected_outcomes();
  for (const auto& [k, v] : all.items()) out.push_back(k);
  return out;
}

TEST_P(WasmMalformed, ReportsExactProblem) {
  const auto outcome = expected_outcomes()[GetParam()];
  auto file = FileSource::open((fs::path(CROSSGO_SOURCE_DIR) / "testdata" / "malformed" / GetParam()).string());
  ASSERT_TRUE(file.ok());
  auto r = kWasmReader.read(**file);
  if (outcome.contains("error")) {
    ASSERT_FALSE(r.ok()) << "read succeeded";
    EXPECT_NE(r.error().message.find(outcome["error"].get<std::string>()), std::string::npos) << r.error().message;
    ASSERT_TRUE(r.error().offset.has_value());
    EXPECT_EQ(*r.error().offset, outcome["offset"].get<uint64_t>()) << r.error().message;
    return;
  }
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->warnings.size(), 1u);
  const std::string& w = r->warnings[0];
  EXPECT_NE(w.find(outcome["warning"].get<std::string>()), std::string::npos) << w;
  if (outcome.contains("warning_offset")) {
    char at[48];
    std::snprintf(at, sizeof at, "at offset 0x%llx:", static_cast<unsigned long long>(outcome["warning_offset"].get<uint64_t>()));
    EXPECT_NE(w.find(at), std::string::npos) << w;
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n;
  for (char c : info.param) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Files, WasmMalformed, ::testing::ValuesIn(malformed_names()), test_name);

}  // namespace
