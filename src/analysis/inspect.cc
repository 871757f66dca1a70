// inspect: path → mapped file → format reader → Image → analyzers → ArtifactReport.
#include <new>
#include <utility>

#include "analysis/analyzers.h"
#include "crossgo/detect.h"
#include "crossgo/elf.h"
#include "crossgo/mapped_file.h"
#include "crossgo/report.h"

namespace crossgo {

namespace {

ArtifactReport inspect_bytes_unguarded(const std::string& path, std::span<const uint8_t> bytes) {
  ArtifactReport r;
  r.path = path;
  const Format format = detect_format(bytes);
  r.format = format == Format::unknown ? "not-binary" : format_name(format);
  if (format != Format::elf) {
    if (format != Format::unknown) r.warnings.push_back(std::string(format_name(format)) + " files are recognised but not analysed yet");
    return r;
  }
  Result<Image> image = read_elf(bytes);
  if (!image) {
    r.error = image.error();
    return r;
  }
  const Image& img = *image;
  r.bits = img.bits;
  r.endian = img.endian == Endian::little ? "little" : "big";
  r.warnings = img.warnings;
  try {
    analysis::analyze_arch(img, r);
    analysis::analyze_linkage(img, r);
    analysis::analyze_go(img, r);
    analysis::analyze_os(img, r);
    analysis::analyze_libc(img, r);
    analysis::analyze_hardening(img, r);
    analysis::analyze_consistency(img, r);
  } catch (const ParseError& e) {
    // Analyzers read only checked views, but a hostile note payload can still be short.
    r.warnings.push_back("analysis stopped: " + e.error().to_string());
  }
  return r;
}

}  // namespace

// One file's failure is that file's error: running out of memory (a limit set by the CI job, a
// hostile size that got past a cap) must not abort the run and lose every other file's report.
ArtifactReport inspect_bytes(const std::string& path, std::span<const uint8_t> bytes) {
  try {
    return inspect_bytes_unguarded(path, bytes);
  } catch (const std::bad_alloc&) {
    ArtifactReport r;
    r.path = path;
    r.format = "unreadable";
    r.error = Error{"out of memory while reading this file", std::nullopt};
    return r;
  }
}

ArtifactReport inspect_path(const std::string& path) {
  Result<MappedFile> file = MappedFile::open(path);
  if (!file) {
    ArtifactReport r;
    r.path = path;
    r.format = "unreadable";
    r.error = file.error();
    return r;
  }
  ArtifactReport r = inspect_bytes(path, file->bytes());
  // Facts read from a file that changed underneath are not facts: report that instead.
  if (auto why = file->changed()) {
    ArtifactReport changed;
    changed.path = path;
    changed.format = r.format;
    changed.error = Error{"the file changed while it was read: " + *why + "; inspect it again once it is complete",
                          std::nullopt};
    return changed;
  }
  return r;
}

}  // namespace crossgo
