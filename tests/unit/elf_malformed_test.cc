// Hostile ELF files (testdata/malformed, written by make_malformed.py) must produce exactly the
// outcome expected.json names: an Error with the right message at the right file offset, or a
// successful read with the right warning. Both the ELF reader (kElfReader over a MemorySource) and
// the whole inspect pipeline are run.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "crossgo/format_registry.h"
#include "crossgo/report.h"
#include "read_helpers.h"

namespace {

namespace fs = std::filesystem;

const fs::path kDir = fs::path(CROSSGO_SOURCE_DIR) / "testdata" / "malformed";

std::vector<uint8_t> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json expectations() {
  std::ifstream in(kDir / "expected.json");
  return nlohmann::json::parse(in);
}

bool any_contains(const std::vector<std::string>& warnings, const std::string& needle) {
  for (const auto& w : warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& warnings) {
  std::string out;
  for (const auto& w : warnings) out += "\n  " + w;
  return out;
}

TEST(ElfMalformed, EveryFileIsListedAndEveryListedFileExists) {
  const nlohmann::json expected = expectations();
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    const std::string name = entry.path().filename().string();
    // The other formats' malformed inputs (macho-*.bin, pe-*.bin …) have their own generators
    // and expectations; this folder's ELF files are the *.elf ones.
    if (entry.path().extension() != ".elf") continue;
    on_disk.insert(name);
    EXPECT_TRUE(expected.contains(name)) << name << " is not listed in expected.json";
  }
  for (const auto& [name, outcome] : expected.items()) {
    EXPECT_TRUE(on_disk.count(name)) << name << " is listed but missing";
    EXPECT_NE(outcome.contains("error"), outcome.contains("warning")) << name;
    if (outcome.contains("error")) {
      EXPECT_TRUE(outcome.contains("offset")) << name;
    }
  }
  EXPECT_GE(expected.size(), 40u);
}

TEST(ElfMalformed, FilesAreTiny) {
  for (const auto& entry : fs::directory_iterator(kDir)) {
    if (entry.path().extension() == ".elf") {
      EXPECT_LT(fs::file_size(entry.path()), 4096u) << entry.path();
    }
  }
}

TEST(ElfMalformed, ReadElfAndInspectReportWhatIsExpected) {
  const nlohmann::json expected = expectations();
  for (const auto& [name, outcome] : expected.items()) {
    SCOPED_TRACE(name);
    const std::vector<uint8_t> bytes = slurp(kDir / name);
    const auto image = crossgo::testing::read_elf(bytes);
    const crossgo::ArtifactReport report = crossgo::testing::inspect_one(name, bytes);
    const bool elf_magic = bytes.size() >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' &&
                           bytes[3] == 'F';

    if (outcome.contains("error")) {
      const std::string message = outcome["error"];
      const uint64_t offset = outcome["offset"];
      ASSERT_FALSE(image.ok()) << "read succeeded; warnings:" << joined(image->warnings);
      EXPECT_NE(image.error().message.find(message), std::string::npos)
          << "message: " << image.error().message << "\nexpected: " << message;
      ASSERT_TRUE(image.error().offset.has_value());
      EXPECT_EQ(*image.error().offset, offset) << image.error().to_string();
      if (elf_magic) {
        // inspect reports the reader's error unchanged.
        EXPECT_EQ(report.format, "elf");
        ASSERT_TRUE(report.error.has_value());
        EXPECT_EQ(report.error->message, image.error().message);
        EXPECT_EQ(report.error->offset, image.error().offset);
      } else {
        // Without the ELF magic, inspect does not hand the file to the ELF reader at all.
        EXPECT_EQ(report.format, "not-binary");
        EXPECT_FALSE(report.error.has_value());
      }
    } else {
      const std::string warning = outcome["warning"];
      ASSERT_TRUE(image.ok()) << image.error().to_string();
      EXPECT_TRUE(any_contains(image->warnings, warning))
          << "expected a warning containing: " << warning << "\ngot:" << joined(image->warnings);
      EXPECT_FALSE(report.error.has_value()) << report.error->to_string();
      EXPECT_TRUE(any_contains(report.warnings, warning)) << joined(report.warnings);
    }
  }
}

// The committed files are what the committed script writes: nobody edited one by hand.
TEST(ElfMalformed, GeneratorReproducesTheCommittedFiles) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 not installed";
  const fs::path out = fs::temp_directory_path() / ("crossgo-malformed-" + std::to_string(::getpid()));
  fs::create_directories(out);
  const std::string cmd = "/usr/bin/python3 '" + (kDir / "make_malformed.py").string() + "' '" +
                          out.string() + "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(slurp(entry.path()), slurp(kDir / entry.path().filename()));
    ++compared;
  }
  fs::remove_all(out);
  EXPECT_EQ(compared, expectations().size() + 1);  // + expected.json
}

}  // namespace
