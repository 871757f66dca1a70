// Applies a plan: to bytes in memory (tests, fuzzing) or to an open copy of the file on disk,
// where only the plan's ranges are written (the rest was copied, or is the hole before a new
// segment that ftruncate leaves as zeros).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "crossgo/patch.h"
#include "patch/elf_writer.h"

namespace crossgo::patch {

std::vector<uint8_t> apply_in_memory(std::span<const uint8_t> input, const Plan& plan) {
  std::vector<uint8_t> out(input.begin(), input.end());
  out.resize(plan.new_size, 0);
  for (const Write& w : plan.writes) {
    if (w.offset > out.size() || w.bytes.size() > out.size() - w.offset) continue;  // the plan never asks this
    std::copy(w.bytes.begin(), w.bytes.end(), out.begin() + static_cast<std::ptrdiff_t>(w.offset));
  }
  return out;
}

namespace detail {

std::optional<std::string> apply_to_fd(int fd, const Plan& plan, uint64_t& written) {
  written = 0;
  if (plan.new_size != plan.old_size && ::ftruncate(fd, static_cast<off_t>(plan.new_size)) != 0)
    return std::string("cannot extend the file: ") + std::strerror(errno);
  for (const Write& w : plan.writes) {
    size_t done = 0;
    while (done < w.bytes.size()) {
      const ssize_t n = ::pwrite(fd, w.bytes.data() + done, w.bytes.size() - done, static_cast<off_t>(w.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return "cannot write " + w.what + ": " + (n < 0 ? std::strerror(errno) : "short write");
      done += static_cast<size_t>(n);
    }
    written += w.bytes.size();
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace crossgo::patch
