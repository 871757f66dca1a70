// What one format says that the others have no word for. Each struct is filled by its reader
// only; analyzers that need one check that it is set (Image::elf …) instead of asking for the
// format.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crossgo {

// ---------------------------------------------------------------- ELF (System V gABI)
struct ElfNote {
  // The note's name field without the trailing NULs ("GNU", "Go", …): a view into bytes the
  // source holds, never a copy, so many notes aliasing one huge name cost nothing.
  std::string_view owner;
  uint32_t type = 0;
  std::span<const uint8_t> desc;
  uint64_t offset = 0;   // file offset of the note header
  std::string section;   // section it was found in, or "" when found through PT_NOTE only
};

struct ElfProgramHeader {
  uint32_t type = 0;
  uint32_t flags = 0;
  uint64_t offset = 0, filesz = 0, vaddr = 0, memsz = 0, align = 0;
};

// One version a dependency must provide ("GLIBC_2.34" from "libc.so.6"), with the first dynamic
// symbol that asks for it, so a user can see *why* the floor is where it is.
struct ElfVersionNeed {
  std::string file;
  std::string version;
  std::string symbol;
};

struct ElfDetails {
  uint16_t type = 0;  // e_type
  uint16_t machine = 0;
  uint32_t flags = 0;  // e_flags
  uint8_t osabi = 0;
  uint8_t abi_version = 0;
  std::vector<ElfProgramHeader> program_headers;  // all of them, PT_LOAD included
  std::vector<ElfNote> notes;
  bool has_dynamic = false;
  uint64_t dt_flags = 0, dt_flags_1 = 0;
  bool dt_bind_now = false, dt_textrel = false;
  std::vector<ElfVersionNeed> version_needs;
  // The versions a shared library defines (.gnu.version_d / DT_VERDEF: "GLIBC_2.17" …), in the
  // table's order, without the VER_FLG_BASE entry (which names the library itself).
  std::vector<std::string> version_definitions;
  // .ARM.attributes public "aeabi" subsection.
  std::optional<uint32_t> arm_cpu_arch;  // Tag_CPU_arch
  std::optional<uint32_t> arm_vfp_args;  // Tag_ABI_VFP_args: 0 base (soft), 1 VFP registers (hard)
  std::optional<uint32_t> arm_fp_arch;   // Tag_FP_arch
  // .MIPS.abiflags fp_abi, when present.
  std::optional<uint8_t> mips_fp_abi;
  // Bytes of the .comment section (compiler identification strings), capped.
  std::vector<std::string> comments;
};

// ---------------------------------------------------------------- Mach-O (<mach-o/loader.h>)
struct MachOBuildVersion {
  uint32_t platform = 0;     // PLATFORM_MACOS = 1, IOS = 2, TVOS = 3, WATCHOS = 4, …, IOSSIMULATOR = 7
  std::string minos;         // "11.0"
  std::string sdk;           // "14.2", or "" when 0
  std::string source;        // "LC_BUILD_VERSION", "LC_VERSION_MIN_MACOSX", …
};

// Every LC_SEGMENT(_64), loaded or not (__PAGEZERO, Go's __DWARF), with both protections: Go's
// debug/buildinfo picks a segment by maxprot and initprot together.
struct MachOSegment {
  std::string name;
  uint64_t vmaddr = 0, vmsize = 0, fileoff = 0, filesize = 0;
  uint32_t maxprot = 0, initprot = 0, nsects = 0, flags = 0;
};

struct MachODetails {
  uint32_t magic = 0;     // MH_MAGIC, MH_CIGAM, MH_MAGIC_64, MH_CIGAM_64 as read big-endian
  uint32_t cputype = 0, cpusubtype = 0;
  std::string arch_name;  // as lipo names the pair: "x86_64", "arm64", "arm64e" …
  uint32_t filetype = 0;  // MH_EXECUTE = 2, MH_DYLIB = 6, MH_BUNDLE = 8, MH_OBJECT = 1 …
  uint32_t flags = 0;     // MH_PIE = 0x200000 …
  uint32_t ncmds = 0;
  uint32_t sizeofcmds = 0;
  std::optional<uint64_t> entryoff;  // LC_MAIN: file offset of main()
  std::vector<MachOBuildVersion> build_versions;
  std::vector<MachOSegment> segments;
  std::optional<std::string> uuid;  // 8-4-4-4-12 hex
  bool has_code_signature = false;  // LC_CODE_SIGNATURE
  bool encrypted = false;           // LC_ENCRYPTION_INFO with cryptid != 0
};

// ---------------------------------------------------------------- PE/COFF (Microsoft PE format)
struct PeDetails {
  uint16_t machine = 0;
  bool has_optional_header = false;  // false for COFF object files (no optional header)
  bool pe32_plus = false;
  uint16_t characteristics = 0;      // COFF file header Characteristics (IMAGE_FILE_DLL = 0x2000 …)
  uint16_t subsystem = 0;            // 2 GUI, 3 console (CUI), 10 EFI application …
  uint16_t dll_characteristics = 0;  // DYNAMIC_BASE 0x40, HIGH_ENTROPY_VA 0x20, NX_COMPAT 0x100, GUARD_CF 0x4000 …
  uint16_t major_os_version = 0, minor_os_version = 0;
  uint16_t major_subsystem_version = 0, minor_subsystem_version = 0;
  uint8_t major_linker_version = 0, minor_linker_version = 0;
  uint32_t timestamp = 0;
  std::vector<std::string> delay_imports;  // delay-load DLLs (also in Image::libraries, How::delay)
  bool has_certificate = false;            // the security data directory is set (Authenticode)
  bool has_debug_directory = false;
  // Section names in table order (long names resolved), for the report: the neutral sections
  // are not part of it. At most NumberOfSections (a 16-bit count).
  std::vector<std::string> section_names;
};

// ---------------------------------------------------------------- XCOFF (AIX)
struct XcoffDetails {
  uint16_t magic = 0;  // 0x01df XCOFF32, 0x01f7 XCOFF64
  uint16_t flags = 0;  // f_flags: F_EXEC 0x0002, F_DYNLOAD 0x1000, F_SHROBJ 0x2000 …
  uint16_t loader_section = 0;  // 1-based index of .loader, 0 when none
  // Loader-section import file IDs: "path/base(member)" as the loader prints them.
  std::vector<std::string> import_files;
  uint32_t timestamp = 0;  // f_timdat (seconds since 1970; Go writes 0)
  uint64_t symptr = 0;     // f_symptr
  uint32_t nsyms = 0;      // f_nsyms
  uint16_t opthdr = 0;     // f_opthdr: size of the auxiliary header
  std::vector<std::string> section_names;  // s_name of every section header, in order
  // Auxiliary header (executables and shared objects), when f_opthdr covers it.
  bool has_aux_header = false;
  uint16_t aux_magic = 0;  // o_mflag (0x010b)
  std::string modtype;     // o_modtype, two characters: "1L", "RE", "RO"
  uint64_t text_start = 0, data_start = 0, toc = 0;  // o_text_start, o_data_start, o_toc
  uint16_t sn_entry = 0, sn_text = 0, sn_data = 0, sn_toc = 0, sn_bss = 0;  // 1-based section numbers
  // Loader section header (when loader_section != 0).
  uint32_t loader_version = 0, loader_symbols = 0, loader_relocations = 0;
  std::string libpath;  // the first import file ID: the default library search path ("/usr/lib:/lib")
};

// ---------------------------------------------------------------- Plan 9 a.out (a.out(6))
struct Plan9Details {
  uint32_t magic = 0;
  uint32_t text_size = 0, data_size = 0, bss_size = 0, syms_size = 0, pc_size = 0, sp_size = 0;
  bool has_header_expansion = false;  // HDR_MAGIC: 64-bit entry follows the header (amd64)
  uint32_t entry_field = 0;  // the header's 32-bit entry (for HDR_MAGIC files the low bits of the 64-bit one)
  uint64_t text_addr = 0, data_addr = 0;  // load addresses of text and data (see plan9_reader.cc)
};

// ---------------------------------------------------------------- WebAssembly (core spec §5)
struct WasmImport {
  std::string module;
  std::string name;
  uint8_t kind = 0;  // 0 func, 1 table, 2 memory, 3 global, 4 tag
};

// A custom section (core spec §5.5.3): its name and where its payload (the bytes after the name)
// lies in the file.
struct WasmCustomSection {
  std::string name;
  uint64_t payload_offset = 0;
  uint64_t payload_size = 0;
};

// One value of the tool-conventions "producers" custom section (ProducersSection.md):
// field "language" / "processed-by" / "sdk", a tool name and its version.
struct WasmProducer {
  std::string field;
  std::string name;
  std::string version;
};

// A section as its header states it (§5.5.2): id, the name crossgo gives it ("type", "import", …
// or a custom section's own name), and where its contents lie in the file.
struct WasmSectionHeader {
  uint8_t id = 0;
  std::string name;
  uint64_t offset = 0;  // the contents, after the id and size bytes
  uint64_t size = 0;
};

struct WasmDetails {
  uint32_t version = 0;
  std::vector<WasmImport> imports;  // capped
  uint64_t import_count = 0;        // the real count, when more than are kept
  std::vector<std::string> exports;  // capped
  uint64_t export_count = 0;
  std::vector<std::string> custom_sections;  // names, in file order
  uint64_t function_count = 0;
  uint64_t data_segment_count = 0;
  // Added by the wasm reader (src/formats/wasm/):
  std::vector<WasmSectionHeader> sections;   // in file order (also Image::sections)
  std::vector<WasmCustomSection> customs;    // parallel to custom_sections
  std::vector<WasmProducer> producers;       // capped
  std::optional<uint32_t> start_function;    // start section (§5.5.11)
  std::optional<uint32_t> data_count;        // data count section (§5.5.16)
  uint64_t active_data_segments = 0;         // with a constant i32 offset: Image::segments
};

}  // namespace crossgo
