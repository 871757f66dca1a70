// Which distribution package provides a target's C library, libgcc or libstdc++, so a finding
// can say "apt-get install libc6-dev-arm64-cross" instead of "headers are missing".
// Debian's cross toolchains: gcc-<triplet> depends on libgcc-N-dev-<arch>-cross but only
// *recommends* libc6-dev-<arch>-cross, so `apt-get install --no-install-recommends gcc-…`
// gives a compiler that cannot compile `#include <stdlib.h>` for the target. Fedora's cross gcc
// packages are built for kernels and ship no target C library at all; Alpine has no glibc
// cross toolchains. Names are those of Debian 12 / Ubuntu 22.04+, Alpine 3.18+, Fedora 38+.
#include "crossgo/ports.h"

namespace crossgo::ports {

std::string debian_arch(std::string_view goarch, std::string_view float_abi) {
  if (goarch == "amd64") return "amd64";
  if (goarch == "386") return "i386";
  if (goarch == "arm64") return "arm64";
  if (goarch == "arm") return float_abi == "soft" ? "armel" : "armhf";
  if (goarch == "riscv64") return "riscv64";
  if (goarch == "ppc64le") return "ppc64el";
  if (goarch == "ppc64") return "ppc64";
  if (goarch == "s390x") return "s390x";
  if (goarch == "mips") return "mips";
  if (goarch == "mipsle") return "mipsel";
  if (goarch == "mips64") return "mips64";
  if (goarch == "mips64le") return "mips64el";
  if (goarch == "loong64") return "loong64";
  return "";
}

namespace {

std::string versioned(std::string_view stem, int gcc_major, std::string_view tail) {
  return std::string(stem) + (gcc_major > 0 ? std::to_string(gcc_major) : std::string("<gcc-version>")) +
         std::string(tail);
}

CPackages windows_packages(CPiece piece, std::string_view goarch, int gcc_major) {
  CPackages p;
  const bool x64 = goarch == "amd64", x86 = goarch == "386";
  if (!x64 && !x86) {
    p.note = "Debian's mingw-w64 has no " + std::string(goarch) +
             " target: use an llvm-mingw toolchain (aarch64-w64-mingw32-clang) for windows/arm64";
    return p;
  }
  const std::string mingw = x64 ? "x86-64" : "i686", fed = x64 ? "mingw64" : "mingw32";
  switch (piece) {
    case CPiece::c_library:
      p.debian = "mingw-w64-" + mingw + "-dev";
      p.fedora = fed + "-headers " + fed + "-crt";
      p.alpine = x64 ? "mingw-w64-headers mingw-w64-crt" : "";
      break;
    case CPiece::libgcc:
      p.debian = "gcc-mingw-w64-" + mingw + "-posix-runtime (or reinstall gcc-mingw-w64-" + mingw + ")";
      p.fedora = fed + "-gcc";
      p.alpine = x64 ? "mingw-w64-gcc" : "";
      break;
    case CPiece::cxx_library:
      p.debian = "g++-mingw-w64-" + mingw;
      p.fedora = fed + "-gcc-c++";
      p.alpine = x64 ? "mingw-w64-gcc" : "";
      break;
  }
  (void)gcc_major;
  return p;
}

}  // namespace

CPackages c_packages(CPiece piece, std::string_view goos, std::string_view goarch, std::string_view float_abi,
                     bool musl, bool native, int gcc_major) {
  if (goos == "windows") return windows_packages(piece, goarch, gcc_major);
  CPackages p;
  if (goos != "linux") {
    p.note = "a sysroot of the " + std::string(goos) + " target (its /usr/include and /usr/lib), given to CC with "
             "--sysroot=DIR";
    return p;
  }
  const std::string arch = debian_arch(goarch, float_abi);
  if (native) {
    switch (piece) {
      case CPiece::c_library:
        p.debian = musl ? "musl-dev" : "libc6-dev";
        p.alpine = musl ? "musl-dev" : "";
        p.fedora = musl ? "musl-devel" : "glibc-devel";
        break;
      case CPiece::libgcc:
        p.debian = versioned("libgcc-", gcc_major, "-dev");
        p.alpine = "gcc";
        p.fedora = "gcc";
        break;
      case CPiece::cxx_library:
        p.debian = versioned("libstdc++-", gcc_major, "-dev");
        p.alpine = "g++";
        p.fedora = "libstdc++-devel";
        break;
    }
    return p;
  }
  if (arch.empty()) {
    p.note = "a sysroot for linux/" + std::string(goarch) + ", given to CC with --sysroot=DIR";
    return p;
  }
  const std::string suffix = "-" + arch + "-cross";
  if (musl) {
    // Debian's musl-gcc is native only; a foreign musl needs multiarch or a musl cross toolchain.
    p.debian = piece == CPiece::c_library ? "musl-dev:" + arch + " (after dpkg --add-architecture " + arch + ")" : "";
    p.note = "or a musl cross toolchain (" + std::string(goarch) + "-linux-musl-gcc) whose sysroot has musl";
    return p;
  }
  switch (piece) {
    case CPiece::c_library: p.debian = "libc6-dev" + suffix; break;
    case CPiece::libgcc: p.debian = versioned("libgcc-", gcc_major, "-dev" + suffix); break;
    case CPiece::cxx_library: p.debian = versioned("libstdc++-", gcc_major, "-dev" + suffix); break;
  }
  p.note = "Fedora's and Alpine's cross compilers ship no target C library: give CC --sysroot=DIR with the "
           "target's /usr/include and /usr/lib (e.g. a debootstrap/mmdebstrap of the target)";
  return p;
}

}  // namespace crossgo::ports
