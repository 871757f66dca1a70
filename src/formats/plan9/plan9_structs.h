// Plan 9 a.out header, big-endian, per the Plan 9 manual a.out(6) and <a.out.h>, as Go writes it
// (cmd/link/internal/ld/asmb.go, writePlan9Header) and reads it (src/debug/plan9obj/plan9obj.go,
// struct prog).
#pragma once

#include <cstdint>

#include "crossgo/layout.h"

namespace crossgo::plan9 {

struct Exec {
  F32 magic;  // _MAGIC(f, b) = f | ((((4*b)+0)*b)+7)
  F32 text;   // size of the text segment
  F32 data;   // size of initialized data
  F32 bss;    // size of uninitialized data
  F32 syms;   // size of the symbol table
  F32 entry;  // entry point (for HDR_MAGIC files the low 32 bits, bit 31 cleared)
  F32 spsz;   // size of the pc/sp offset table
  F32 pcsz;   // size of the pc/line number table
};
static_assert(sizeof(Exec) == 32);

// HDR_MAGIC: the header is followed by the 64-bit entry point (a.out(6): "expanded header").
struct ExecExpansion {
  F64 entry;
};
static_assert(sizeof(ExecExpansion) == 8);

inline constexpr uint32_t kHdrMagic = 0x00008000;
constexpr uint32_t magic_of(uint32_t f, uint32_t b) { return f | ((((4 * b) + 0) * b) + 7); }
// The three Go targets (debug/plan9obj: Magic386, MagicAMD64, MagicARM).
inline constexpr uint32_t kIMagic = magic_of(0, 11);          // 386: 0x01eb
inline constexpr uint32_t kSMagic = magic_of(kHdrMagic, 26);  // amd64: 0x8a97
inline constexpr uint32_t kEMagic = magic_of(0, 20);          // arm: 0x0647
static_assert(kIMagic == 0x1eb && kSMagic == 0x8a97 && kEMagic == 0x647);

}  // namespace crossgo::plan9
