// Value names from the Microsoft "PE Format" specification ("Characteristics", "DLL
// Characteristics", "Windows Subsystem"), and Windows version numbers from Microsoft's
// OSVERSIONINFOEX documentation ("Operating System Version").
#include "formats/pe/pe_names.h"

#include <iterator>

namespace crossgo::pe {
namespace {

struct Bit {
  uint16_t bit;
  const char* name;
};

constexpr Bit kFileBits[] = {
    {0x0001, "IMAGE_FILE_RELOCS_STRIPPED"},     {0x0002, "IMAGE_FILE_EXECUTABLE_IMAGE"},
    {0x0004, "IMAGE_FILE_LINE_NUMS_STRIPPED"},  {0x0008, "IMAGE_FILE_LOCAL_SYMS_STRIPPED"},
    {0x0010, "IMAGE_FILE_AGGRESSIVE_WS_TRIM"},  {0x0020, "IMAGE_FILE_LARGE_ADDRESS_AWARE"},
    {0x0080, "IMAGE_FILE_BYTES_REVERSED_LO"},   {0x0100, "IMAGE_FILE_32BIT_MACHINE"},
    {0x0200, "IMAGE_FILE_DEBUG_STRIPPED"},      {0x0400, "IMAGE_FILE_REMOVABLE_RUN_FROM_SWAP"},
    {0x0800, "IMAGE_FILE_NET_RUN_FROM_SWAP"},   {0x1000, "IMAGE_FILE_SYSTEM"},
    {0x2000, "IMAGE_FILE_DLL"},                 {0x4000, "IMAGE_FILE_UP_SYSTEM_ONLY"},
    {0x8000, "IMAGE_FILE_BYTES_REVERSED_HI"},
};

constexpr Bit kDllBits[] = {
    {0x0020, "IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA"},
    {0x0040, "IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE"},
    {0x0080, "IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY"},
    {0x0100, "IMAGE_DLLCHARACTERISTICS_NX_COMPAT"},
    {0x0200, "IMAGE_DLLCHARACTERISTICS_NO_ISOLATION"},
    {0x0400, "IMAGE_DLLCHARACTERISTICS_NO_SEH"},
    {0x0800, "IMAGE_DLLCHARACTERISTICS_NO_BIND"},
    {0x1000, "IMAGE_DLLCHARACTERISTICS_APPCONTAINER"},
    {0x2000, "IMAGE_DLLCHARACTERISTICS_WDM_DRIVER"},
    {0x4000, "IMAGE_DLLCHARACTERISTICS_GUARD_CF"},
    {0x8000, "IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE"},
};

template <size_t N>
std::vector<std::string> names(uint16_t value, const Bit (&table)[N]) {
  static const char* digits = "0123456789abcdef";
  std::vector<std::string> out;
  for (unsigned bit = 0; bit < 16; ++bit) {
    const auto mask = static_cast<uint16_t>(1u << bit);
    if ((value & mask) == 0) continue;
    const char* name = nullptr;
    for (const Bit& b : table)
      if (b.bit == mask) name = b.name;
    if (name != nullptr) {
      out.emplace_back(name);
    } else {
      std::string h = "0x";
      for (int shift = 12; shift >= 0; shift -= 4) h += digits[(mask >> shift) & 0xf];
      out.push_back(h);
    }
  }
  return out;
}

}  // namespace

const char* subsystem_name(uint16_t s) {
  switch (s) {
    case 1: return "IMAGE_SUBSYSTEM_NATIVE";
    case 2: return "IMAGE_SUBSYSTEM_WINDOWS_GUI";
    case 3: return "IMAGE_SUBSYSTEM_WINDOWS_CUI";
    case 5: return "IMAGE_SUBSYSTEM_OS2_CUI";
    case 7: return "IMAGE_SUBSYSTEM_POSIX_CUI";
    case 8: return "IMAGE_SUBSYSTEM_NATIVE_WINDOWS";
    case 9: return "IMAGE_SUBSYSTEM_WINDOWS_CE_GUI";
    case 10: return "IMAGE_SUBSYSTEM_EFI_APPLICATION";
    case 11: return "IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER";
    case 12: return "IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER";
    case 13: return "IMAGE_SUBSYSTEM_EFI_ROM";
    case 14: return "IMAGE_SUBSYSTEM_XBOX";
    case 16: return "IMAGE_SUBSYSTEM_WINDOWS_BOOT_APPLICATION";
    default: return "IMAGE_SUBSYSTEM_UNKNOWN";
  }
}

std::vector<std::string> file_characteristics_names(uint16_t c) { return names(c, kFileBits); }
std::vector<std::string> dll_characteristics_names(uint16_t c) { return names(c, kDllBits); }

const char* windows_release(uint16_t major, uint16_t minor) {
  if (major == 4 && minor == 0) return "Windows NT 4.0";
  if (major == 5 && minor == 0) return "Windows 2000";
  if (major == 5 && minor == 1) return "Windows XP";
  if (major == 5 && minor == 2) return "Windows XP x64 / Server 2003";
  if (major == 6 && minor == 0) return "Windows Vista / Server 2008";
  if (major == 6 && minor == 1) return "Windows 7 / Server 2008 R2";
  if (major == 6 && minor == 2) return "Windows 8 / Server 2012";
  if (major == 6 && minor == 3) return "Windows 8.1 / Server 2012 R2";
  if (major == 10 && minor == 0) return "Windows 10 / Server 2016 or later";
  return nullptr;
}

}  // namespace crossgo::pe
