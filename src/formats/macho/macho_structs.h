// Mach-O on-disk structures and constants, from Apple's <mach-o/loader.h>, <mach-o/fat.h>,
// <mach-o/nlist.h> and <mach/machine.h> (cctools / xnu EXTERNAL_HEADERS; the same values are in
// LLVM's llvm/BinaryFormat/MachO.h and Go's src/debug/macho/macho.go). Thin files are in the
// byte order their magic says; fat headers are always big-endian.
#pragma once

#include <cstdint>

#include "crossgo/layout.h"

namespace crossgo::macho {

// ---------------------------------------------------------------- headers
inline constexpr uint32_t MH_MAGIC = 0xfeedface;
inline constexpr uint32_t MH_CIGAM = 0xcefaedfe;
inline constexpr uint32_t MH_MAGIC_64 = 0xfeedfacf;
inline constexpr uint32_t MH_CIGAM_64 = 0xcffaedfe;
inline constexpr uint32_t FAT_MAGIC = 0xcafebabe;
inline constexpr uint32_t FAT_MAGIC_64 = 0xcafebabf;

struct MachHeader {  // struct mach_header
  F32 magic, cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags;
};
static_assert(sizeof(MachHeader) == 28);

struct MachHeader64 {  // struct mach_header_64
  F32 magic, cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags, reserved;
};
static_assert(sizeof(MachHeader64) == 32);

struct FatHeader {  // struct fat_header (big-endian)
  F32 magic, nfat_arch;
};
static_assert(sizeof(FatHeader) == 8);

struct FatArch {  // struct fat_arch
  F32 cputype, cpusubtype, offset, size, align;
};
static_assert(sizeof(FatArch) == 20);

struct FatArch64 {  // struct fat_arch_64
  F32 cputype, cpusubtype;
  F64 offset, size;
  F32 align, reserved;
};
static_assert(sizeof(FatArch64) == 32);

// ---------------------------------------------------------------- cpu types (<mach/machine.h>)
inline constexpr uint32_t CPU_ARCH_ABI64 = 0x01000000;
inline constexpr uint32_t CPU_ARCH_ABI64_32 = 0x02000000;  // arm64_32 (watchOS): ILP32 on arm64
inline constexpr uint32_t CPU_TYPE_X86 = 7;
inline constexpr uint32_t CPU_TYPE_X86_64 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
inline constexpr uint32_t CPU_TYPE_ARM = 12;
inline constexpr uint32_t CPU_TYPE_ARM64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
inline constexpr uint32_t CPU_TYPE_ARM64_32 = CPU_TYPE_ARM | CPU_ARCH_ABI64_32;
inline constexpr uint32_t CPU_TYPE_POWERPC = 18;
inline constexpr uint32_t CPU_TYPE_POWERPC64 = CPU_TYPE_POWERPC | CPU_ARCH_ABI64;
inline constexpr uint32_t CPU_TYPE_MC680x0 = 6;
inline constexpr uint32_t CPU_TYPE_SPARC = 14;

inline constexpr uint32_t CPU_SUBTYPE_MASK = 0xff000000;  // capability bits, not the subtype
inline constexpr uint32_t CPU_SUBTYPE_ARM64_ALL = 0;
inline constexpr uint32_t CPU_SUBTYPE_ARM64_V8 = 1;
inline constexpr uint32_t CPU_SUBTYPE_ARM64E = 2;
// arm64e: bit 31 says the pointer-authentication ABI is versioned, bits 24..27 hold the version.
inline constexpr uint32_t CPU_SUBTYPE_PTRAUTH_ABI = 0x80000000;
inline constexpr uint32_t CPU_SUBTYPE_X86_64_ALL = 3;
inline constexpr uint32_t CPU_SUBTYPE_X86_64_H = 8;  // Haswell and later

// ---------------------------------------------------------------- file types and flags
inline constexpr uint32_t MH_OBJECT = 0x1;
inline constexpr uint32_t MH_EXECUTE = 0x2;
inline constexpr uint32_t MH_FVMLIB = 0x3;
inline constexpr uint32_t MH_CORE = 0x4;
inline constexpr uint32_t MH_PRELOAD = 0x5;
inline constexpr uint32_t MH_DYLIB = 0x6;
inline constexpr uint32_t MH_DYLINKER = 0x7;
inline constexpr uint32_t MH_BUNDLE = 0x8;
inline constexpr uint32_t MH_DYLIB_STUB = 0x9;
inline constexpr uint32_t MH_DSYM = 0xa;
inline constexpr uint32_t MH_KEXT_BUNDLE = 0xb;
inline constexpr uint32_t MH_FILESET = 0xc;

inline constexpr uint32_t MH_DYLDLINK = 0x4;
inline constexpr uint32_t MH_PIE = 0x200000;
inline constexpr uint32_t MH_ALLOW_STACK_EXECUTION = 0x20000;
inline constexpr uint32_t MH_NO_HEAP_EXECUTION = 0x1000000;

// ---------------------------------------------------------------- load commands
inline constexpr uint32_t LC_REQ_DYLD = 0x80000000;
inline constexpr uint32_t LC_SEGMENT = 0x1;
inline constexpr uint32_t LC_SYMTAB = 0x2;
inline constexpr uint32_t LC_THREAD = 0x4;
inline constexpr uint32_t LC_UNIXTHREAD = 0x5;
inline constexpr uint32_t LC_DYSYMTAB = 0xb;
inline constexpr uint32_t LC_LOAD_DYLIB = 0xc;
inline constexpr uint32_t LC_ID_DYLIB = 0xd;
inline constexpr uint32_t LC_LOAD_DYLINKER = 0xe;
inline constexpr uint32_t LC_ID_DYLINKER = 0xf;
inline constexpr uint32_t LC_LOAD_WEAK_DYLIB = 0x18 | LC_REQ_DYLD;
inline constexpr uint32_t LC_SEGMENT_64 = 0x19;
inline constexpr uint32_t LC_UUID = 0x1b;
inline constexpr uint32_t LC_RPATH = 0x1c | LC_REQ_DYLD;
inline constexpr uint32_t LC_CODE_SIGNATURE = 0x1d;
inline constexpr uint32_t LC_REEXPORT_DYLIB = 0x1f | LC_REQ_DYLD;
inline constexpr uint32_t LC_LAZY_LOAD_DYLIB = 0x20;
inline constexpr uint32_t LC_ENCRYPTION_INFO = 0x21;
inline constexpr uint32_t LC_DYLD_INFO = 0x22;
inline constexpr uint32_t LC_DYLD_INFO_ONLY = 0x22 | LC_REQ_DYLD;
inline constexpr uint32_t LC_LOAD_UPWARD_DYLIB = 0x23 | LC_REQ_DYLD;
inline constexpr uint32_t LC_VERSION_MIN_MACOSX = 0x24;
inline constexpr uint32_t LC_VERSION_MIN_IPHONEOS = 0x25;
inline constexpr uint32_t LC_MAIN = 0x28 | LC_REQ_DYLD;
inline constexpr uint32_t LC_SOURCE_VERSION = 0x2a;
inline constexpr uint32_t LC_ENCRYPTION_INFO_64 = 0x2c;
inline constexpr uint32_t LC_VERSION_MIN_TVOS = 0x2f;
inline constexpr uint32_t LC_VERSION_MIN_WATCHOS = 0x30;
inline constexpr uint32_t LC_BUILD_VERSION = 0x32;

struct LoadCommand {  // struct load_command
  F32 cmd, cmdsize;
};
static_assert(sizeof(LoadCommand) == 8);

struct SegmentCommand {  // struct segment_command
  F32 cmd, cmdsize;
  Field<16> segname;
  F32 vmaddr, vmsize, fileoff, filesize, maxprot, initprot, nsects, flags;
};
static_assert(sizeof(SegmentCommand) == 56);

struct SegmentCommand64 {  // struct segment_command_64
  F32 cmd, cmdsize;
  Field<16> segname;
  F64 vmaddr, vmsize, fileoff, filesize;
  F32 maxprot, initprot, nsects, flags;
};
static_assert(sizeof(SegmentCommand64) == 72);

struct Section32 {  // struct section
  Field<16> sectname, segname;
  F32 addr, size, offset, align, reloff, nreloc, flags, reserved1, reserved2;
};
static_assert(sizeof(Section32) == 68);

struct Section64 {  // struct section_64
  Field<16> sectname, segname;
  F64 addr, size;
  F32 offset, align, reloff, nreloc, flags, reserved1, reserved2, reserved3;
};
static_assert(sizeof(Section64) == 80);

inline constexpr uint32_t VM_PROT_READ = 1;
inline constexpr uint32_t VM_PROT_WRITE = 2;
inline constexpr uint32_t VM_PROT_EXECUTE = 4;

inline constexpr uint32_t SECTION_TYPE = 0x000000ff;
inline constexpr uint32_t S_ZEROFILL = 0x1;
inline constexpr uint32_t S_GB_ZEROFILL = 0xc;
inline constexpr uint32_t S_THREAD_LOCAL_ZEROFILL = 0x12;
inline constexpr uint32_t S_ATTR_PURE_INSTRUCTIONS = 0x80000000;
inline constexpr uint32_t S_ATTR_DEBUG = 0x02000000;
inline constexpr uint32_t S_ATTR_SOME_INSTRUCTIONS = 0x00000400;

struct DylibCommand {  // struct dylib_command (struct dylib inlined)
  F32 cmd, cmdsize, name_offset, timestamp, current_version, compatibility_version;
};
static_assert(sizeof(DylibCommand) == 24);

struct StringCommand {  // struct dylinker_command, struct rpath_command: one lc_str
  F32 cmd, cmdsize, offset;
};
static_assert(sizeof(StringCommand) == 12);

struct BuildVersionCommand {  // struct build_version_command (build_tool_version entries follow)
  F32 cmd, cmdsize, platform, minos, sdk, ntools;
};
static_assert(sizeof(BuildVersionCommand) == 24);

struct VersionMinCommand {  // struct version_min_command
  F32 cmd, cmdsize, version, sdk;
};
static_assert(sizeof(VersionMinCommand) == 16);

struct UuidCommand {  // struct uuid_command
  F32 cmd, cmdsize;
  Field<16> uuid;
};
static_assert(sizeof(UuidCommand) == 24);

struct EntryPointCommand {  // struct entry_point_command
  F32 cmd, cmdsize;
  F64 entryoff, stacksize;
};
static_assert(sizeof(EntryPointCommand) == 24);

struct SymtabCommand {  // struct symtab_command
  F32 cmd, cmdsize, symoff, nsyms, stroff, strsize;
};
static_assert(sizeof(SymtabCommand) == 24);

struct LinkeditDataCommand {  // struct linkedit_data_command
  F32 cmd, cmdsize, dataoff, datasize;
};
static_assert(sizeof(LinkeditDataCommand) == 16);

struct EncryptionInfoCommand {  // struct encryption_info_command (_64 adds 4 bytes of padding)
  F32 cmd, cmdsize, cryptoff, cryptsize, cryptid;
};
static_assert(sizeof(EncryptionInfoCommand) == 20);

struct ThreadCommand {  // struct thread_command, with its first (flavor, count) pair
  F32 cmd, cmdsize, flavor, count;
};
static_assert(sizeof(ThreadCommand) == 16);

// Thread state flavors (<mach/i386/thread_status.h>, <mach/arm/thread_status.h>) and where the
// program counter is in each, counted in registers of the flavor's width.
inline constexpr uint32_t x86_THREAD_STATE32 = 1;   // eip: register 10 of 16 (32-bit)
inline constexpr uint32_t x86_THREAD_STATE64 = 4;   // rip: register 16 of 21 (64-bit)
inline constexpr uint32_t ARM_THREAD_STATE = 1;     // pc = r15: register 15 of 17 (32-bit)
inline constexpr uint32_t ARM_THREAD_STATE64 = 6;   // pc: register 32 of 34 (64-bit: x0-x28, fp, lr, sp, pc)

// ---------------------------------------------------------------- symbols (<mach-o/nlist.h>)
struct Nlist {  // struct nlist
  F32 n_strx;
  F8 n_type, n_sect;
  F16 n_desc;
  F32 n_value;
};
static_assert(sizeof(Nlist) == 12);

struct Nlist64 {  // struct nlist_64
  F32 n_strx;
  F8 n_type, n_sect;
  F16 n_desc;
  F64 n_value;
};
static_assert(sizeof(Nlist64) == 16);

inline constexpr uint8_t N_STAB = 0xe0;
inline constexpr uint8_t N_TYPE = 0x0e;
inline constexpr uint8_t N_EXT = 0x01;
inline constexpr uint8_t N_UNDF = 0x0;
inline constexpr uint8_t N_SECT = 0xe;

// ---------------------------------------------------------------- LC_BUILD_VERSION platforms
inline constexpr uint32_t PLATFORM_MACOS = 1;
inline constexpr uint32_t PLATFORM_IOS = 2;
inline constexpr uint32_t PLATFORM_TVOS = 3;
inline constexpr uint32_t PLATFORM_WATCHOS = 4;
inline constexpr uint32_t PLATFORM_BRIDGEOS = 5;
inline constexpr uint32_t PLATFORM_MACCATALYST = 6;
inline constexpr uint32_t PLATFORM_IOSSIMULATOR = 7;
inline constexpr uint32_t PLATFORM_TVOSSIMULATOR = 8;
inline constexpr uint32_t PLATFORM_WATCHOSSIMULATOR = 9;
inline constexpr uint32_t PLATFORM_DRIVERKIT = 10;
inline constexpr uint32_t PLATFORM_VISIONOS = 11;
inline constexpr uint32_t PLATFORM_VISIONOSSIMULATOR = 12;

}  // namespace crossgo::macho
