// Building blocks shared by the rule files: origin wording and fix commands
// that act where the value actually lives (shell environment vs the go env -w file).
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {

Location location_of(const Value& v) {
  const bool from_file = v.origin == Origin::goenv_file || v.origin == Origin::goroot_go_env;
  return Location{.file = from_file ? v.detail : "", .variable = v.name};
}

bool explicitly_set(const Value& v) {
  return v.origin == Origin::process_env || v.origin == Origin::goenv_file || v.origin == Origin::command_line;
}

std::string where(const Value& v) {
  switch (v.origin) {
    case Origin::process_env: return "from the process environment";
    case Origin::goenv_file: return "from the go env -w file (" + v.detail + ")";
    case Origin::goroot_go_env: return "from " + v.detail;
    case Origin::command_line: return "from the command line";
    case Origin::toolchain_default: return "(toolchain default)";
    case Origin::go_rule: return "(Go's default rule)";
    case Origin::unset: return "(unset)";
  }
  return "";
}

std::string set_command(const Value& v, const std::string& value) {
  if (v.origin == Origin::goenv_file) return "go env -w " + v.name + "=" + value;
  return "export " + v.name + "=" + value;
}

std::string unset_command(const Value& v) {
  if (v.origin == Origin::goenv_file) return "go env -u " + v.name;
  if (v.origin == Origin::process_env) return "unset " + v.name;
  return "";
}

std::string shown(const std::string& value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '"') out += "\\\"";
    else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string suggested_cc(const Environment& e, bool cxx) {
  auto triplets = ports::gnu_triplets(e.get("GOOS"), e.get("GOARCH"), e.get("GOARM"));
  const std::string suffix = cxx ? "-g++" : "-gcc";
  auto path = e.process.find("PATH");
  const std::string p = path == e.process.end() ? "" : path->second;
  for (const auto& t : triplets) {
    if (find_executable(t + suffix, p)) return t + suffix;
  }
  if (!triplets.empty()) return triplets.front() + suffix;
  const std::string goos = e.get("GOOS");
  if (goos == "darwin" || goos == "ios")
    return std::string(cxx ? "clang++" : "clang") + " (Xcode, or osxcross o64-clang, or `zig cc -target " +
           (e.get("GOARCH") == "arm64" ? "aarch64" : "x86_64") + "-macos`)";
  if (goos == "android") return "the Android NDK clang for this ABI (e.g. aarch64-linux-android21-clang)";
  return "a C compiler for " + e.get("GOOS") + "/" + e.get("GOARCH");
}

}  // namespace crossgo::env
