// A small subprocess runner: fork + execve with an explicit environment (never a shell), stdout and
// stderr drained with poll() so neither pipe can fill and block the child, and a hard timeout
// after which the whole process group is killed. doctor must never hang on a broken `go` or CC.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <map>
#include <set>

#include "crossgo/env.h"
#include "crossgo/limits.h"

namespace crossgo::env {
namespace {

bool is_executable_file(const std::string& p) {
  struct stat st {};
  if (stat(p.c_str(), &st) != 0) return false;
  return S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
}

void append_capped(std::string& dst, const char* data, size_t n, size_t cap, bool& truncated) {
  if (dst.size() + n > cap) truncated = true;
  if (dst.size() >= cap) return;
  dst.append(data, std::min(n, cap - dst.size()));
}

// Descendants that leave the tool's process group (setsid, a daemonising helper) would outlive
// crossgo. As a child subreaper (prctl PR_SET_CHILD_SUBREAPER) crossgo inherits them when their
// parent exits; after each tool, every child of ours that we did not start ourselves is such an
// orphan, and is killed and reaped.
std::atomic<bool> g_reap_orphans{false};
std::atomic<int64_t> g_deadline_ns{0};  // steady_clock, 0 = none
std::mutex g_tool_mutex;
std::map<std::string, ProcessResult> g_answers;
std::map<std::string, std::string> g_hung;  // tool path → why it is not asked again
std::mutex g_spawned_mutex;
std::set<pid_t> g_spawned;

void forget(pid_t pid) {
  std::lock_guard<std::mutex> lock(g_spawned_mutex);
  g_spawned.erase(pid);
}

std::vector<pid_t> our_children() {
  std::vector<pid_t> out;
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return out;
  while (dirent* t = readdir(tasks)) {
    if (t->d_name[0] == '.') continue;
    std::ifstream in(std::string("/proc/self/task/") + t->d_name + "/children");
    long p = 0;
    while (in >> p) out.push_back(static_cast<pid_t>(p));
  }
  closedir(tasks);
  return out;
}

void reap_orphans() {
  if (!g_reap_orphans.load()) return;
  for (int round = 0; round < 16; ++round) {
    std::vector<pid_t> orphans;
    {
      std::lock_guard<std::mutex> lock(g_spawned_mutex);
      for (pid_t p : our_children())
        if (g_spawned.count(p) == 0) orphans.push_back(p);
    }
    if (orphans.empty()) return;
    for (pid_t p : orphans) {
      kill(p, SIGKILL);
      waitpid(p, nullptr, 0);
    }
  }
}

}  // namespace

void reap_orphaned_descendants() {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) == 0) g_reap_orphans.store(true);
}

std::optional<std::string> find_executable(const std::string& name, const std::string& path) {
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string::npos) {
    if (!is_executable_file(name)) return std::nullopt;
    // Children run in another directory: a relative ./cc/my-cc is made absolute here, against
    // this process's working directory (where the user typed it).
    if (name[0] != '/') {
      std::error_code ec;
      auto abs = std::filesystem::absolute(name, ec);
      if (!ec) return abs.lexically_normal().string();
    }
    return name;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t colon = path.find(':', start);
    std::string dir = path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (colon == std::string::npos) start = path.size() + 1;
    else start = colon + 1;
    // An empty or relative PATH element means "the current directory": like Go's os/exec since
    // go1.19 (exec.ErrDot), such entries are not searched, so ./go is never taken for the go
    // "in $PATH".
    if (dir.empty() || dir[0] != '/') continue;
    std::string cand = dir + "/" + name;
    if (is_executable_file(cand)) return cand;
  }
  return std::nullopt;
}

void begin_run(int seconds_from_now) {
  {
    std::lock_guard<std::mutex> lock(g_tool_mutex);
    g_answers.clear();
    g_hung.clear();
  }
  const auto d = std::chrono::steady_clock::now() + std::chrono::seconds(seconds_from_now);
  g_deadline_ns.store(std::chrono::duration_cast<std::chrono::nanoseconds>(d.time_since_epoch()).count());
}

ProcessResult run_tool(const std::vector<std::string>& argv, const EnvMap& env, int timeout_ms,
                       const std::string& cwd) {
  if (argv.empty() || g_deadline_ns.load() == 0) return run_process(argv, env, timeout_ms, cwd);
  auto path_it = env.find("PATH");
  const auto exe = find_executable(argv[0], path_it == env.end() ? std::string() : path_it->second);
  std::string key = cwd + '\0';
  struct stat st {};
  if (exe && stat(exe->c_str(), &st) == 0)
    key += *exe + '\0' + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + '\0';
  for (const auto& a : argv) key += a + '\x1f';
  key += '\0';
  for (const auto& [k, v] : env) key += k + '=' + v + '\x1f';
  {
    std::lock_guard<std::mutex> lock(g_tool_mutex);
    if (auto it = g_answers.find(key); it != g_answers.end()) return it->second;
    if (exe) {
      if (auto hung = g_hung.find(*exe); hung != g_hung.end()) {
        ProcessResult r;
        r.timed_out = true;
        r.error = "not asked again: " + *exe + " " + hung->second;
        return r;
      }
    }
  }
  ProcessResult r = run_process(argv, env, timeout_ms, cwd);
  std::lock_guard<std::mutex> lock(g_tool_mutex);
  if (r.timed_out && exe) g_hung.emplace(*exe, "did not answer within " + std::to_string(timeout_ms / 1000) + " s earlier in this run");
  g_answers.emplace(std::move(key), r);
  return r;
}

ProcessResult run_process(const std::vector<std::string>& argv, const EnvMap& env, int timeout_ms,
                          const std::string& cwd, size_t max_stdout) {
  ProcessResult r;
  if (argv.empty()) {
    r.error = "empty command";
    return r;
  }
  if (const int64_t d = g_deadline_ns.load(); d != 0) {
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    const int64_t left_ms = (d - now) / 1000000;
    if (left_ms <= 0) {
      r.timed_out = true;
      r.error = "not run: the overall time limit (--timeout) was reached";
      return r;
    }
    timeout_ms = static_cast<int>(std::min<int64_t>(timeout_ms, left_ms));
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

  int out_pipe[2], err_pipe[2], exec_pipe[2];
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
  // The child reports why chdir or execve failed through this pipe; a successful execve closes
  // it (O_CLOEXEC), so EOF means "started".
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) {
    r.error = std::string("pipe: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    return r;
  }
  pid_t pid = 0;
  {
    std::lock_guard<std::mutex> lock(g_spawned_mutex);
    pid = fork();
    if (pid > 0) g_spawned.insert(pid);
  }
  if (pid < 0) {
    r.error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], exec_pipe[0], exec_pipe[1]}) close(fd);
    return r;
  }
  if (pid == 0) {
    setpgid(0, 0);  // own group, so a timeout kills grandchildren (go runs compile, cc runs as…)
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    int code[2] = {0, 0};  // {step, errno}: step 1 = chdir, 2 = execve
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
      code[0] = 1;
      code[1] = errno;
    } else {
      execve(exe->c_str(), cargv.data(), cenv.data());
      code[0] = 2;
      code[1] = errno;
    }
    ssize_t ignored = write(exec_pipe[1], code, sizeof code);
    (void)ignored;
    _exit(127);
  }
  setpgid(pid, pid);
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(exec_pipe[1]);
  int code[2] = {0, 0};
  ssize_t got_code = 0;
  do {
    got_code = read(exec_pipe[0], code, sizeof code);
  } while (got_code < 0 && errno == EINTR);
  close(exec_pipe[0]);
  if (got_code == static_cast<ssize_t>(sizeof code)) {
    r.error = (code[0] == 1 ? "could not change to " + cwd : "could not execute " + *exe) + ": " +
              std::strerror(code[1]);
    for (int fd : {out_pipe[0], err_pipe[0]}) close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    forget(pid);
    return r;
  }
  r.started = true;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::optional<std::chrono::steady_clock::time_point> exited_at;
  int status = 0;
  bool reaped = false;
  char buf[8192];
  while (open_fds > 0) {
    const auto now = std::chrono::steady_clock::now();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    if (left <= 0) {
      r.timed_out = !reaped;
      break;
    }
    // The tool answered and exited, but a grandchild still holds its stdout (a daemon, a
    // background job): what matters arrived; do not wait for the grandchild.
    if (exited_at && now - *exited_at > std::chrono::milliseconds(200)) break;
    int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, 50)));
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2 && n > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        if (i == 0) {
          append_capped(r.out, buf, static_cast<size_t>(got), max_stdout, r.out_truncated);
        } else {
          append_capped(r.err, buf, static_cast<size_t>(got), limits::kMaxProcessOutput, r.err_truncated);
        }
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
    if (!reaped && waitpid(pid, &status, WNOHANG) == pid) {
      reaped = true;
      exited_at = std::chrono::steady_clock::now();
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) close(f.fd);
  }
  // Whatever is left of the tool's process group (grandchildren, or everything on a timeout).
  kill(-pid, SIGKILL);
  if (!reaped) {
    // The pipes are closed; the child is done or being killed. Bounded wait, so a child that
    // closed its pipes but keeps running cannot hang us either.
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
  }
  forget(pid);
  reap_orphans();
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
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
