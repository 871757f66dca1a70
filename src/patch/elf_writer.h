// Writing a plan into an open file and replacing a file atomically (src/patch/).
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <string>

#include "crossgo/patch.h"

namespace crossgo::patch::detail {

// pwrites the plan's ranges into `fd` (a full copy of the input), extending it first when the
// plan adds a segment. Returns why it failed.
std::optional<std::string> apply_to_fd(int fd, const Plan& plan, uint64_t& written);

// A temporary file beside `target`, filled with a copy of `source_fd`'s contents and metadata;
// commit() fsyncs it and renames it over `target`; the destructor unlinks it unless committed.
class AtomicFile {
 public:
  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  // Creates the temporary file and copies `size` bytes and the metadata of `source_fd` into it.
  std::optional<std::string> create(const std::string& target, int source_fd, const struct stat& source_stat);
  int fd() const { return fd_; }
  const std::string& temp_path() const { return temp_; }
  std::optional<std::string> commit();

 private:
  std::string target_, temp_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace crossgo::patch::detail
