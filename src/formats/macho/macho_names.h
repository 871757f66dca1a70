// Names for Mach-O numbers, shared by the reader, the fat splitter, the analyzer and the details
// renderer: the spellings of <mach-o/loader.h> / <mach/machine.h> ("CPU_TYPE_ARM64",
// "MH_EXECUTE", "MH_PIE") and the architecture names lipo and `file` print ("x86_64", "arm64e").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crossgo::macho {

// The architecture name as lipo -info / NXGetArchInfoFromCpuType spell it ("x86_64", "x86_64h",
// "i386", "arm64", "arm64e", "arm64_32", "armv7", "armv7s", "ppc", "ppc64" …); for a pair no
// tool names, "cputype N subtype M".
std::string arch_name(uint32_t cputype, uint32_t cpusubtype);
// "CPU_TYPE_ARM64", or nullptr for a number <mach/machine.h> does not define.
const char* cputype_name(uint32_t cputype);
// "CPU_SUBTYPE_ARM64E" (capability bits masked off), or nullptr.
const char* cpusubtype_name(uint32_t cputype, uint32_t cpusubtype);
// "CPU_TYPE_ARM64 (subtype CPU_SUBTYPE_ARM64E)", "cputype 0x1234 (subtype 5)".
std::string machine_string(uint32_t cputype, uint32_t cpusubtype);
// "MH_EXECUTE" …, or nullptr.
const char* filetype_name(uint32_t filetype);
// The MH_* names of the bits set in mach_header.flags, in bit order; unknown bits as "0x…".
std::vector<std::string> header_flag_names(uint32_t flags);
// LC_BUILD_VERSION platform as llvm-readobj prints it ("macos", "ios", "iossimulator",
// "macCatalyst" …), or nullptr.
const char* platform_name(uint32_t platform);
// A version packed as xxxx.yy.zz nibbles (X << 16 | Y << 8 | Z): "11.0", "10.15.4" (the patch
// only when non-zero, as ld64 and llvm-readobj print it).
std::string version_string(uint32_t packed);

}  // namespace crossgo::macho
