// Sub-architecture variables (src/internal/buildcfg/cfg.go; internal/buildcfg/cfg.go parsers and cmd/dist
// defaults). Values and defaults are version dependent: e.g. GOARM defaults to 5 on non-ARM hosts
// before go1.21 and to 7 since; GOARM64/GORISCV64 exist only since go1.23.
#include <algorithm>
#include <string>

#include "crossgo/ports.h"

namespace crossgo::ports {
namespace {

bool one_of(std::string_view v, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

SubArchCheck bad(std::string message, std::string values) {
  return SubArchCheck{false, std::move(message), std::move(values)};
}

SubArchCheck check_goarm64(std::string_view value) {
  const std::string values = "v8.0-v8.9 or v9.0-v9.5, optionally followed by ,lse and/or ,crypto";
  auto fail = [&] {
    return bad("invalid GOARM64: must start with v8.{0-9} or v9.{0-5} and may optionally end in "
               "\",lse\" and/or \",crypto\"",
               values);
  };
  if (value.size() < 4 || value[0] != 'v' || value[2] != '.') return fail();
  const char major = value[1];
  const char minor = value[3];
  if (major == '8') {
    if (minor < '0' || minor > '9') return fail();
  } else if (major == '9') {
    if (minor < '0' || minor > '5') return fail();
  } else {
    return fail();
  }
  std::string_view rest = value.substr(4);
  while (!rest.empty()) {
    if (rest.substr(0, 4) == ",lse") {
      rest.remove_prefix(4);
    } else if (rest.substr(0, 7) == ",crypto") {
      rest.remove_prefix(7);
    } else {
      return fail();
    }
  }
  return {true, "", values};
}

}  // namespace

const std::vector<std::string>& subarch_variables() {
  static const std::vector<std::string> kVars{"GO386",  "GOAMD64", "GOARM",     "GOARM64", "GOMIPS",
                                              "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM"};
  return kVars;
}

std::vector<std::string> subarch_goarches(std::string_view variable) {
  if (variable == "GO386") return {"386"};
  if (variable == "GOAMD64") return {"amd64"};
  if (variable == "GOARM") return {"arm"};
  if (variable == "GOARM64") return {"arm64"};
  if (variable == "GOMIPS") return {"mips", "mipsle"};
  if (variable == "GOMIPS64") return {"mips64", "mips64le"};
  if (variable == "GOPPC64") return {"ppc64", "ppc64le"};
  if (variable == "GORISCV64") return {"riscv64"};
  if (variable == "GOWASM") return {"wasm"};
  return {};
}

int subarch_since(std::string_view variable) {
  if (variable == "GOARM64" || variable == "GORISCV64") return 23;
  return 0;
}

std::optional<SubArch> subarch_for(std::string_view goarch, std::string_view goos,
                                   const GoVersion& v) {
  const int m = v.minor;
  if (goarch == "amd64") return SubArch{"GOAMD64", "v1", "cmd/dist default v1 (since go1.18)"};
  if (goarch == "386") return SubArch{"GO386", "sse2", "cmd/dist default sse2"};
  if (goarch == "arm") {
    if (goos == "android")
      return SubArch{"GOARM", "7", "internal/buildcfg forces 7 for android/arm"};
    if (m >= 21)
      return SubArch{"GOARM", "7", "cmd/dist default 7 for toolchains built on non-ARM hosts (go1.21+)"};
    if (goos == "windows") return SubArch{"GOARM", "7", "cmd/dist default 7 for windows/arm (before go1.21)"};
    return SubArch{"GOARM", "5", "cmd/dist default 5 for toolchains built on non-ARM hosts (before go1.21)"};
  }
  if (goarch == "arm64") {
    if (m < 23) return std::nullopt;
    return SubArch{"GOARM64", "v8.0", "cmd/dist default v8.0 (go1.23+)"};
  }
  if (goarch == "mips" || goarch == "mipsle")
    return SubArch{"GOMIPS", "hardfloat", "cmd/dist default hardfloat"};
  if (goarch == "mips64" || goarch == "mips64le")
    return SubArch{"GOMIPS64", "hardfloat", "cmd/dist default hardfloat"};
  if (goarch == "ppc64" || goarch == "ppc64le")
    return SubArch{"GOPPC64", "power8", "cmd/dist default power8"};
  if (goarch == "riscv64") {
    if (m < 23) return std::nullopt;
    return SubArch{"GORISCV64", "rva20u64", "cmd/dist default rva20u64 (go1.23+)"};
  }
  if (goarch == "wasm") return SubArch{"GOWASM", "", "no features by default"};
  return std::nullopt;
}

SubArchCheck check_subarch(std::string_view variable, std::string_view value, const GoVersion& v) {
  const int m = v.minor;
  if (variable == "GOAMD64") {
    if (one_of(value, {"v1", "v2", "v3", "v4"})) return {true, "", "v1, v2, v3, v4"};
    return bad("invalid GOAMD64: must be v1, v2, v3, v4", "v1, v2, v3, v4");
  }
  if (variable == "GO386") {
    if (one_of(value, {"sse2", "softfloat"})) return {true, "", "sse2, softfloat"};
    if (value == "387")
      return bad("unsupported setting GO386=387. Consider using GO386=softfloat instead.",
                 "sse2, softfloat");
    return bad("unsupported setting GO386=" + std::string(value), "sse2, softfloat");
  }
  if (variable == "GOARM") {
    std::string_view base = value;
    std::string_view suffix;
    if (auto comma = value.find(','); comma != std::string_view::npos) {
      base = value.substr(0, comma);
      suffix = value.substr(comma);
    }
    if (m < 22) {
      if (suffix.empty() && one_of(base, {"5", "6", "7"})) return {true, "", "5, 6, 7"};
      return bad("invalid GOARM: must be 5, 6, 7", "5, 6, 7");
    }
    const std::string values = "5, 6, 7, optionally followed by ,softfloat or ,hardfloat";
    if (one_of(base, {"5", "6", "7"}) && one_of(suffix, {"", ",softfloat", ",hardfloat"}))
      return {true, "", values};
    return bad("invalid GOARM: must start with 5, 6, or 7, and may optionally end in either "
               "\",hardfloat\" or \",softfloat\"",
               values);
  }
  if (variable == "GOARM64") return check_goarm64(value);
  if (variable == "GOMIPS" || variable == "GOMIPS64") {
    if (one_of(value, {"hardfloat", "softfloat"})) return {true, "", "hardfloat, softfloat"};
    return bad("invalid " + std::string(variable) + ": must be hardfloat, softfloat",
               "hardfloat, softfloat");
  }
  if (variable == "GOPPC64") {
    const bool p10 = m >= 20;
    const std::string values = p10 ? "power8, power9, power10" : "power8, power9";
    if (one_of(value, {"power8", "power9"}) || (p10 && value == "power10")) return {true, "", values};
    return bad("invalid GOPPC64: must be " + values, values);
  }
  if (variable == "GORISCV64") {
    const bool v23 = m >= 25;
    const std::string values = v23 ? "rva20u64, rva22u64, rva23u64" : "rva20u64, rva22u64";
    if (one_of(value, {"rva20u64", "rva22u64"}) || (v23 && value == "rva23u64"))
      return {true, "", values};
    return bad("invalid GORISCV64: must be " + values, values);
  }
  if (variable == "GOWASM") {
    std::string_view rest = value;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      if (!item.empty() && !one_of(item, {"satconv", "signext"}))
        return bad("invalid GOWASM: no such feature \"" + std::string(item) + "\"", "satconv, signext");
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    return {true, "", "satconv, signext"};
  }
  return {true, "", ""};
}

}  // namespace crossgo::ports
