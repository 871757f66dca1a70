// ArtifactReport: what `inspect` shows about one file (or one member of a container), the view
// built from the analyzers' typed facts (include/crossgo/facts.h) at the end of an inspection.
// std::nullopt means "unknown" and renders as JSON null: nothing here is ever guessed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/facts.h"
#include "crossgo/finding.h"
#include "crossgo/image_details.h"

namespace crossgo {

struct VersionFloor {
  std::string version;  // "2.34" (without the GLIBC_ prefix)
  std::string symbol;   // the symbol that requires it
};

struct LibcReport {
  std::string flavour;  // libc_flavour_name()
  std::vector<std::string> evidence;
};

struct HardeningReport : HardeningFacts {};

struct GoReport {
  std::optional<std::string> version;
  std::string version_source;
  std::optional<GoBuildInfo> buildinfo;
  std::optional<std::string> build_id;
  std::vector<std::string> evidence;
  CgoFacts cgo;
  std::optional<std::string> buildinfo_error;
};

// Where a member came from, when the file is a container (fat Mach-O, ar archive).
struct ContainerRef {
  std::string path;    // the container file
  std::string format;  // "macho-fat", "archive"
  std::string member;  // "arm64", "go.o"
  uint64_t offset = 0; // the member's offset in the container
};

// ELF facts shown as they are (the other formats' details are their image_details structs).
struct ElfReportDetails {
  uint16_t type = 0;
  uint16_t machine = 0;
  uint32_t flags = 0;
  uint8_t osabi = 0;
  uint8_t abi_version = 0;
  std::vector<std::string> version_definitions;  // ElfDetails::version_definitions
};

struct ArtifactReport {
  std::string path;  // for a member: "container(member)"
  std::optional<ContainerRef> container;
  std::string format;  // format_name(), "not-binary" for an unrecognised file, "unreadable"
  std::optional<Error> error;  // set when the file could not be read or parsed

  std::optional<int> bits;
  std::optional<std::string> endian;
  std::optional<std::string> kind;  // executable | pie-executable | shared-library | relocatable | core | bundle
  std::string machine;              // as the format names it
  std::optional<std::string> goarch;
  std::map<std::string, std::string> arch_flags;

  std::optional<std::string> goos;
  std::vector<std::string> goos_candidates;
  std::vector<std::string> os_evidence;
  std::string goos_unknown_because;

  std::optional<std::string> linkage;
  std::optional<std::string> interpreter;
  std::vector<std::string> needed, rpath, runpath;
  std::optional<std::string> soname;
  std::vector<std::string> dt_flags;  // decoded DT_FLAGS / DT_FLAGS_1 names (ELF)
  LibcReport libc;
  std::optional<VersionFloor> min_glibc, min_glibcxx, min_cxxabi;
  std::vector<Floor> floors;

  std::optional<HardeningReport> hardening;
  std::optional<GoReport> go;

  std::optional<ElfReportDetails> elf;
  std::optional<MachODetails> macho;
  std::optional<PeDetails> pe;
  std::optional<XcoffDetails> xcoff;
  std::optional<Plan9Details> plan9;
  std::optional<WasmDetails> wasm;
  // For a container itself: its members, in order.
  std::vector<std::string> members;

  // Every cross-check and damage report as a coded finding (CG8xx, finding_registry.h), located
  // at this artifact (location.file, and location.member for a container member).
  std::vector<Finding> findings;
  // The findings' messages as inspect has always shown them: warnings and errors here, in order…
  std::vector<std::string> warnings;
  // …and infos here: facts worth knowing that do not make the binary wrong for its usual targets.
  std::vector<std::string> notes;
};

// Reads and analyses one file: one report, or for a container one for the container followed by
// one per member. Never throws; problems land in report.error / findings (and warnings).
// Receives reports as they are made: a container's first, then each member's, in order.
using ReportSink = std::function<void(ArtifactReport&&)>;

std::vector<ArtifactReport> inspect_path(const std::string& path);
// inspect_path without holding the reports: each goes to `out` as soon as it is made, so an
// archive of thousands of members costs one report's memory at a time. When the result is set,
// it replaces everything `out` received (the file changed while it was read, or memory ran out),
// and the caller discards those.
std::optional<ArtifactReport> inspect_path_each(const std::string& path, const ReportSink& out);
// The same for bytes already in memory (tests, fuzzing). `path` is only used in messages.
std::vector<ArtifactReport> inspect_bytes(const std::string& path, std::span<const uint8_t> bytes);

}  // namespace crossgo
