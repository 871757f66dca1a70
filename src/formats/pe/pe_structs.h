// On-disk PE/COFF structures, field for field as the Microsoft "PE Format" specification
// (learn.microsoft.com/windows/win32/debug/pe-format) names them. All little-endian.
#pragma once

#include <cstdint>

#include "crossgo/layout.h"

namespace crossgo::pe {

// "MS-DOS Stub (Image Only)": only e_magic and e_lfanew matter to a PE loader.
struct DosHeader {
  F16 e_magic;  // "MZ"
  Field<58> e_unused;
  F32 e_lfanew;  // file offset of the "PE\0\0" signature
};
static_assert(sizeof(DosHeader) == 64);

// "COFF File Header (Object and Image)".
struct FileHeader {
  F16 Machine;
  F16 NumberOfSections;
  F32 TimeDateStamp;
  F32 PointerToSymbolTable;
  F32 NumberOfSymbols;
  F16 SizeOfOptionalHeader;
  F16 Characteristics;
};
static_assert(sizeof(FileHeader) == 20);

// "Optional Header Standard Fields" + "Optional Header Windows-Specific Fields", PE32 (0x10b).
struct OptionalHeader32 {
  F16 Magic;
  F8 MajorLinkerVersion;
  F8 MinorLinkerVersion;
  F32 SizeOfCode;
  F32 SizeOfInitializedData;
  F32 SizeOfUninitializedData;
  F32 AddressOfEntryPoint;
  F32 BaseOfCode;
  F32 BaseOfData;  // PE32 only
  F32 ImageBase;
  F32 SectionAlignment;
  F32 FileAlignment;
  F16 MajorOperatingSystemVersion;
  F16 MinorOperatingSystemVersion;
  F16 MajorImageVersion;
  F16 MinorImageVersion;
  F16 MajorSubsystemVersion;
  F16 MinorSubsystemVersion;
  F32 Win32VersionValue;
  F32 SizeOfImage;
  F32 SizeOfHeaders;
  F32 CheckSum;
  F16 Subsystem;
  F16 DllCharacteristics;
  F32 SizeOfStackReserve;
  F32 SizeOfStackCommit;
  F32 SizeOfHeapReserve;
  F32 SizeOfHeapCommit;
  F32 LoaderFlags;
  F32 NumberOfRvaAndSizes;
};
static_assert(sizeof(OptionalHeader32) == 96);

// The same for PE32+ (0x20b): no BaseOfData, 64-bit ImageBase and stack/heap sizes.
struct OptionalHeader64 {
  F16 Magic;
  F8 MajorLinkerVersion;
  F8 MinorLinkerVersion;
  F32 SizeOfCode;
  F32 SizeOfInitializedData;
  F32 SizeOfUninitializedData;
  F32 AddressOfEntryPoint;
  F32 BaseOfCode;
  F64 ImageBase;
  F32 SectionAlignment;
  F32 FileAlignment;
  F16 MajorOperatingSystemVersion;
  F16 MinorOperatingSystemVersion;
  F16 MajorImageVersion;
  F16 MinorImageVersion;
  F16 MajorSubsystemVersion;
  F16 MinorSubsystemVersion;
  F32 Win32VersionValue;
  F32 SizeOfImage;
  F32 SizeOfHeaders;
  F32 CheckSum;
  F16 Subsystem;
  F16 DllCharacteristics;
  F64 SizeOfStackReserve;
  F64 SizeOfStackCommit;
  F64 SizeOfHeapReserve;
  F64 SizeOfHeapCommit;
  F32 LoaderFlags;
  F32 NumberOfRvaAndSizes;
};
static_assert(sizeof(OptionalHeader64) == 112);

// "Optional Header Data Directories (Image Only)".
struct DataDirectory {
  F32 VirtualAddress;  // an RVA, except for the certificate table (a file offset)
  F32 Size;
};
static_assert(sizeof(DataDirectory) == 8);

// "Section Table (Section Headers)".
struct SectionHeader {
  Field<8> Name;  // NUL-padded; "/123" = offset 123 into the COFF string table
  F32 VirtualSize;
  F32 VirtualAddress;
  F32 SizeOfRawData;
  F32 PointerToRawData;
  F32 PointerToRelocations;
  F32 PointerToLinenumbers;
  F16 NumberOfRelocations;
  F16 NumberOfLinenumbers;
  F32 Characteristics;
};
static_assert(sizeof(SectionHeader) == 40);

// ".idata Section": Import Directory Table entry.
struct ImportDescriptor {
  F32 ImportLookupTableRVA;
  F32 TimeDateStamp;
  F32 ForwarderChain;
  F32 NameRVA;
  F32 ImportAddressTableRVA;
};
static_assert(sizeof(ImportDescriptor) == 20);

// "Delay-Load Import Tables (Image Only)": Delay-Load Directory Table entry.
struct DelayImportDescriptor {
  F32 Attributes;
  F32 NameRVA;
  F32 ModuleHandleRVA;
  F32 DelayImportAddressTableRVA;
  F32 DelayImportNameTableRVA;
  F32 BoundDelayImportTableRVA;
  F32 UnloadDelayImportTableRVA;
  F32 TimeDateStamp;
};
static_assert(sizeof(DelayImportDescriptor) == 32);

// "COFF Symbol Table": one 18-byte record (auxiliary records have the same size).
struct Symbol {
  Field<8> Name;  // short name, or zeroes:4 + offset:4 into the string table
  F32 Value;
  F16 SectionNumber;  // signed: 0 undefined, -1 absolute, -2 debug
  F16 Type;
  F8 StorageClass;
  F8 NumberOfAuxSymbols;
};
static_assert(sizeof(Symbol) == 18);

inline constexpr uint16_t kDosMagic = 0x5a4d;         // "MZ"
inline constexpr uint32_t kPeSignature = 0x00004550;  // "PE\0\0"
inline constexpr uint16_t kMagicPe32 = 0x10b;
inline constexpr uint16_t kMagicPe32Plus = 0x20b;

// Machine Types.
inline constexpr uint16_t kMachineI386 = 0x14c;
inline constexpr uint16_t kMachineAmd64 = 0x8664;
inline constexpr uint16_t kMachineArm64 = 0xaa64;
inline constexpr uint16_t kMachineArmNt = 0x1c4;

// Characteristics (COFF file header).
inline constexpr uint16_t kFileExecutableImage = 0x0002;
inline constexpr uint16_t kFileDll = 0x2000;

// Section Flags.
inline constexpr uint32_t kScnCntCode = 0x00000020;
inline constexpr uint32_t kScnCntInitializedData = 0x00000040;
inline constexpr uint32_t kScnCntUninitializedData = 0x00000080;
inline constexpr uint32_t kScnLnkRemove = 0x00000800;
inline constexpr uint32_t kScnMemDiscardable = 0x02000000;
inline constexpr uint32_t kScnMemExecute = 0x20000000;
inline constexpr uint32_t kScnMemRead = 0x40000000;
inline constexpr uint32_t kScnMemWrite = 0x80000000;

// DLL Characteristics.
inline constexpr uint16_t kDllHighEntropyVa = 0x0020;
inline constexpr uint16_t kDllDynamicBase = 0x0040;
inline constexpr uint16_t kDllForceIntegrity = 0x0080;
inline constexpr uint16_t kDllNxCompat = 0x0100;
inline constexpr uint16_t kDllNoIsolation = 0x0200;
inline constexpr uint16_t kDllNoSeh = 0x0400;
inline constexpr uint16_t kDllNoBind = 0x0800;
inline constexpr uint16_t kDllAppContainer = 0x1000;
inline constexpr uint16_t kDllWdmDriver = 0x2000;
inline constexpr uint16_t kDllGuardCf = 0x4000;
inline constexpr uint16_t kDllTerminalServerAware = 0x8000;

// Data directory indices.
inline constexpr uint32_t kDirImport = 1;
inline constexpr uint32_t kDirSecurity = 4;  // Certificate Table: VirtualAddress is a file offset
inline constexpr uint32_t kDirDebug = 6;
inline constexpr uint32_t kDirDelayImport = 13;
inline constexpr uint32_t kMaxDataDirectories = 16;  // the specification defines 16

// Delay-load Attributes: bit 0 set = the descriptor's fields are RVAs (VC7+); clear = VAs (VC6).
inline constexpr uint32_t kDelayRvaBased = 1;

}  // namespace crossgo::pe
