// Typed facts the analyzers decide, each with the evidence it rests on. Analyzers pass these to
// each other (explicit inputs, never the rendered report's strings); the ArtifactReport that
// renderers print is a view built from them at the end (analysis/report_view.cc).
// std::nullopt means "unknown": nothing here is ever guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/go_info.h"

namespace crossgo {

enum class Linkage { unknown, static_exe, static_pie, dynamic };
const char* linkage_name(Linkage l);  // "static", "static-pie", "dynamic"

enum class LibcFlavour {
  unknown, none, glibc, musl, bionic, uclibc, freebsd, dragonfly, netbsd, openbsd, solaris,
  aix,        // AIX libc.a
  libsystem,  // macOS / iOS libSystem.B.dylib
  msvcrt,     // Windows msvcrt.dll
  ucrt,       // Windows Universal CRT (ucrtbase.dll, api-ms-win-crt-*)
};
const char* libc_flavour_name(LibcFlavour f);

struct TargetFacts {
  std::optional<std::string> goarch;
  std::map<std::string, std::string> arch_flags;  // arm_eabi, float_abi, mips_abi, goarm …
};

struct OsVote {
  std::vector<std::string> candidates;  // one: decides; several: narrows
  std::string evidence;
};

struct OsFacts {
  std::optional<std::string> goos;
  std::vector<std::string> candidates;  // when the evidence narrows but cannot decide
  std::vector<std::string> evidence;
  std::string unknown_because;          // when goos is unknown: what was looked at
};

struct LinkageFacts {
  Linkage linkage = Linkage::unknown;
  bool pie = false;  // a position-independent executable (not a shared library)
  std::string evidence;
};

struct LibcFacts {
  LibcFlavour flavour = LibcFlavour::unknown;
  std::vector<std::string> evidence;
};

// A minimum the target must meet: a library symbol version, an OS version, an SDK.
struct Floor {
  std::string name;     // glibc, glibcxx, cxxabi, macos, ios, ios-simulator, macos-sdk, windows, windows-subsystem …
  std::string version;  // "2.34", "11.0", "6.1"
  std::string evidence; // the symbol that needs it, or the load command / header field
};

// Per-format hardening facts; a field a format has no notion of stays nullopt.
struct HardeningFacts {
  std::optional<bool> pie;
  std::optional<std::string> relro;        // none | partial | full (ELF)
  std::optional<bool> nx_stack;            // ELF PT_GNU_STACK
  std::optional<bool> nx;                  // PE NX_COMPAT, Mach-O MH_NO_HEAP_EXECUTION/… 
  std::optional<bool> aslr;                // PE DYNAMIC_BASE
  std::optional<bool> high_entropy_va;     // PE HIGH_ENTROPY_VA
  std::optional<bool> cfg;                 // PE GUARD_CF
  std::optional<bool> code_signature;      // Mach-O LC_CODE_SIGNATURE, PE certificate table
  bool stripped = false;
  bool dwarf = false;
  std::optional<std::string> gnu_build_id;  // hex
};

struct CgoFacts {
  std::optional<bool> linked;  // runtime/cgo present in the binary; nullopt when it cannot be told
  std::vector<std::string> evidence;
  std::vector<std::string> packages;  // packages whose code calls C ("main" = the main package)
};

struct GoFacts {
  std::optional<std::string> version;
  std::string version_source;  // buildinfo | runtime.buildVersion | rodata | pclntab | …
  std::optional<GoBuildInfo> buildinfo;
  std::optional<std::string> buildinfo_error;  // build info present but malformed
  std::optional<std::string> build_id;
  std::vector<std::string> evidence;  // why this is a Go binary (build info, pclntab, markers …)
  CgoFacts cgo;
  std::optional<GoPclntab> pclntab;  // located once, reused by the OS and consistency analyzers
};

}  // namespace crossgo
