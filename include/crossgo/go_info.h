// What crossgo knows about the Go side of an artifact: the build info blob written by the Go
// linker (debug/buildinfo's format), the Go build ID, and a version when build info is gone.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crossgo/error.h"
#include "crossgo/byte_source.h"
#include "crossgo/go_layout.h"
#include "crossgo/image.h"

namespace crossgo {

struct GoModuleVersion {
  std::string path;
  std::string version;
  std::string sum;  // "" when absent
};

struct GoModule : GoModuleVersion {
  std::optional<GoModuleVersion> replace;  // from a "=>" line
};

struct GoBuildInfo {
  std::string go_version;  // runtime.buildVersion, e.g. "go1.19.8"
  std::string path;        // main package path ("path" line)
  std::optional<GoModule> main;
  std::vector<GoModule> deps;
  std::vector<std::pair<std::string, std::string>> settings;  // "build" lines, in file order

  // How the blob was stored.
  int pointer_size = 0;  // 4 or 8
  Endian endian = Endian::little;
  bool inline_strings = false;  // Go >= 1.18 layout (flags bit 1)
  uint64_t offset = 0;          // file offset of the "\xff Go buildinf:" magic

  const std::string* setting(std::string_view key) const {
    for (const auto& [k, v] : settings)
      if (k == key) return &v;
    return nullptr;
  }
};

// Where build info was found and decoded, or why not. `not_go` is true when the file simply has no
// build info (not an error for a C binary); otherwise error says what was malformed and where.
struct BuildInfoResult {
  std::optional<GoBuildInfo> info;
  bool not_go = true;
  std::optional<Error> error;
};

// Build info where the format's GoLayout says it can be (debug/buildinfo's search order).
BuildInfoResult read_go_buildinfo(const Image& image, const GoLayout& layout);

// Lower layers, exposed for tests and fuzzing.
// Searches `region` (file bytes starting at file offset region_offset) for the magic, which must
// sit 16-byte aligned relative to the region start (the linker aligns the blob; debug/buildinfo
// checks alignment the same way), and decodes the blob. `image` resolves pre-1.18 pointers; may be
// null, in which case a pointer-format blob is an error. An error is also returned when there is no
// magic at all; read_go_buildinfo tells that case apart as not_go.
Result<GoBuildInfo> decode_buildinfo_region(std::span<const uint8_t> region, uint64_t region_offset,
                                            const Image* image);
// Parses runtime/debug modinfo text ("path\t…\nmod\t…\ndep\t…\nbuild\tK=V\n") into info, with
// runtime/debug.ParseBuildInfo's rules and messages. Errors carry text_offset + the offset of the
// offending line (pass the text's file offset to get file offsets).
Result<bool> parse_modinfo(std::string_view text, GoBuildInfo& info, uint64_t text_offset = 0);
// strconv.Unquote for "…" and `…` literals (what build lines use); nullopt on a syntax error.
std::optional<std::string> go_unquote(std::string_view quoted);

// The Go build ID: the format's native record (ELF note "Go"/4), else the
// "\xff Go build ID: \"…\"\n \xff" text marker in the layout's build_id_text regions.
std::optional<std::string> read_go_build_id(const Image& image, const GoLayout& layout);

// Where the Go pclntab (runtime symbol table, kept by -s -w) starts, and what its header says.
struct GoPclntab {
  uint64_t offset = 0;   // file offset of the header
  uint64_t size = 0;     // bytes available from offset (section size, or to the end of the region)
  uint32_t magic = 0;    // 0xfffffffb (1.2–1.15), 0xfffffffa (1.16–1.17), 0xfffffff0 (1.18–1.19), 0xfffffff1 (1.20+)
  Endian endian = Endian::little;
  int quantum = 0;       // instruction size quantum: 1 (x86), 2 (s390x), 4 (RISC)
  int pointer_size = 0;  // 4 or 8
  std::string where;     // section name, "symbol runtime.pclntab", or "search in <region>"
  // The function-name and file-name tables (Go 1.16+ headers locate them; for the 1.2 layout,
  // whose strings are spread through the whole table, both are the whole table), as file ranges.
  uint64_t names_offset = 0, names_size = 0;
  uint64_t files_offset = 0, files_size = 0;
};
std::optional<GoPclntab> find_go_pclntab(const Image& image, const GoLayout& layout);
// The Go release range a pclntab magic implies, e.g. ">=go1.18 <go1.20"; "" for an unknown magic.
std::string go_version_range_for_pclntab_magic(uint32_t magic);

// Position of `needle` in `hay` at or after `from`, or npos (memmem: two-way, vectorised in glibc).
size_t find_bytes(std::string_view hay, std::string_view needle, size_t from = 0);

// Calls visit(string, file_offset) for each NUL-terminated string of [offset, offset + size) that
// contains `needle`, streaming the range through a window (nothing is held), each string once;
// visit returns true to stop. Strings longer than limits::kMaxStringBytes are skipped.
void for_each_string_containing(ByteSource& source, uint64_t offset, uint64_t size, std::string_view needle,
                                const std::function<bool(std::string_view, uint64_t)>& visit);

// Source files in the pclntab's file table whose path contains `needle` as a directory-bounded
// prefix of the base name, e.g. needle "runtime/os_" yields "os_linux.go", "os_linux_generic.go" …
// (at most `max` distinct names).
std::vector<std::string> go_pclntab_files_matching(const Image& image, const GoPclntab& pclntab,
                                                   std::string_view needle, size_t max);

// A Go version found without build info, and how: "runtime.buildVersion" (the variable's string
// header found in the data, pointing at the version text), "rodata" (the text alone, standing
// between non-printable bytes), or "pclntab" (the range the table's magic implies).
struct GoVersionGuess {
  std::string version;  // "go1.19.8", or a range like ">=go1.18 <go1.20" for pclntab
  std::string source;
};
std::optional<GoVersionGuess> guess_go_version(const Image& image, const GoLayout& layout,
                                               const std::optional<GoPclntab>& pclntab);

// Whether runtime/cgo was linked in, decided from the binary itself (CGO_ENABLED=1 in the build
// settings only says cgo was *allowed*). linked is nullopt when neither a pclntab nor a symbol
// table is there to look at. evidence says what was (or was not) found, for the report.
struct GoCgoEvidence {
  std::optional<bool> linked;
  std::vector<std::string> evidence;
  // Packages whose Go code calls C: cgo names its wrappers pkg._Cfunc_x / pkg._C2func_x, and
  // those names stay in the pclntab after stripping. This is how a binary says which dependency
  // pulled cgo in ("main" is the main package). runtime/cgo itself is not listed.
  std::vector<std::string> packages;
};
GoCgoEvidence detect_go_cgo(const Image& image, const std::optional<GoPclntab>& pclntab);

}  // namespace crossgo
