#include "crossgo/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>

namespace crossgo {
namespace {

// The SIGBUS guard. A fixed table of mapped ranges, read by the signal handler without locks:
// a slot is live while `start` is non-zero (written last on registration, cleared first on
// release). Mapping an anonymous zero page over the faulting page lets the read that faulted
// complete; the analysis then sees zeros, and MappedFile::changed() says the result is void.
constexpr int kGuardSlots = 256;  // files mapped at once (inspect maps one per worker thread)

struct GuardSlot {
  std::atomic<uintptr_t> start{0};
  std::atomic<uintptr_t> end{0};
  std::atomic<uint32_t> faults{0};
};

GuardSlot g_slots[kGuardSlots];
uintptr_t g_page_size = 4096;
struct sigaction g_previous {};
std::once_flag g_install_once;

void restore_and_raise(int sig, siginfo_t* info, void* context) {
  if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
    g_previous.sa_sigaction(sig, info, context);
    return;
  }
  if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN && g_previous.sa_handler != nullptr) {
    g_previous.sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void on_sigbus(int sig, siginfo_t* info, void* context) {
  const auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  for (auto& slot : g_slots) {
    const uintptr_t start = slot.start.load(std::memory_order_acquire);
    if (start == 0 || addr < start || addr >= slot.end.load(std::memory_order_acquire)) continue;
    void* page = reinterpret_cast<void*>(addr & ~(g_page_size - 1));
    // mmap is a plain system call on Linux, safe here although POSIX does not list it.
    if (mmap(page, g_page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      slot.faults.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    break;
  }
  restore_and_raise(sig, info, context);
}

void install_guard() {
  const long page = sysconf(_SC_PAGESIZE);
  if (page > 0) g_page_size = static_cast<uintptr_t>(page);
  struct sigaction sa {};
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, &g_previous);
}

int register_range(const uint8_t* data, uint64_t size) {
  std::call_once(g_install_once, install_guard);
  const auto start = reinterpret_cast<uintptr_t>(data);
  for (int i = 0; i < kGuardSlots; ++i) {
    uintptr_t expected = 0;
    // Claim with a sentinel first so the handler never sees a start without its end.
    if (!g_slots[i].start.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) continue;
    g_slots[i].faults.store(0, std::memory_order_relaxed);
    g_slots[i].end.store(start + size, std::memory_order_release);
    g_slots[i].start.store(start, std::memory_order_release);
    return i;
  }
  return -1;  // more mappings than slots: unguarded, as before (never happens in crossgo)
}

int64_t mtime_ns(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

Result<MappedFile> MappedFile::open(const std::string& path) {
  // O_NONBLOCK: opening a FIFO (or a device) for reading would otherwise wait for a writer
  // forever; the fstat below then refuses anything that is not a regular file.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Error{std::strerror(errno), std::nullopt};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    return Error{std::strerror(e), std::nullopt};
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Error{"not a regular file", std::nullopt};
  }
  if (st.st_size == 0) return MappedFile(path, fd, nullptr, 0, mtime_ns(st), -1);
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) {
    int e = errno;
    ::close(fd);
    return Error{std::string("mmap: ") + std::strerror(e), std::nullopt};
  }
  const auto* data = static_cast<const uint8_t*>(p);
  const auto size = static_cast<uint64_t>(st.st_size);
  return MappedFile(path, fd, data, size, mtime_ns(st), register_range(data, size));
}

std::optional<std::string> MappedFile::changed() const {
  if (slot_ >= 0 && g_slots[slot_].faults.load(std::memory_order_relaxed) != 0)
    return "it shrank while it was read (pages past its new end were touched)";
  if (fd_ < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return std::string("fstat: ") + std::strerror(errno);
  if (static_cast<uint64_t>(st.st_size) != size_)
    return "its size changed from " + std::to_string(size_) + " to " + std::to_string(st.st_size) +
           " bytes while it was read";
  if (mtime_ns(st) != mtime_ns_) return "it was modified while it was read";
  return std::nullopt;
}

void MappedFile::release() {
  if (slot_ >= 0) {
    g_slots[slot_].start.store(0, std::memory_order_release);
    slot_ = -1;
  }
  if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
  if (fd_ >= 0) ::close(fd_);
  data_ = nullptr;
  size_ = 0;
  fd_ = -1;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)), mtime_ns_(other.mtime_ns_), slot_(std::exchange(other.slot_, -1)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mtime_ns_ = other.mtime_ns_;
    slot_ = std::exchange(other.slot_, -1);
  }
  return *this;
}

MappedFile::~MappedFile() { release(); }

}  // namespace crossgo
