// A small subprocess runner: fork + execve with an explicit environment (never a shell), stdout and
// stderr drained with poll() so neither pipe can fill and block the child, and a hard timeout
// after which the whole process group is killed. doctor must never hang on a broken `go` or CC.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "crossgo/env.h"
#include "crossgo/limits.h"

namespace crossgo::env {
namespace {

bool is_executable_file(const std::string& p) {
  struct stat st {};
  if (stat(p.c_str(), &st) != 0) return false;
  return S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
}

void append_capped(std::string& dst, const char* data, size_t n) {
  if (dst.size() >= limits::kMaxProcessOutput) return;
  dst.append(data, std::min(n, limits::kMaxProcessOutput - dst.size()));
}

}  // namespace

std::optional<std::string> find_executable(const std::string& name, const std::string& path) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (is_executable_file(name)) return name;
    return std::nullopt;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    // POSIX: an empty PATH element is the current directory. (push_back, not `= "."`: GCC 12 at
    // -O3 reports a false -Wrestrict for short literal assignments, GCC PR 105329.)
    if (dir.empty()) dir.push_back('.');
    std::string cand = dir + "/" + name;
    if (is_executable_file(cand)) return cand;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return std::nullopt;
}

ProcessResult run_process(const std::vector<std::string>& argv, const EnvMap& env, int timeout_ms,
                          const std::string& cwd) {
  ProcessResult r;
  if (argv.empty()) {
    r.error = "empty command";
    return r;
  }
  auto path_it = env.find("PATH");
  auto exe = find_executable(argv[0], path_it == env.end() ? std::string() : path_it->second);
  if (!exe) {
    r.error = "\"" + argv[0] + "\" not found" +
              (argv[0].find('/') == std::string::npos ? " in $PATH" : "");
    return r;
  }
  // Everything the child needs is built before fork: after fork only async-signal-safe calls.
  std::vector<std::string> env_strings;
  env_strings.reserve(env.size());
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    r.error = std::string("pipe: ") + std::strerror(errno);
    return r;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    r.error = std::string("pipe: ") + std::strerror(errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return r;
  }
  pid_t pid = fork();
  if (pid < 0) {
    r.error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    return r;
  }
  if (pid == 0) {
    setpgid(0, 0);  // own group, so a timeout kills grandchildren (go runs compile, cc runs as…)
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    execve(exe->c_str(), cargv.data(), cenv.data());
    _exit(127);
  }
  setpgid(pid, pid);
  r.started = true;
  close(out_pipe[1]);
  close(err_pipe[1]);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[8192];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      r.timed_out = true;
      break;
    }
    int n = poll(fds, 2, static_cast<int>(left));
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        append_capped(i == 0 ? r.out : r.err, buf, static_cast<size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  if (r.timed_out) kill(-pid, SIGKILL);
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  int status = 0;
  // The pipes are closed; the child is done or being killed. Wait with a short bounded loop so a
  // child that closed its pipes but keeps running cannot hang us either.
  const auto wait_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(
      r.timed_out ? 2000 : std::max(timeout_ms, 1));
  while (true) {
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() > wait_deadline) {
      r.timed_out = true;
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    usleep(2000);
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (r.exit_code == 127 && r.out.empty() && r.err.empty()) r.error = "could not execute " + *exe;
  return r;
}

std::vector<std::string> split_quoted(const std::string& s, std::string* error) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : s) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        cur += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) out.push_back(cur);
      cur.clear();
      in_word = false;
      continue;
    }
    cur += c;
    in_word = true;
  }
  if (quote != 0 && error != nullptr) *error = std::string("unterminated ") + quote + " string";
  if (in_word) out.push_back(cur);
  return out;
}

}  // namespace crossgo::env
