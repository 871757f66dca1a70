// Every count or size read from a file is checked against one of these before it drives a loop
// or an allocation. They are far above anything a real toolchain emits and far below what would
// let a hostile file exhaust memory or time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace crossgo::limits {

// Bytes one file's readers may hold at once (ByteSource::read): headers, tables, string tables.
// Far above what a real binary needs (a 100 MB Go binary: under 4 MiB), and what keeps the whole
// run under its memory budget with one file per worker thread.
inline constexpr uint64_t kMaxHeldBytes = 24 << 20;
inline constexpr uint64_t kMaxSections = 65535 * 4;     // ELF extended numbering allows more; no linker does
inline constexpr uint64_t kMaxSegments = 65535;
// All section names together: 262140 headers can each name the same 4 KiB string, which would
// otherwise turn a 17 MiB file into 1 GiB of strings. Large -ffunction-sections objects need ~10 MiB.
inline constexpr uint64_t kMaxSectionNameBytes = 64 << 20;
inline constexpr uint64_t kMaxDynamicEntries = 1 << 20;
inline constexpr uint64_t kMaxSymbols = 1 << 24;          // symbols scanned for cgo markers
inline constexpr uint64_t kMaxNotes = 4096;
inline constexpr uint64_t kMaxBuildIdBytes = 64;                 // GNU build-id note payload shown
// verneed / vernaux records walked; each kept one holds two strings of up to kMaxStringBytes, so
// this also bounds memory (glibc binaries need a few dozen).
inline constexpr uint64_t kMaxVersionEntries = 1 << 12;
inline constexpr uint64_t kMaxNeeded = 4096;              // DT_NEEDED entries kept
inline constexpr uint64_t kMaxSearchPaths = 4096;         // DT_RPATH / DT_RUNPATH directories kept (each)
inline constexpr uint64_t kMaxWarnings = 64;              // warnings one reader records; then one "suppressed" line
inline constexpr size_t kMaxStringBytes = 4096;           // one name, path or version string
inline constexpr uint64_t kMaxBuildInfoBytes = 16 << 20;  // Go modinfo text
inline constexpr uint64_t kMaxBuildInfoScan = 64 << 20;   // bytes of a data section searched for the magic
inline constexpr uint64_t kMaxPclntabScan = 256 << 20;    // bytes searched for a Go pclntab header without a named section
inline constexpr uint64_t kMaxLibcEvidenceScan = 16 << 20;  // bytes searched for libc markers in a static binary
inline constexpr uint64_t kMaxGoVersionScan = 64 << 20;   // read-only bytes searched for runtime.buildVersion
inline constexpr uint64_t kGoBuildIdScan = 32 << 10;      // leading bytes searched for the Go build ID text (cmd/internal/buildid readSize)
inline constexpr uint64_t kMaxDeps = 1 << 16;
inline constexpr size_t kMaxCgoPackages = 1024;            // packages listed as calling C
inline constexpr uint64_t kMaxAttributeBytes = 1 << 20;   // .ARM.attributes / .riscv.attributes
inline constexpr uint64_t kMaxWalkEntries = 1 << 20;      // files visited when walking a directory
// Environment checks (doctor/explain): files Go reads and answers from subprocesses.
inline constexpr size_t kMaxEnvFileBytes = 1 << 20;       // $GOROOT/go.env, z*.go
inline constexpr uint64_t kMaxEnvFileScan = 64 << 20;     // go env -w file: bytes read, line by line
inline constexpr size_t kMaxEnvLineBytes = 64 << 10;      // one KEY=VALUE line kept (longer: value cut)
inline constexpr size_t kMaxGoModBytes = 4 << 20;         // go.mod / go.work
inline constexpr size_t kMaxProcessOutput = 8 << 20;      // stdout/stderr kept from go / a C compiler
inline constexpr int kMaxPathDepth = 256;
// A root filesystem's loader configuration (src/rootfs/).
inline constexpr uint64_t kMaxLdCacheEntries = 1 << 20;   // ld.so.cache entries (a full desktop has a few thousand)
inline constexpr uint64_t kMaxLdCacheStringBytes = 64 << 20;  // their names and paths together
inline constexpr int kMaxConfigIncludeDepth = 16;         // ld.so.conf `include` nesting
inline constexpr size_t kMaxConfigFiles = 1024;           // configuration files read for one ld.so.conf
inline constexpr uint64_t kMaxConfigBytes = 16 << 20;     // their bytes together
inline constexpr size_t kMaxGlobEntries = 1 << 16;        // directory entries one include pattern looks at
// doctor's scan of the main module for C++ files and `#cgo pkg-config:` directives.
inline constexpr size_t kMaxModuleScanEntries = 20000;    // directory entries visited
inline constexpr size_t kMaxModuleScanDepth = 32;         // directory nesting followed
inline constexpr size_t kMaxModuleScanGoBytes = 256 << 10;  // bytes read of one .go file
inline constexpr size_t kMaxPkgConfigPackages = 64;       // names kept from #cgo pkg-config:
// Go source files as go/build sees them (src/gosrc/): a whole file scanned (the largest in
// $GOROOT/src are generated tables of about 1 MiB), and the bytes first read for a header
// (package clause, imports, build constraints) before reading on.
inline constexpr size_t kMaxGoSourceBytes = 8 << 20;
inline constexpr size_t kGoHeaderReadBytes = 4 << 10;  // most headers end within it (measured: bench/cgo.sh)
// crossgo cgo: the `go list -deps -json` stream (a module the size of Kubernetes lists a few
// thousand packages in tens of MiB).
inline constexpr size_t kMaxGoListBytes = size_t{1} << 30;
inline constexpr size_t kMaxGoListPackages = 1 << 17;
inline constexpr size_t kMaxGoListListEntries = 1 << 16;  // files, imports … of one package
inline constexpr size_t kMaxGoListStringBytes = 1 << 20;  // one string (an error may be long)

}  // namespace crossgo::limits
