// The files inside a release archive (src/verify/release_archive.cc, libarchive): each wanted
// regular file is handed to `visit` as a readable file descriptor (an anonymous memory file
// holding its bytes), one at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "crossgo/error.h"

namespace crossgo {

struct ArchivedFile {
  std::string path;   // the entry's name inside the archive ("app_1.0_linux_amd64/app")
  uint64_t size = 0;
};

// Visits the regular files whose base name is in `wanted` (every regular file when it is empty);
// returns those visited. An archive that cannot be read, or an entry past the caps, is an error.
Result<std::vector<ArchivedFile>> for_each_archived_file(const std::string& path, const std::vector<std::string>& wanted,
                                                         const std::function<void(const ArchivedFile&, int fd)>& visit);
// The same for an archive already in memory (fuzzing).
Result<std::vector<ArchivedFile>> for_each_archived_file_in_memory(
    std::span<const uint8_t> bytes, const std::vector<std::string>& wanted,
    const std::function<void(const ArchivedFile&, int fd)>& visit);

}  // namespace crossgo
