// Test helpers for the ByteSource-based readers: an Image's views (sections, note descriptors,
// Image::source, the symbol walk) point into the source it was read from, so the helpers own the
// bytes, the MemorySource over them and the Image together, on the heap, so that moving a helper
// never invalidates what the Image points at.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/image.h"
#include "crossgo/report.h"

namespace crossgo::testing {

// A reader's result on bytes it was given, with the bytes and their source kept alive.
class ReadImage {
 public:
  ReadImage(const FormatReader& reader, std::vector<uint8_t> bytes)
      : bytes_(std::make_unique<std::vector<uint8_t>>(std::move(bytes))),
        source_(std::make_unique<MemorySource>(*bytes_)),
        result_(reader.read(*source_)) {}

  bool ok() const { return result_.ok(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return result_.error(); }
  const Image& operator*() const { return result_.value(); }
  const Image* operator->() const { return &result_.value(); }
  const std::vector<uint8_t>& bytes() const { return *bytes_; }
  MemorySource& source() { return *source_; }

 private:
  std::unique_ptr<std::vector<uint8_t>> bytes_;
  std::unique_ptr<MemorySource> source_;
  Result<Image> result_;
};

inline ReadImage read_elf(std::vector<uint8_t> bytes) { return ReadImage(kElfReader, std::move(bytes)); }

// A hand-made Image over bytes the caller supplies: `image.source` is set to a MemorySource over
// them. Fill in the Image's fields after construction; do not change `bytes` afterwards.
struct SourcedImage {
  explicit SourcedImage(std::vector<uint8_t> b = {})
      : bytes(std::make_unique<std::vector<uint8_t>>(std::move(b))),
        source(std::make_unique<MemorySource>(*bytes)) {
    image.source = source.get();
  }
  std::unique_ptr<std::vector<uint8_t>> bytes;
  std::unique_ptr<MemorySource> source;
  Image image;
};

// inspect_bytes for a file that is not a container: exactly one report.
inline ArtifactReport inspect_one(const std::string& path, std::span<const uint8_t> bytes) {
  std::vector<ArtifactReport> reports = inspect_bytes(path, bytes);
  EXPECT_EQ(reports.size(), 1u) << path;
  if (reports.empty()) return ArtifactReport{};
  return std::move(reports.front());
}

}  // namespace crossgo::testing
