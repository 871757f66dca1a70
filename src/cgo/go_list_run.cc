// Runs `go list` for crossgo cgo: argv only (never a shell), an environment built from scratch, a
// timeout. Two questions run side by side: the dependency graph (`go list -e -deps -json`) and the
// build context the go command applies to it (`go list -f '{{context…}}' unsafe`: GOOS, GOARCH,
// cgo, and the tool and release tags, which crossgo's file rules need and which depend on the Go
// version and GOEXPERIMENT), so the second costs no extra wall time.
#include <future>

#include "crossgo/cgo.h"

namespace crossgo::cgo {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// What the go command needs to find the same modules, caches and proxies as the user's own `go
// build`: every GO* variable (GOFLAGS, GOPATH, GOMODCACHE, GOPROXY, GOWORK, GOENV …), where the
// `go env -w` file and caches live, and the network settings module downloads use.
bool passed_through(const std::string& name) {
  static const char* const kNames[] = {"PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR",
                                       "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
                                       "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR", "SSH_AUTH_SOCK"};
  if (starts_with(name, "GO")) return true;
  for (const char* n : kNames)
    if (name == n) return true;
  return false;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string first_lines(const std::string& text, size_t max_lines) {
  size_t pos = 0;
  for (size_t i = 0; i < max_lines && pos != std::string::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  std::string out = pos == std::string::npos ? text : text.substr(0, pos);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

env::EnvMap go_list_environment(const GoListRequest& request) {
  env::EnvMap out;
  for (const auto& [k, v] : request.process)
    if (passed_through(k)) out[k] = v;
  if (request.target) {
    out.insert_or_assign("GOOS", request.target->goos);
    out.insert_or_assign("GOARCH", request.target->goarch);
    if (std::string var = request.target->variant_variable(); !var.empty())
      out.insert_or_assign(std::move(var), request.target->variant);
  }
  out.insert_or_assign("CGO_ENABLED", std::string(request.cgo_enabled ? "1" : "0"));
  // A module fetch must fail rather than wait for a password prompt nobody can answer.
  out.insert_or_assign("GIT_TERMINAL_PROMPT", std::string("0"));
  return out;
}

std::optional<gosrc::BuildContext> parse_context_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t bar = line.find('|', start);
    parts.emplace_back(line.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (parts.size() != 7 || parts[0].empty() || parts[1].empty()) return std::nullopt;
  auto list = [](const std::string& s) {
    std::vector<std::string> out;
    size_t b = 0;
    while (b < s.size()) {
      size_t c = s.find(',', b);
      if (c == std::string::npos) c = s.size();
      if (c > b) out.push_back(s.substr(b, c - b));
      b = c + 1;
    }
    return out;
  };
  gosrc::BuildContext c;
  c.goos = parts[0];
  c.goarch = parts[1];
  if (parts[2] != "true" && parts[2] != "false") return std::nullopt;
  c.cgo_enabled = parts[2] == "true";
  c.build_tags = list(parts[3]);
  c.tool_tags = list(parts[4]);
  c.release_tags = list(parts[5]);
  c.compiler = parts[6];
  // The newest release tag is the Go version: go1.19 lists go1.1 … go1.19.
  for (const auto& tag : c.release_tags) {
    if (!starts_with(tag, "go1.")) continue;
    int minor = 0;
    for (char ch : tag.substr(4)) {
      if (ch < '0' || ch > '9' || minor > 1000) {
        minor = -1;
        break;
      }
      minor = minor * 10 + (ch - '0');
    }
    if (minor > c.go_minor) c.go_minor = minor;
  }
  return c;
}

GoListRun run_go_list(const GoListRequest& request) {
  GoListRun run;
  run.environment = go_list_environment(request);
  std::vector<std::string> tags;
  if (!request.tags.empty()) tags = {"-tags", join(request.tags, ",")};

  std::vector<std::string> context_argv = {request.go, "list", "-e"};
  context_argv.insert(context_argv.end(), tags.begin(), tags.end());
  context_argv.insert(context_argv.end(),
                      {"-f",
                       "{{context.GOOS}}|{{context.GOARCH}}|{{context.CgoEnabled}}|{{join context.BuildTags \",\"}}|"
                       "{{join context.ToolTags \",\"}}|{{join context.ReleaseTags \",\"}}|{{context.Compiler}}",
                       "unsafe"});
  auto context_answer = std::async(std::launch::async, [&] {
    return env::run_process(context_argv, run.environment, request.timeout_ms, request.cwd);
  });

  run.argv = {request.go, "list", "-e", "-json"};
  if (request.deps) run.argv.insert(run.argv.begin() + 3, "-deps");
  run.argv.insert(run.argv.end(), tags.begin(), tags.end());
  const std::vector<std::string> patterns = request.patterns.empty() ? std::vector<std::string>{"./..."} : request.patterns;
  run.argv.insert(run.argv.end(), patterns.begin(), patterns.end());
  env::ProcessResult listed =
      env::run_process(run.argv, run.environment, request.timeout_ms, request.cwd, limits::kMaxGoListBytes);
  env::ProcessResult context = context_answer.get();

  run.exit_code = listed.exit_code;
  run.timed_out = listed.timed_out || context.timed_out;
  if (!listed.started) {
    run.error = listed.error;
    return run;
  }
  if (run.timed_out) {
    run.error = "go list did not finish within " + std::to_string(request.timeout_ms / 1000) + " s";
    return run;
  }
  if (listed.exit_code != 0) {
    run.error = listed.err.empty() ? "go list exited with status " + std::to_string(listed.exit_code)
                                   : first_lines(listed.err, 40);
    return run;
  }
  if (listed.out_truncated) {
    run.error = "go list printed more than crossgo reads";
    return run;
  }
  auto parsed_context = context.exit_code == 0 ? parse_context_line(context.out) : std::nullopt;
  if (!parsed_context) {
    run.error = "go list did not report its build context: " +
                (context.err.empty() ? first_lines(context.out, 3) : first_lines(context.err, 10));
    return run;
  }
  auto parsed = parse_go_list(listed.out);
  if (!parsed) {
    run.error = parsed.error().to_string();
    return run;
  }
  run.result = std::move(parsed.value());
  run.result->context = *parsed_context;
  run.result->go_version = parsed_context->go_minor > 0 ? "go1." + std::to_string(parsed_context->go_minor) : "";
  return run;
}

}  // namespace crossgo::cgo
