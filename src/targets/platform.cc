// Target spellings (OCI, GoReleaser, Go) and the alias table behind "did you mean" suggestions.
// Aliases come from observed with Go 1.19 on Debian 12 (macos, osx, x86_64, aarch64, armhf, …) and common triplets.
#include "crossgo/platform.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "crossgo/ports.h"

namespace crossgo {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

struct OsAlias {
  std::string_view alias;
  std::string_view goos;
};
constexpr OsAlias kOsAliases[] = {
    {"macos", "darwin"}, {"osx", "darwin"},   {"mac", "darwin"},      {"macosx", "darwin"},
    {"apple", "darwin"}, {"win", "windows"},  {"win32", "windows"},   {"win64", "windows"},
    {"mingw", "windows"}, {"mingw32", "windows"}, {"w64", "windows"}, {"gnu/linux", "linux"},
    {"sunos", "solaris"}, {"wasi", "wasip1"}, {"iphoneos", "ios"},
};

struct ArchAlias {
  std::string_view alias;
  std::string_view goarch;
  std::string_view variable;
  std::string_view value;
};
constexpr ArchAlias kArchAliases[] = {
    {"x86_64", "amd64", "", ""},   {"x86-64", "amd64", "", ""},   {"x64", "amd64", "", ""},
    {"amd64v3", "amd64", "GOAMD64", "v3"},
    {"aarch64", "arm64", "", ""},  {"armv8", "arm64", "", ""},    {"arm64v8", "arm64", "", ""},
    {"armhf", "arm", "GOARM", "7"}, {"armv7", "arm", "GOARM", "7"}, {"armv7l", "arm", "GOARM", "7"},
    {"armv7hf", "arm", "GOARM", "7"}, {"arm32v7", "arm", "GOARM", "7"},
    {"armv6", "arm", "GOARM", "6"}, {"armv6l", "arm", "GOARM", "6"}, {"arm32v6", "arm", "GOARM", "6"},
    {"armel", "arm", "GOARM", "5"}, {"armv5", "arm", "GOARM", "5"}, {"arm32v5", "arm", "GOARM", "5"},
    {"i386", "386", "", ""},       {"i486", "386", "", ""},       {"i586", "386", "", ""},
    {"i686", "386", "", ""},       {"x86", "386", "", ""},        {"ia32", "386", "", ""},
    {"ppc64el", "ppc64le", "", ""}, {"powerpc64le", "ppc64le", "", ""}, {"powerpc64", "ppc64", "", ""},
    {"mipsel", "mipsle", "", ""},  {"mips64el", "mips64le", "", ""},
    {"loongarch64", "loong64", "", ""}, {"riscv", "riscv64", "", ""}, {"rv64", "riscv64", "", ""},
    {"s390", "s390x", "", ""},     {"wasm32", "wasm", "", ""},
};

// Sub-arch spelling in a platform string → (variable, value) for this GOARCH.
std::optional<std::pair<std::string, std::string>> variant_value(std::string_view goarch,
                                                                 std::string_view variant) {
  std::string v = lower(variant);
  if (goarch == "arm") {
    if (!v.empty() && v[0] == 'v') v.erase(0, 1);
    if (v == "5" || v == "6" || v == "7") return std::pair{std::string("GOARM"), v};
    return std::nullopt;
  }
  if (goarch == "amd64") {
    if (v.size() == 1) v = "v" + v;
    if (v == "v1" || v == "v2" || v == "v3" || v == "v4") return std::pair{std::string("GOAMD64"), v};
    return std::nullopt;
  }
  if (goarch == "arm64") {
    if (v == "v8" || v == "v8.0") return std::pair{std::string(), std::string("v8")};
    if (v.size() >= 4 && (v.rfind("v8.", 0) == 0 || v.rfind("v9.", 0) == 0))
      return std::pair{std::string("GOARM64"), v};
    return std::nullopt;
  }
  if (goarch == "386" && (v == "sse2" || v == "softfloat")) return std::pair{std::string("GO386"), v};
  if ((goarch == "mips" || goarch == "mipsle") && (v == "hardfloat" || v == "softfloat"))
    return std::pair{std::string("GOMIPS"), v};
  if ((goarch == "mips64" || goarch == "mips64le") && (v == "hardfloat" || v == "softfloat"))
    return std::pair{std::string("GOMIPS64"), v};
  if ((goarch == "ppc64" || goarch == "ppc64le") &&
      (v == "power8" || v == "power9" || v == "power10"))
    return std::pair{std::string("GOPPC64"), v};
  if (goarch == "riscv64" && v.rfind("rva", 0) == 0) return std::pair{std::string("GORISCV64"), v};
  return std::nullopt;
}

}  // namespace

std::string Target::variant_variable() const {
  if (variant.empty()) return "";
  auto vv = variant_value(goarch, variant);
  return vv ? vv->first : "";
}

std::string Target::to_string() const {
  std::string s = pair();
  std::string var = variant_variable();
  if (!var.empty()) s += " (" + var + "=" + variant + ")";
  return s;
}

std::optional<std::string> suggest_goos(std::string_view value) {
  std::string t = lower(trim(value));
  if (t.empty()) return std::nullopt;
  if (ports::is_goos(t)) return t;  // case or whitespace was the problem
  for (const auto& a : kOsAliases) {
    if (a.alias == t) return std::string(a.goos);
  }
  if (t.rfind("darwin", 0) == 0) return std::string("darwin");
  if (t.rfind("linux", 0) == 0) return std::string("linux");
  if (t.rfind("windows", 0) == 0) return std::string("windows");
  if (t.rfind("freebsd", 0) == 0) return std::string("freebsd");
  return std::nullopt;
}

std::optional<ArchSuggestion> suggest_goarch(std::string_view value) {
  std::string t = lower(trim(value));
  if (t.empty()) return std::nullopt;
  if (ports::is_goarch(t)) return ArchSuggestion{t, "", ""};
  for (const auto& a : kArchAliases) {
    if (a.alias == t)
      return ArchSuggestion{std::string(a.goarch), std::string(a.variable), std::string(a.value)};
  }
  return std::nullopt;
}

TargetParse parse_target(std::string_view text) {
  TargetParse out;
  const std::string raw(text);
  if (text.empty() || text.size() > 64) {
    out.error = "a target looks like linux/arm64, linux/arm/v7 or linux_amd64_v3";
    return out;
  }
  for (char c : text) {
    if (!std::isprint(static_cast<unsigned char>(c)) || c == ' ') {
      out.error = "target contains whitespace or control characters";
      if (auto t = trim(text); t != raw && !t.empty()) out.suggestions.push_back(t);
      return out;
    }
  }
  std::vector<std::string> parts;
  if (text.find('/') != std::string_view::npos) {
    parts = split(text, '/');
  } else if (text.find('_') != std::string_view::npos) {
    parts = split(text, '_');
    // GoReleaser never splits x86_64, but users write linux_x86_64.
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (lower(parts[i]) == "x86" && parts[i + 1] == "64") {
        parts[i] = "x86_64";
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      }
    }
  } else if (text.find('-') != std::string_view::npos) {
    // A GNU triplet such as aarch64-linux-gnu: arch first, OS somewhere after.
    auto tri = split(text, '-');
    std::string os;
    for (size_t i = 1; i < tri.size() && os.empty(); ++i) {
      if (auto g = suggest_goos(tri[i])) os = *g;
    }
    auto arch = suggest_goarch(tri[0]);
    if (!os.empty() && arch) {
      std::string sugg = os + "/" + arch->goarch;
      if (!arch->value.empty()) sugg += "/" + (arch->variable == "GOARM" ? "v" + arch->value : arch->value);
      out.suggestions.push_back(sugg);
    }
    out.error = "\"" + raw + "\" looks like a C toolchain triplet, not a Go target";
    return out;
  } else {
    out.error = "\"" + raw + "\" is not a target: write GOOS/GOARCH, e.g. linux/arm64";
    if (auto a = suggest_goarch(raw)) out.suggestions.push_back("linux/" + a->goarch);
    return out;
  }
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
    out.error = "\"" + raw + "\" is not GOOS/GOARCH[/VARIANT]";
    return out;
  }
  const std::string& os = parts[0];
  const std::string& arch = parts[1];
  const std::string variant = parts.size() == 3 ? parts[2] : "";
  bool ok = true;
  std::string goos = os, goarch = arch, sugg_variant = variant;
  if (!ports::is_goos(os)) {
    ok = false;
    auto g = suggest_goos(os);
    if (g) goos = *g;
    out.error = "unknown GOOS \"" + os + "\"";
  }
  if (!ports::is_goarch(arch)) {
    ok = false;
    auto a = suggest_goarch(arch);
    if (a) {
      goarch = a->goarch;
      if (sugg_variant.empty() && !a->value.empty())
        sugg_variant = a->variable == "GOARM" ? "v" + a->value : a->value;
    }
    if (!out.error.empty()) out.error += ", ";
    out.error += "unknown GOARCH \"" + arch + "\"";
  }
  if (!ok) {
    if (ports::is_goos(goos) && ports::is_goarch(goarch)) {
      out.suggestions.push_back(goos + "/" + goarch + (sugg_variant.empty() ? "" : "/" + sugg_variant));
    }
    return out;
  }
  Target t{goos, goarch, ""};
  if (!variant.empty()) {
    auto vv = variant_value(goarch, variant);
    if (!vv) {
      out.error = "variant \"" + variant + "\" means nothing for GOARCH=" + goarch;
      if (auto sub = ports::subarch_for(goarch, goos, ports::GoVersion{ports::kLatestKnownMinor, 0, ""}))
        out.error += " (" + sub->variable + " takes other values)";
      return out;
    }
    t.variant = vv->first.empty() ? "" : vv->second;
  }
  out.target = t;
  return out;
}

}  // namespace crossgo
