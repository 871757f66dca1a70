// Names the Microsoft "PE Format" specification gives to PE header values, for the analyzer's
// evidence and the details renderer (one table, so both say the same).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crossgo::pe {

// "IMAGE_SUBSYSTEM_WINDOWS_CUI"; "IMAGE_SUBSYSTEM_UNKNOWN" for values the specification lacks.
const char* subsystem_name(uint16_t subsystem);
// The names of the set bits ("IMAGE_FILE_EXECUTABLE_IMAGE", …); unnamed bits as "0x…".
std::vector<std::string> file_characteristics_names(uint16_t characteristics);
std::vector<std::string> dll_characteristics_names(uint16_t dll_characteristics);
// The Windows release a major.minor OS version is ("Windows 7 / Server 2008 R2"), or nullptr.
const char* windows_release(uint16_t major, uint16_t minor);

}  // namespace crossgo::pe
