// Linking knowledge by Go version: internal/platform/supported.go (MustLinkExternal,
// BuildModeSupported, DefaultPIE, InternalLinkPIESupported; src/internal/platform/supported.go), output formats (src/cmd/internal/objabi/head.go),
// ELF interpreters (ELFArch interpreters in src/cmd/link/internal/<arch>/obj.go) and cmd/dist's default C compiler (src/cmd/dist/build.go and buildgo.go, defaultcc).
#include <algorithm>
#include <initializer_list>
#include <string>

#include "crossgo/ports.h"

namespace crossgo::ports {
namespace {

bool in(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool is_mips(std::string_view a) { return in(a, {"mips", "mipsle", "mips64", "mips64le"}); }

}  // namespace

bool must_link_external(std::string_view goos, std::string_view goarch, bool with_cgo,
                        const GoVersion& v, std::string* reason) {
  auto say = [&](std::string text) {
    if (reason != nullptr) *reason = std::move(text);
    return true;
  };
  const std::string pair = std::string(goos) + "/" + std::string(goarch);
  // Always (every version): Android except arm64, and iOS on arm64 have no internal linker path.
  if (goos == "android" && goarch != "arm64") return say(pair + " requires external linking");
  if (goos == "ios" && goarch == "arm64") return say(pair + " requires external linking");
  if (!with_cgo) return false;
  // With cgo (go.dev/issue/14449 for mips; go1.21 moved these from cmd/link into platform).
  if (is_mips(goarch)) return say(std::string(goarch) + " does not support internal cgo");
  if (goos == "aix" && goarch == "ppc64") return say("aix/ppc64 requires external linking with cgo");
  if (goos == "android" || goos == "dragonfly")
    return say(std::string(goos) + " requires external linking with cgo");
  if (goarch == "loong64" && v.minor < 25)
    return say("loong64 does not support internal cgo before go1.25");
  if (goarch == "riscv64" && v.minor < 22)
    return say("riscv64 does not support internal cgo before go1.22");
  if (goos == "windows" && goarch == "arm64" && v.minor < 26)
    return say("windows/arm64 does not support internal cgo before go1.26");
  if (goarch == "ppc64") {
    if (v.minor < 22) return say("ppc64 (big-endian) requires external linking with cgo before go1.22");
    if (goos == "linux" && v.minor < 27)
      return say("linux/ppc64 requires external linking with cgo before go1.27");
  }
  return false;
}

bool build_mode_supported(std::string_view mode, std::string_view goos, std::string_view goarch,
                          const GoVersion& v) {
  auto st = port_status(goos, goarch, v);
  if (st.state != PortState::supported && st.state != PortState::broken) return false;
  const std::string p = std::string(goos) + "/" + std::string(goarch);
  const int m = v.minor;
  if (mode == "archive" || mode == "default" || mode == "exe") return true;
  if (mode == "c-archive") {
    if (m < 21) return p != "linux/ppc64";  // the old "dubious" catch-all rule
    if (in(goos, {"aix", "darwin", "ios", "windows"})) return true;
    if (goos == "linux")
      return in(goarch, {"386", "amd64", "arm", "arm64", "loong64", "ppc64le", "riscv64", "s390x"}) ||
             (goarch == "ppc64" && m >= 27);
    return p == "freebsd/amd64";
  }
  if (mode == "c-shared") {
    if (goos == "linux") {
      if (in(goarch, {"amd64", "arm", "arm64", "386", "ppc64le", "riscv64", "s390x"})) return true;
      if (goarch == "loong64") return m >= 21;
      if (goarch == "ppc64") return m >= 27;
      return false;
    }
    if (goos == "android") return in(goarch, {"amd64", "arm", "arm64", "386"});
    if (goos == "windows") return in(goarch, {"amd64", "386", "arm64"});
    if (goos == "darwin") return in(goarch, {"amd64", "arm64"});
    if (p == "wasip1/wasm") return m >= 24;
    return p == "freebsd/amd64";
  }
  if (mode == "pie") {
    if (goos == "linux") {
      if (in(goarch, {"386", "amd64", "arm", "arm64", "ppc64le", "riscv64", "s390x"})) return true;
      if (goarch == "loong64") return m >= 21;
      if (goarch == "ppc64") return m >= 27;
      return false;
    }
    if (goos == "android") return in(goarch, {"amd64", "arm", "arm64", "386"});
    if (goos == "darwin" || goos == "ios") return in(goarch, {"amd64", "arm64"});
    if (goos == "windows") {
      if (in(goarch, {"386", "amd64", "arm"})) return true;
      return goarch == "arm64" && m >= 20;
    }
    if (p == "openbsd/arm64") return m >= 23;
    return p == "freebsd/amd64" || p == "aix/ppc64";
  }
  if (mode == "shared") {
    if (goos != "linux") return false;
    return in(goarch, {"386", "amd64", "arm", "arm64", "ppc64le", "s390x"}) ||
           (goarch == "ppc64" && m >= 27);
  }
  if (mode == "plugin") {
    if (goos == "linux") {
      if (in(goarch, {"amd64", "arm", "arm64", "386", "s390x", "ppc64le"})) return true;
      if (goarch == "loong64") return m >= 22;
      if (goarch == "riscv64") return m >= 25;
      if (goarch == "ppc64") return m >= 27;
      return false;
    }
    if (goos == "android") return in(goarch, {"amd64", "386"}) || (m < 21 && in(goarch, {"arm", "arm64"}));
    if (goos == "darwin") return in(goarch, {"amd64", "arm64"});
    return p == "freebsd/amd64";
  }
  return false;
}

bool default_pie(std::string_view goos, std::string_view goarch, bool race, const GoVersion& v) {
  if (goos == "android" || goos == "ios") return true;
  if (goos == "windows") return !race;
  if (goos == "darwin") {
    if (v.minor >= 22) return true;
    // go1.21: only darwin/arm64; before, cmd/go chose exe but the linker turns darwin/arm64 exe
    // into PIE anyway (cmd/link config.go (*BuildMode).Set), so the result is PIE there too.
    return goarch == "arm64";
  }
  return false;
}

bool internal_link_pie_supported(std::string_view goos, std::string_view goarch,
                                 const GoVersion& v) {
  const std::string p = std::string(goos) + "/" + std::string(goarch);
  const int m = v.minor;
  if (in(p, {"android/arm64", "darwin/amd64", "darwin/arm64", "linux/amd64", "linux/arm64",
             "linux/ppc64le", "windows/386", "windows/amd64"}))
    return true;
  if (p == "windows/arm") return m < 26;
  // platform's list gained windows/arm64 in go1.21, but the linker's own list (which decides)
  // accepted it earlier: observed with Go 1.19 on Debian 12 built windows/arm64 with CGO_ENABLED=0 on go1.19.
  if (p == "windows/arm64") return true;
  if (p == "linux/loong64") return m >= 25;
  if (p == "linux/ppc64" || p == "linux/s390x") return m >= 27;
  return false;
}

std::string_view output_format(std::string_view goos) {
  if (in(goos, {"linux", "android", "freebsd", "netbsd", "openbsd", "dragonfly", "solaris",
                "illumos"}))
    return "ELF";
  if (goos == "darwin" || goos == "ios") return "Mach-O";
  if (goos == "windows") return "PE";
  if (goos == "aix") return "XCOFF";
  if (goos == "plan9") return "Plan 9 a.out";
  if (goos == "js" || goos == "wasip1") return "WebAssembly";
  return "unknown";
}

std::string elf_interpreter(std::string_view goos, std::string_view goarch, const GoVersion& v,
                            bool musl) {
  const int m = v.minor;
  if (goos == "linux") {
    if (musl && m >= 20) {
      if (goarch == "amd64") return "/lib/ld-musl-x86_64.so.1";
      if (goarch == "386") return "/lib/ld-musl-i386.so.1";
      if (goarch == "arm64") return "/lib/ld-musl-aarch64.so.1";
      if (goarch == "arm") return "/lib/ld-musl-arm.so.1";
      if (goarch == "riscv64") return "/lib/ld-musl-riscv64.so.1";
      if (goarch == "ppc64le") return "/lib/ld-musl-powerpc64le.so.1";
      if (goarch == "ppc64") return "/lib/ld-musl-powerpc64.so.1";
      if (goarch == "s390x") return "/lib/ld-musl-s390x.so.1";
      if (goarch == "mips") return "/lib/ld-musl-mips.so.1";
      if (goarch == "mipsle") return "/lib/ld-musl-mipsel.so.1";
      if (goarch == "mips64") return "/lib/ld-musl-mips64.so.1";
      if (goarch == "mips64le") return "/lib/ld-musl-mips64el.so.1";
      if (goarch == "loong64")
        return m >= 23 ? "/lib/ld-musl-loongarch64.so.1" : "/lib/ld-musl-loongarch.so.1";
    }
    if (goarch == "amd64") return "/lib64/ld-linux-x86-64.so.2";
    if (goarch == "386") return "/lib/ld-linux.so.2";
    if (goarch == "arm64") return "/lib/ld-linux-aarch64.so.1";
    if (goarch == "arm") return "/lib/ld-linux.so.3";
    if (goarch == "riscv64") return m >= 27 ? "/lib/ld-linux-riscv64-lp64d.so.1" : "/lib/ld.so.1";
    if (goarch == "ppc64le") return "/lib64/ld64.so.2";
    if (goarch == "ppc64") return m >= 27 ? "/lib64/ld64.so.2" : "/lib64/ld64.so.1";
    if (goarch == "s390x") return m >= 27 ? "/lib/ld64.so.1" : "/lib64/ld64.so.1";
    if (goarch == "mips" || goarch == "mipsle") return "/lib/ld.so.1";
    if (goarch == "mips64" || goarch == "mips64le") return "/lib64/ld64.so.1";
    if (goarch == "loong64")
      return m >= 22 ? "/lib64/ld-linux-loongarch-lp64d.so.1" : "/lib64/ld.so.1";
    return "";
  }
  if (goos == "android") return goarch == "arm64" ? "/system/bin/linker64" : "";
  if (goos == "freebsd") {
    if (goarch == "amd64") return "/libexec/ld-elf.so.1";
    if (in(goarch, {"386", "arm64", "arm", "riscv64"})) return "/usr/libexec/ld-elf.so.1";
    return "";
  }
  if (goos == "openbsd") {
    if (in(goarch, {"amd64", "386", "arm64", "arm", "riscv64", "ppc64"}) ||
        (goarch == "mips64" && m < 27))
      return "/usr/libexec/ld.so";
    return "";
  }
  if (goos == "netbsd") {
    if (goarch == "386") return "/usr/libexec/ld.elf_so";
    if (in(goarch, {"amd64", "arm64", "arm"})) return "/libexec/ld.elf_so";
    return "";
  }
  if (goos == "dragonfly") return goarch == "amd64" ? "/usr/libexec/ld-elf.so.2" : "";
  if (goos == "solaris" || goos == "illumos") {
    if (goarch == "amd64") return "/lib/amd64/ld.so.1";
    return "";
  }
  return "";
}

std::string default_cc(std::string_view goos, std::string_view host_goos, const GoVersion& v) {
  auto clang_os = [](std::string_view os) {
    return in(os, {"darwin", "ios", "freebsd", "openbsd"});
  };
  if (v.minor >= 21) return clang_os(goos) ? "clang" : "gcc";
  return clang_os(host_goos) ? "clang" : "gcc";
}

std::vector<std::string> gnu_triplets(std::string_view goos, std::string_view goarch,
                                      std::string_view goarm) {
  if (goos == "windows") {
    if (goarch == "amd64") return {"x86_64-w64-mingw32"};
    if (goarch == "386") return {"i686-w64-mingw32"};
    if (goarch == "arm64") return {"aarch64-w64-mingw32"};
    return {};
  }
  if (goos != "linux") return {};
  if (goarch == "amd64") return {"x86_64-linux-gnu", "x86_64-linux-musl"};
  if (goarch == "386") return {"i686-linux-gnu", "i386-linux-gnu", "i686-linux-musl"};
  if (goarch == "arm64") return {"aarch64-linux-gnu", "aarch64-linux-musl"};
  if (goarch == "arm") {
    if (!goarm.empty() && goarm[0] == '5') return {"arm-linux-gnueabi", "arm-linux-musleabi"};
    return {"arm-linux-gnueabihf", "arm-linux-musleabihf"};
  }
  if (goarch == "riscv64") return {"riscv64-linux-gnu", "riscv64-linux-musl"};
  if (goarch == "ppc64le") return {"powerpc64le-linux-gnu"};
  if (goarch == "ppc64") return {"powerpc64-linux-gnu"};
  if (goarch == "s390x") return {"s390x-linux-gnu"};
  if (goarch == "mips") return {"mips-linux-gnu"};
  if (goarch == "mipsle") return {"mipsel-linux-gnu"};
  if (goarch == "mips64") return {"mips64-linux-gnuabi64"};
  if (goarch == "mips64le") return {"mips64el-linux-gnuabi64"};
  if (goarch == "loong64") return {"loongarch64-linux-gnu"};
  return {};
}

}  // namespace crossgo::ports
