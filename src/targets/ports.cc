// The GOOS/GOARCH table by Go version (src/cmd/dist/build.go, cgoEnabled and broken: cmd/dist/build.go `cgoEnabled`, `broken`,
// `firstClass`; release notes for additions/removals) and Go version parsing.
#include "crossgo/ports.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace crossgo::ports {
namespace {

struct PortRow {
  std::string_view goos;
  std::string_view goarch;
  bool cgo;          // cgoEnabled as of the latest version
  bool first_class;
  int added;         // first minor with the port (0 = before 1.18)
  int removed;       // first minor without it (0 = still present)
  int broken_from;   // first minor where it is broken (-1 = never)
  int broken_until;  // first minor where it is no longer broken (0 = still broken)
  int cgo_from;      // first minor where cgo is supported (0 = always when cgo)
  std::string_view source;
};

// clang-format off
constexpr std::array<PortRow, 51> kPorts{{
  {"aix", "ppc64", true, false, 0, 0, -1, 0, 0, "RN go1.12"},
  {"android", "386", true, false, 0, 0, -1, 0, 0, ""},
  {"android", "amd64", true, false, 0, 0, -1, 0, 0, ""},
  {"android", "arm", true, false, 0, 0, -1, 0, 0, ""},
  {"android", "arm64", true, false, 0, 0, -1, 0, 0, ""},
  {"darwin", "amd64", true, true, 0, 0, -1, 0, 0, ""},
  {"darwin", "arm64", true, true, 0, 0, -1, 0, 0, "RN go1.16"},
  {"dragonfly", "amd64", true, false, 0, 0, -1, 0, 0, ""},
  {"freebsd", "386", true, false, 0, 0, -1, 0, 0, ""},
  {"freebsd", "amd64", true, false, 0, 0, -1, 0, 0, ""},
  {"freebsd", "arm", true, false, 0, 0, -1, 0, 0, ""},
  {"freebsd", "arm64", true, false, 0, 0, -1, 0, 0, "RN go1.14"},
  {"freebsd", "riscv64", true, false, 20, 0, 26, 0, 0, "RN go1.20; broken since go1.26 (go.dev/issue/76475)"},
  {"illumos", "amd64", true, false, 0, 0, -1, 0, 0, "RN go1.13"},
  {"ios", "amd64", true, false, 0, 0, -1, 0, 0, "RN go1.16"},
  {"ios", "arm64", true, false, 0, 0, -1, 0, 0, "RN go1.16"},
  {"js", "wasm", false, false, 0, 0, -1, 0, 0, "RN go1.11"},
  {"linux", "386", true, true, 0, 0, -1, 0, 0, ""},
  {"linux", "amd64", true, true, 0, 0, -1, 0, 0, ""},
  {"linux", "arm", true, true, 0, 0, -1, 0, 0, ""},
  {"linux", "arm64", true, true, 0, 0, -1, 0, 0, ""},
  {"linux", "loong64", true, false, 19, 0, -1, 0, 0, "RN go1.19"},
  {"linux", "mips", true, false, 0, 0, -1, 0, 0, ""},
  {"linux", "mips64", true, false, 0, 0, -1, 0, 0, ""},
  {"linux", "mips64le", true, false, 0, 0, -1, 0, 0, ""},
  {"linux", "mipsle", true, false, 0, 0, -1, 0, 0, ""},
  {"linux", "ppc64", true, false, 0, 0, -1, 0, 27, "cgo since go1.27 (ELFv2, RN go1.27)"},
  {"linux", "ppc64le", true, false, 0, 0, -1, 0, 0, ""},
  {"linux", "riscv64", true, false, 0, 0, -1, 0, 0, "RN go1.14"},
  {"linux", "s390x", true, false, 0, 0, -1, 0, 0, ""},
  {"linux", "sparc64", true, false, 0, 0, 0, 0, 0, "never complete (cmd/dist `incomplete`/`broken`)"},
  {"netbsd", "386", true, false, 0, 0, -1, 0, 0, ""},
  {"netbsd", "amd64", true, false, 0, 0, -1, 0, 0, ""},
  {"netbsd", "arm", true, false, 0, 0, -1, 0, 0, ""},
  {"netbsd", "arm64", true, false, 0, 0, -1, 0, 0, "RN go1.16"},
  {"openbsd", "386", true, false, 0, 0, -1, 0, 0, ""},
  {"openbsd", "amd64", true, false, 0, 0, -1, 0, 0, ""},
  {"openbsd", "arm", true, false, 0, 0, -1, 0, 0, ""},
  {"openbsd", "arm64", true, false, 0, 0, -1, 0, 0, ""},
  {"openbsd", "mips64", true, false, 0, 27, 21, 0, 0, "broken since go1.21, removed in go1.27 (31a8396219)"},
  {"openbsd", "ppc64", false, false, 21, 0, 21, 22, 0, "broken in go1.21, enabled in go1.22 (RN go1.22)"},
  {"openbsd", "riscv64", true, false, 22, 0, 22, 23, 23, "broken in go1.22, enabled with cgo in go1.23 (RN go1.23)"},
  {"plan9", "386", false, false, 0, 0, -1, 0, 0, ""},
  {"plan9", "amd64", false, false, 0, 0, -1, 0, 0, ""},
  {"plan9", "arm", false, false, 0, 0, -1, 0, 0, ""},
  {"solaris", "amd64", true, false, 0, 0, -1, 0, 0, ""},
  {"wasip1", "wasm", false, false, 21, 0, -1, 0, 0, "RN go1.21"},
  {"windows", "386", true, true, 0, 0, -1, 0, 0, ""},
  {"windows", "amd64", true, true, 0, 0, -1, 0, 0, ""},
  {"windows", "arm", false, false, 0, 26, 24, 0, 0, "broken since go1.24 (go.dev/issue/70705), removed in go1.26 (dc54d7b607)"},
  {"windows", "arm64", true, false, 0, 0, -1, 0, 0, "RN go1.17"},
}};
// clang-format on

const PortRow* find_row(std::string_view goos, std::string_view goarch) {
  for (const auto& r : kPorts) {
    if (r.goos == goos && r.goarch == goarch) return &r;
  }
  return nullptr;
}

bool broken_at(const PortRow& r, int minor) {
  if (r.broken_from < 0) return false;
  if (minor < r.broken_from) return false;
  return r.broken_until == 0 || minor < r.broken_until;
}

// internal/syslist: names recognised in file names and build tags but not buildable ports.
constexpr std::array<std::string_view, 13> kReserved{
    "hurd", "nacl", "zos", "amd64p32", "armbe", "arm64be", "mips64p32", "mips64p32le",
    "ppc", "riscv", "s390", "sparc", "wasm32"};

}  // namespace

std::optional<GoVersion> GoVersion::parse(std::string_view text) {
  // Find "go1." or a leading "1." and read the digits after it.
  size_t pos = text.find("go1.");
  size_t start;
  if (pos != std::string_view::npos) {
    start = pos + 4;
  } else if (text.substr(0, 2) == "1.") {
    start = 2;
  } else {
    return std::nullopt;
  }
  GoVersion v;
  v.raw = std::string(text.substr(0, std::min<size_t>(text.size(), 64)));
  auto digits = [&](size_t at, int& out) -> size_t {
    size_t end = at;
    while (end < text.size() && end - at < 4 && text[end] >= '0' && text[end] <= '9') ++end;
    if (end == at) return std::string_view::npos;
    std::from_chars(text.data() + at, text.data() + end, out);
    return end;
  };
  size_t end = digits(start, v.minor);
  if (end == std::string_view::npos) return std::nullopt;
  if (end < text.size() && text[end] == '.') {
    int patch = 0;
    size_t pend = digits(end + 1, patch);
    if (pend != std::string_view::npos) v.patch = patch;
  }
  return v;
}

std::string GoVersion::name() const { return "go1." + std::to_string(minor); }

PortStatus port_status(std::string_view goos, std::string_view goarch, const GoVersion& v) {
  PortStatus st;
  const PortRow* r = find_row(goos, goarch);
  if (r == nullptr) return st;
  st.added_minor = r->added;
  st.removed_minor = r->removed;
  st.broken_minor = r->broken_from;
  st.first_class = r->first_class;
  st.note = std::string(r->source);
  st.cgo_supported = r->cgo && v.minor >= r->cgo_from;
  if (r->added != 0 && v.minor < r->added) {
    st.state = PortState::not_yet;
  } else if (r->removed != 0 && v.minor >= r->removed) {
    st.state = PortState::removed;
  } else if (broken_at(*r, v.minor)) {
    st.state = PortState::broken;
  } else {
    st.state = PortState::supported;
  }
  return st;
}

std::vector<Pair> all_ports(const GoVersion& v, bool include_broken) {
  std::vector<Pair> out;
  for (const auto& r : kPorts) {
    auto st = port_status(r.goos, r.goarch, v);
    if (st.state == PortState::supported ||
        (include_broken && st.state == PortState::broken)) {
      out.push_back({std::string(r.goos), std::string(r.goarch)});
    }
  }
  return out;
}

bool is_goos(std::string_view goos) {
  return std::any_of(kPorts.begin(), kPorts.end(), [&](const PortRow& r) { return r.goos == goos; });
}

bool is_goarch(std::string_view goarch) {
  return std::any_of(kPorts.begin(), kPorts.end(),
                     [&](const PortRow& r) { return r.goarch == goarch; });
}

bool is_reserved_name(std::string_view name) {
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

}  // namespace crossgo::ports
