// Cross-checks between facts that are each fine alone but together say the binary will not do
// what its builder expected (the Go 1.19 lab runs on Debian 12, "Final table"):
//   - GOARM=5/6 Go code linked with C objects compiled for a newer ARM (e.g. armhf gcc's v7):
//     the binary needs the newer CPU whatever GOARM says;
//   - a static glibc binary whose Go code calls libc's NSS functions (cgo resolver, cgo os/user):
//     glibc then loads libnss_*.so of its own exact version at run time, which a scratch or
//     other-distribution image does not have;
//   - an interpreter that is another architecture's loader (the seed article's "x86-64 loader in an
//     arm64 binary", which Go itself never writes but a wrong linker or patchelf can).
#include <map>
#include <set>
#include <string>

#include "crossgo/ports.h"

#include "analysis/analyzers.h"

namespace crossgo::analysis {

namespace {

// Highest Tag_CPU_arch value each GOARM level runs on (ARM IHI 0045: 3-5 v5T/v5TE/v5TEJ,
// 6-9 the v6 family, 10 v7).
std::optional<uint32_t> max_cpu_arch_for_goarm(std::string_view goarm) {
  if (goarm.starts_with("5")) return 5;
  if (goarm.starts_with("6")) return 9;
  return std::nullopt;  // GOARM=7 runs v7 code; v8 AArch32 objects are rare enough to not flag
}

void check_goarm_against_c_objects(const Image& img, ArtifactReport& r) {
  auto goarm = r.arch_flags.find("goarm");
  if (goarm == r.arch_flags.end() || !img.arm_cpu_arch) return;
  const auto max = max_cpu_arch_for_goarm(goarm->second);
  const std::string c_arch = r.arch_flags.count("arm_cpu_arch") ? r.arch_flags.at("arm_cpu_arch") : "?";
  if (max && *img.arm_cpu_arch > *max) {
    r.warnings.push_back("Go code was built for GOARM=" + goarm->second + " but linked C objects target ARM " +
                         c_arch + " (.ARM.attributes Tag_CPU_arch): the binary needs an ARM " + c_arch +
                         " CPU; use a C compiler for the same level (-march) or raise GOARM");
  }
  const bool go_soft = goarm->second.starts_with("5") || goarm->second.find("softfloat") != std::string::npos;
  if (go_soft && img.arm_vfp_args && *img.arm_vfp_args == 1) {
    r.warnings.push_back("Go code uses software floating point (GOARM=" + goarm->second +
                         ") but linked C objects use the hard-float ABI (Tag_ABI_VFP_args): the binary "
                         "needs a VFP unit and an armhf system");
  }
}

void check_static_glibc_nss(const Image& img, ArtifactReport& r) {
  if (r.libc.flavour != "glibc" || (r.linkage != "static" && r.linkage != "static-pie") || !r.go) return;
  const std::optional<GoPclntab>& pclntab = r.go->pclntab;
  if (!pclntab) return;
  const std::string_view files = go_pclntab_tables(img, *pclntab).files;
  std::vector<std::string> users;
  for (const auto& f : go_pclntab_files_matching(files, "net/cgo_", 4)) users.push_back("net/" + f);
  for (const auto& f : go_pclntab_files_matching(files, "os/user/cgo_", 4)) users.push_back("os/user/" + f);
  if (users.empty()) return;
  std::string list;
  for (const auto& u : users) list += (list.empty() ? "" : ", ") + u;
  r.warnings.push_back("statically linked glibc binary calls libc's NSS lookups (" + list +
                       "): at run time glibc loads libnss_*.so from the exact glibc version it was linked with; "
                       "build with -tags netgo,osusergo (or link musl) for a self-contained binary");
}

// Loader path -> the GOARCHes it serves, from Go's own table (ELFArch interpreters in src/cmd/link/internal/<arch>/obj.go, every version it
// changed in, glibc and musl) plus the loaders of Debian's glibc cross toolchains that external
// links write (armhf's /lib/ld-linux-armhf.so.3).
const std::map<std::string, std::set<std::string>>& loader_arches() {
  static const std::map<std::string, std::set<std::string>> table = [] {
    std::map<std::string, std::set<std::string>> t;
    for (const char* arch : {"386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le",
                             "ppc64", "ppc64le", "riscv64", "s390x"}) {
      for (int minor : {19, 20, 22, 23, 26, 27}) {
        const ports::GoVersion v{minor, 0, "go1." + std::to_string(minor)};
        for (bool musl : {false, true}) {
          const std::string path = ports::elf_interpreter("linux", arch, v, musl);
          if (!path.empty()) t[path].insert(arch);
        }
      }
    }
    t["/lib/ld-linux-armhf.so.3"].insert("arm");
    t["/lib/ld-musl-armhf.so.1"].insert("arm");
    t["/lib/ld-linux-riscv64-lp64.so.1"].insert("riscv64");
    t["/system/bin/linker64"] = {"arm64", "amd64"};
    t["/system/bin/linker"] = {"arm", "386"};
    return t;
  }();
  return table;
}

void check_interpreter_arch(ArtifactReport& r) {
  if (!r.interpreter || !r.goarch) return;
  const auto& table = loader_arches();
  auto it = table.find(*r.interpreter);
  if (it == table.end() || it->second.count(*r.goarch) != 0) return;
  std::string owners;
  for (const auto& a : it->second) owners += (owners.empty() ? "" : "/") + a;
  const bool musl = r.interpreter->find("musl") != std::string::npos;
  const ports::GoVersion latest{ports::kLatestKnownMinor, 0, "go1." + std::to_string(ports::kLatestKnownMinor)};
  const std::string expected = ports::elf_interpreter(r.goos.value_or("linux"), *r.goarch, latest, musl);
  r.warnings.push_back("interpreter " + *r.interpreter + " is the loader for " + owners + ", but the binary is " +
                       *r.goarch + ": on the target the kernel reports 'No such file or directory'" +
                       (expected.empty() ? std::string() : "; the " + *r.goarch + " loader is " + expected));
}

}  // namespace

void analyze_consistency(const Image& img, ArtifactReport& r) {
  check_goarm_against_c_objects(img, r);
  check_static_glibc_nss(img, r);
  check_interpreter_arch(r);
}

}  // namespace crossgo::analysis
