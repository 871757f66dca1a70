// --svg FILE: Graphviz's `dot -Tsvg` draws the DOT graph (argv, no shell, a timeout, an
// environment of PATH only). The picture is written as crossgo writes every file it is asked for:
// to a temporary file next to FILE, synced, then renamed over it, so FILE is never half written.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "crossgo/cgo.h"

namespace crossgo::cgo {
namespace {

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

std::string write_svg(const std::string& dot_text, const std::string& path, const env::EnvMap& process) {
  auto search = process.find("PATH");
  auto dot = env::find_executable("dot", search == process.end() ? "/usr/bin:/bin" : search->second);
  if (!dot) return "Graphviz's dot is not installed (Debian: apt install graphviz); --format dot prints the graph instead";
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return "no file name in " + path;

  const char* tmp = std::getenv("TMPDIR");
  std::string input = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/crossgo-cgo-XXXXXX";
  int in_fd = ::mkstemp(input.data());
  if (in_fd < 0) return "cannot create a temporary file: " + errno_text();
  const bool wrote = write_all(in_fd, dot_text);
  ::close(in_fd);
  std::string output = dir + "/." + base + ".crossgo-XXXXXX";
  int out_fd = wrote ? ::mkstemp(output.data()) : -1;
  if (out_fd < 0) {
    std::string why = wrote ? "cannot create a file in " + dir + ": " + errno_text() : "cannot write a temporary file";
    ::unlink(input.c_str());
    return why;
  }
  ::close(out_fd);
  env::ProcessResult r = env::run_process({*dot, "-Tsvg", "-o", output, input}, {{"PATH", "/usr/bin:/bin"}}, 60000);
  ::unlink(input.c_str());
  auto fail = [&](std::string why) {
    ::unlink(output.c_str());
    return why;
  };
  if (!r.started) return fail("cannot run " + *dot + ": " + r.error);
  if (r.timed_out) return fail("dot did not finish within 60 s");
  if (r.exit_code != 0) return fail("dot failed: " + (r.err.empty() ? "exit status " + std::to_string(r.exit_code) : r.err));
  int fd = ::open(output.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    return fail("cannot sync " + output + ": " + errno_text());
  }
  ::close(fd);
  // mkstemp made it 0600; a picture is for sharing, as a file the user created would be.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::chmod(output.c_str(), 0666 & ~mask);
  if (::rename(output.c_str(), path.c_str()) != 0) return fail("cannot rename onto " + path + ": " + errno_text());
  return "";
}

}  // namespace crossgo::cgo
