// XCOFF on-disk structures, big-endian, as IBM's "XCOFF Object File Format" (AIX 7.x Files
// Reference) lays them out; the field names are the <xcoff.h> ones. Go writes XCOFF64 for
// aix/ppc64 (cmd/link/internal/ld/xcoff.go) and reads both kinds in src/internal/xcoff/xcoff.go,
// whose structures these match field for field.
#pragma once

#include <cstdint>

#include "crossgo/layout.h"

namespace crossgo::xcoff {

inline constexpr uint16_t kMagic32 = 0x01df;  // U802TOCMAGIC (0737)
inline constexpr uint16_t kMagic64 = 0x01f7;  // U64_TOCMAGIC (0767)

// f_flags.
inline constexpr uint16_t kFRelflg = 0x0001, kFExec = 0x0002, kFLnno = 0x0004,
                          kFFdprProf = 0x0010, kFFdprOpti = 0x0020, kFDsa = 0x0040,
                          kFVarpg = 0x0100, kFDynload = 0x1000, kFShrobj = 0x2000,
                          kFLoadonly = 0x4000;

// s_flags (the low 16 bits; STYP_DWARF sections carry an SSUBTYP_* in the high ones).
inline constexpr uint32_t kStypDwarf = 0x0010, kStypText = 0x0020, kStypData = 0x0040,
                          kStypBss = 0x0080, kStypExcept = 0x0100, kStypInfo = 0x0200,
                          kStypTdata = 0x0400, kStypTbss = 0x0800, kStypLoader = 0x1000,
                          kStypDebug = 0x2000, kStypTypchk = 0x4000, kStypOvrflo = 0x8000;

struct FileHeader32 {
  F16 f_magic;
  F16 f_nscns;
  F32 f_timdat;
  F32 f_symptr;
  F32 f_nsyms;
  F16 f_opthdr;
  F16 f_flags;
};
static_assert(sizeof(FileHeader32) == 20);

struct FileHeader64 {
  F16 f_magic;
  F16 f_nscns;
  F32 f_timdat;
  F64 f_symptr;
  F16 f_opthdr;
  F16 f_flags;
  F32 f_nsyms;
};
static_assert(sizeof(FileHeader64) == 24);

// Auxiliary ("optional") header of an executable; _AOUTHSZ_EXEC. XCOFF32 keeps the 28-byte
// a.out prefix (o_tsize … o_data_start) in the old COFF order.
struct AuxHeader32 {
  F16 o_mflag;
  F16 o_vstamp;
  F32 o_tsize;
  F32 o_dsize;
  F32 o_bsize;
  F32 o_entry;
  F32 o_text_start;
  F32 o_data_start;
  F32 o_toc;
  F16 o_snentry;
  F16 o_sntext;
  F16 o_sndata;
  F16 o_sntoc;
  F16 o_snloader;
  F16 o_snbss;
  F16 o_algntext;
  F16 o_algndata;
  F16 o_modtype;  // two ASCII characters: "1L" single-use, "RE" reusable, "RO" read-only
  F8 o_cpuflag;
  F8 o_cputype;
  F32 o_maxstack;
  F32 o_maxdata;
  F32 o_debugger;
  F8 o_textpsize;
  F8 o_datapsize;
  F8 o_stackpsize;
  F8 o_flags;
  F16 o_sntdata;
  F16 o_sntbss;
};
static_assert(sizeof(AuxHeader32) == 72);  // _AOUTHSZ_EXEC

struct AuxHeader64 {
  F16 o_mflag;
  F16 o_vstamp;
  F32 o_debugger;
  F64 o_text_start;
  F64 o_data_start;
  F64 o_toc;
  F16 o_snentry;
  F16 o_sntext;
  F16 o_sndata;
  F16 o_sntoc;
  F16 o_snloader;
  F16 o_snbss;
  F16 o_algntext;
  F16 o_algndata;
  F16 o_modtype;
  F8 o_cpuflag;
  F8 o_cputype;
  F8 o_textpsize;
  F8 o_datapsize;
  F8 o_stackpsize;
  F8 o_flags;
  F64 o_tsize;
  F64 o_dsize;
  F64 o_bsize;
  F64 o_entry;
  F64 o_maxstack;
  F64 o_maxdata;
  F16 o_sntdata;
  F16 o_sntbss;
  F16 o_x64flags;
  Field<10> o_resv3;
};
static_assert(sizeof(AuxHeader64) == 120);

struct SectionHeader32 {
  Field<8> s_name;
  F32 s_paddr;
  F32 s_vaddr;
  F32 s_size;
  F32 s_scnptr;
  F32 s_relptr;
  F32 s_lnnoptr;
  F16 s_nreloc;
  F16 s_nlnno;
  F32 s_flags;
};
static_assert(sizeof(SectionHeader32) == 40);

struct SectionHeader64 {
  Field<8> s_name;
  F64 s_paddr;
  F64 s_vaddr;
  F64 s_size;
  F64 s_scnptr;
  F64 s_relptr;
  F64 s_lnnoptr;
  F32 s_nreloc;
  F32 s_nlnno;
  F32 s_flags;
  F32 s_pad;
};
static_assert(sizeof(SectionHeader64) == 72);

// Symbol table entries (SYMESZ = 18 in both). XCOFF32 names of up to 8 bytes are inline, longer
// ones have four zero bytes then a string-table offset; XCOFF64 names are always in the table.
struct SymEnt32 {
  Field<8> n_name;
  F32 n_value;
  F16 n_scnum;
  F16 n_type;
  F8 n_sclass;
  F8 n_numaux;
};
static_assert(sizeof(SymEnt32) == 18);

struct SymEnt64 {
  F64 n_value;
  F32 n_offset;
  F16 n_scnum;
  F16 n_type;
  F8 n_sclass;
  F8 n_numaux;
};
static_assert(sizeof(SymEnt64) == 18);
inline constexpr uint64_t kSymEntSize = 18;

// Loader section header (LDHDRSZ_32 = 32, LDHDRSZ_64 = 56).
struct LoaderHeader32 {
  F32 l_version;
  F32 l_nsyms;
  F32 l_nreloc;
  F32 l_istlen;
  F32 l_nimpid;
  F32 l_impoff;
  F32 l_stlen;
  F32 l_stoff;
};
static_assert(sizeof(LoaderHeader32) == 32);

struct LoaderHeader64 {
  F32 l_version;
  F32 l_nsyms;
  F32 l_nreloc;
  F32 l_istlen;
  F32 l_nimpid;
  F32 l_stlen;
  F64 l_impoff;
  F64 l_stoff;
  F64 l_symoff;
  F64 l_rldoff;
};
static_assert(sizeof(LoaderHeader64) == 56);

}  // namespace crossgo::xcoff
