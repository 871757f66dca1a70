// ArtifactReport: the facts `inspect` shows about one file, each with the evidence it rests on.
// std::nullopt means "unknown" and renders as JSON null: nothing here is ever guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/go_info.h"

namespace crossgo {

struct VersionFloor {
  std::string version;  // "2.34" (without the GLIBC_ prefix)
  std::string symbol;   // the symbol that requires it
};

struct LibcReport {
  std::string flavour;  // glibc, musl, bionic, uclibc, freebsd, netbsd, openbsd, solaris, none, unknown
  std::vector<std::string> evidence;
};

struct HardeningReport {
  bool pie = false;
  std::string relro = "none";  // none | partial | full
  std::optional<bool> nx_stack;  // null when the format or file says nothing (no PT_GNU_STACK)
  bool stripped = false;
  bool dwarf = false;
  std::optional<std::string> gnu_build_id;  // hex
};

struct CgoReport {
  std::optional<bool> linked;  // runtime/cgo present in the binary; null when it cannot be told
  std::vector<std::string> evidence;
  std::vector<std::string> packages;  // packages whose code calls C ("main" = the main package)
};

struct GoReport {
  std::optional<std::string> version;
  std::string version_source;  // buildinfo | rodata | pclntab
  std::optional<GoBuildInfo> buildinfo;
  std::optional<std::string> build_id;
  CgoReport cgo;
  std::optional<std::string> buildinfo_error;  // build info present but malformed
  // Where the pclntab is, located once by analyze_go and reused by the OS and consistency
  // analyzers (without section headers, finding it means scanning the loaded segments). Not rendered.
  std::optional<GoPclntab> pclntab;
};

struct ArtifactReport {
  std::string path;
  std::string format;  // "elf", or "not-binary" for a file crossgo does not recognise
  std::optional<Error> error;  // set when the file could not be read or parsed

  std::optional<int> bits;
  std::optional<std::string> endian;
  std::optional<std::string> kind;  // executable | pie-executable | shared-library | relocatable | core
  std::string machine;              // e.g. "EM_AARCH64 (183)"
  std::optional<std::string> goarch;
  std::map<std::string, std::string> arch_flags;  // arm_eabi, float_abi, mips_abi, ppc64_abi …

  std::optional<std::string> goos;
  std::vector<std::string> goos_candidates;  // when evidence narrows but cannot decide
  std::vector<std::string> os_evidence;

  std::optional<std::string> linkage;  // static | static-pie | dynamic
  std::optional<std::string> interpreter;
  std::vector<std::string> needed, rpath, runpath;
  std::optional<std::string> soname;
  std::vector<std::string> dt_flags;  // decoded DT_FLAGS / DT_FLAGS_1 names
  LibcReport libc;
  std::optional<VersionFloor> min_glibc, min_glibcxx, min_cxxabi;

  HardeningReport hardening;
  std::optional<GoReport> go;
  std::vector<std::string> warnings;
};

// Reads and analyses one file. Never throws; problems land in report.error / warnings.
ArtifactReport inspect_path(const std::string& path);
// The same for bytes already in memory (tests, fuzzing). `path` is only used in messages.
ArtifactReport inspect_bytes(const std::string& path, std::span<const uint8_t> bytes);

}  // namespace crossgo
