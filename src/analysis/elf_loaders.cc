// Program interpreters by path. Two sources, because a binary can carry either:
//   - the loaders glibc and musl install for each architecture, which gcc writes into every
//     externally linked (cgo) binary: glibc's sysdeps/unix/sysv/linux/<arch>/ldconfig.h and
//     shlib-versions (e.g. mips64 n64: /lib64/ld.so.1, armhf: /lib/ld-linux-armhf.so.3,
//     riscv64 lp64d: /lib/ld-linux-riscv64-lp64d.so.1), musl's /lib/ld-musl-$(ARCH).so.1;
//   - the ones Go's internal linker writes (ELFArch interpreters in
//     src/cmd/link/internal/<arch>/obj.go, per Go version), from crossgo's ports table.
// A path that both list for different architectures (glibc's /lib64/ld.so.1 is mips64's n64
// loader; Go's linker writes it for loong64 too) serves both.
#include <map>

#include "analysis/elf_analysis.h"
#include "crossgo/ports.h"

namespace crossgo::analysis {
namespace {

struct Row {
  const char* path;
  const char* goos;
  LibcFlavour libc;
  std::vector<const char*> goarches;
  // The ABI a loader serves where one architecture has several (LoaderAbi), "" when it has one.
  const char* abi;
};

// What gcc writes into PT_INTERP for each C library and architecture. One table for both
// questions asked of it: which architecture a loader path belongs to (find_loader) and which
// loader a file of a given architecture and ABI should name (standard_loader).
const Row kCLoaders[] = {
    {"/lib64/ld-linux-x86-64.so.2", "linux", LibcFlavour::glibc, {"amd64"}, ""},
    {"/lib/ld-linux.so.2", "linux", LibcFlavour::glibc, {"386"}, ""},
    {"/lib/ld-linux-aarch64.so.1", "linux", LibcFlavour::glibc, {"arm64"}, ""},
    {"/lib/ld-linux-armhf.so.3", "linux", LibcFlavour::glibc, {"arm"}, "hard"},
    {"/lib/ld-linux.so.3", "linux", LibcFlavour::glibc, {"arm"}, "soft"},
    {"/lib/ld.so.1", "linux", LibcFlavour::glibc, {"mips", "mipsle"}, ""},
    {"/lib64/ld.so.1", "linux", LibcFlavour::glibc, {"mips64", "mips64le"}, ""},
    {"/lib64/ld64.so.1", "linux", LibcFlavour::glibc, {"ppc64"}, ""},
    {"/lib64/ld64.so.2", "linux", LibcFlavour::glibc, {"ppc64le"}, ""},
    {"/lib/ld64.so.1", "linux", LibcFlavour::glibc, {"s390x"}, ""},
    {"/lib/ld-linux-riscv64-lp64d.so.1", "linux", LibcFlavour::glibc, {"riscv64"}, "lp64d"},
    {"/lib/ld-linux-riscv64-lp64.so.1", "linux", LibcFlavour::glibc, {"riscv64"}, "lp64"},
    {"/lib64/ld-linux-loongarch-lp64d.so.1", "linux", LibcFlavour::glibc, {"loong64"}, ""},
    {"/lib/ld-musl-x86_64.so.1", "linux", LibcFlavour::musl, {"amd64"}, ""},
    {"/lib/ld-musl-i386.so.1", "linux", LibcFlavour::musl, {"386"}, ""},
    {"/lib/ld-musl-aarch64.so.1", "linux", LibcFlavour::musl, {"arm64"}, ""},
    {"/lib/ld-musl-armhf.so.1", "linux", LibcFlavour::musl, {"arm"}, "hard"},
    {"/lib/ld-musl-arm.so.1", "linux", LibcFlavour::musl, {"arm"}, "soft"},
    {"/lib/ld-musl-mips.so.1", "linux", LibcFlavour::musl, {"mips"}, ""},
    {"/lib/ld-musl-mipsel.so.1", "linux", LibcFlavour::musl, {"mipsle"}, ""},
    {"/lib/ld-musl-mips64.so.1", "linux", LibcFlavour::musl, {"mips64"}, ""},
    {"/lib/ld-musl-mips64el.so.1", "linux", LibcFlavour::musl, {"mips64le"}, ""},
    {"/lib/ld-musl-powerpc64.so.1", "linux", LibcFlavour::musl, {"ppc64"}, ""},
    {"/lib/ld-musl-powerpc64le.so.1", "linux", LibcFlavour::musl, {"ppc64le"}, ""},
    {"/lib/ld-musl-s390x.so.1", "linux", LibcFlavour::musl, {"s390x"}, ""},
    {"/lib/ld-musl-riscv64.so.1", "linux", LibcFlavour::musl, {"riscv64"}, "lp64d"},
    {"/lib/ld-musl-loongarch64.so.1", "linux", LibcFlavour::musl, {"loong64"}, ""},
    {"/system/bin/linker64", "android", LibcFlavour::bionic, {"arm64", "amd64"}, ""},
    {"/system/bin/linker", "android", LibcFlavour::bionic, {"arm", "386"}, ""},
};

const std::map<std::string, KnownLoader, std::less<>>& table() {
  static const std::map<std::string, KnownLoader, std::less<>> t = [] {
    std::map<std::string, KnownLoader, std::less<>> m;
    auto add = [&](const std::string& path, const char* goos, LibcFlavour libc, const std::string& goarch) {
      KnownLoader& k = m[path];
      k.goos = goos;
      if (k.libc == LibcFlavour::unknown) k.libc = libc;
      k.goarches.insert(goarch);
    };
    // The BSDs and Solaris use one loader path on every architecture: no architecture to check.
    const Row any_arch[] = {
        {"/libexec/ld-elf.so.1", "freebsd", LibcFlavour::freebsd, {}, ""},
        {"/usr/libexec/ld-elf.so.1", "freebsd", LibcFlavour::freebsd, {}, ""},
        {"/usr/libexec/ld-elf.so.2", "dragonfly", LibcFlavour::dragonfly, {}, ""},
        {"/usr/libexec/ld.so", "openbsd", LibcFlavour::openbsd, {}, ""},
        {"/usr/libexec/ld.elf_so", "netbsd", LibcFlavour::netbsd, {}, ""},
        {"/libexec/ld.elf_so", "netbsd", LibcFlavour::netbsd, {}, ""},
        {"/lib/amd64/ld.so.1", "solaris", LibcFlavour::solaris, {}, ""},
        {"/lib/64/ld.so.1", "solaris", LibcFlavour::solaris, {}, ""},
    };
    for (const Row& r : any_arch) {
      KnownLoader& k = m[r.path];
      k.goos = r.goos;
      k.libc = r.libc;
    }
    for (const Row& r : kCLoaders)
      for (const char* a : r.goarches) add(r.path, r.goos, r.libc, a);
    for (const char* arch : {"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64",
                             "ppc64le", "riscv64", "s390x"}) {
      for (int minor : {19, 20, 22, 23, 26, 27}) {
        const ports::GoVersion v{minor, 0, "go1." + std::to_string(minor)};
        for (bool musl : {false, true}) {
          const std::string path = ports::elf_interpreter("linux", arch, v, musl);
          if (!path.empty()) add(path, "linux", musl ? LibcFlavour::musl : LibcFlavour::glibc, arch);
        }
      }
    }
    return m;
  }();
  return t;
}

}  // namespace

std::optional<KnownLoader> find_loader(std::string_view path) {
  const auto& t = table();
  auto it = t.find(path);
  if (it == t.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> standard_loader(std::string_view goarch, LibcFlavour libc, std::string_view abi) {
  for (const Row& r : kCLoaders) {
    if (r.libc != libc || r.goos != std::string_view("linux")) continue;
    if (r.abi[0] != '\0' && abi != r.abi) continue;
    for (const char* a : r.goarches)
      if (goarch == a) return std::string(r.path);
  }
  return std::nullopt;
}

std::string arm_cpu_arch_name(uint32_t a) {
  static const char* const kArch[] = {"pre-v4", "v4",   "v4T",       "v5T",       "v5TE",        "v5TEJ", "v6",
                                      "v6KZ",   "v6T2", "v6K",       "v7",        "v6-M",        "v6S-M", "v7E-M",
                                      "v8",     "v8-R", "v8-M.base", "v8-M.main", "v8.1-M.main", "v9"};
  return a < std::size(kArch) ? kArch[a] : std::to_string(a);
}

}  // namespace crossgo::analysis
