// Cross-checks between ELF facts that are each fine alone but together say the binary will not do
// what its builder expected:
//   - GOARM=5/6 Go code linked with C objects compiled for a newer ARM (armhf gcc's v7): the
//     binary needs the newer CPU whatever GOARM says (CG821) — only a note for GOARM=6 with v7
//     objects (CG822: fine on an armhf distribution, whose baseline is v7; only ARMv6 boards cannot
//     run it); soft-float Go code with hard-float C objects (CG823);
//   - a static glibc binary whose Go code calls libc's NSS functions (cgo resolver, cgo os/user):
//     glibc then loads libnss_*.so of its own exact version at run time (CG824);
//   - an interpreter that is another architecture's loader (a wrong linker or patchelf, CG820).
#include <string>

#include "analysis/elf_analysis.h"
#include "crossgo/ports.h"

namespace crossgo::analysis {
namespace {

// Highest Tag_CPU_arch value each GOARM level runs on (ARM IHI 0045: 3-5 v5T/v5TE/v5TEJ,
// 6-9 the v6 family, 10 v7).
std::optional<uint32_t> max_cpu_arch_for_goarm(std::string_view goarm) {
  if (goarm.starts_with("5")) return 5;
  if (goarm.starts_with("6")) return 9;
  return std::nullopt;  // GOARM=7 runs v7 code; v8 AArch32 objects are rare enough to not flag
}

void check_goarm(const ElfDetails& e, const TargetFacts& t, std::vector<Finding>& findings) {
  auto goarm = t.arch_flags.find("goarm");
  if (goarm == t.arch_flags.end() || !e.arm_cpu_arch) return;
  const auto max = max_cpu_arch_for_goarm(goarm->second);
  const std::string c_arch = arm_cpu_arch_name(*e.arm_cpu_arch);
  if (max && *e.arm_cpu_arch > *max) {
    const std::string what = "Go code was built for GOARM=" + goarm->second + " but linked C objects target ARM " +
                             c_arch + " (.ARM.attributes Tag_CPU_arch): the binary runs on ARM " + c_arch +
                             " and later CPUs only";
    if (goarm->second.starts_with("6") && *e.arm_cpu_arch == 10) {
      findings.push_back(Finding{
          .code = Code::CG822,
          .location = {.variable = "GOARM"},
          .message = what + ", not on ARMv6 boards (Raspberry Pi 1 and Zero); fine on armhf distributions, whose "
                            "baseline is ARMv7. For ARMv6, use a C compiler for ARMv6 (-march=armv6)",
          .fix = "a C compiler for ARMv6 (-march=armv6)",
          .expected = "ARM v6",
          .actual = "ARM " + c_arch,
      });
    } else {
      findings.push_back(Finding{
          .code = Code::CG821,
          .location = {.variable = "GOARM"},
          .message = what + "; use a C compiler for the same level (-march) or raise GOARM",
          .fix = "a C compiler for the same level (-march) or a higher GOARM",
          .actual = "ARM " + c_arch,
      });
    }
  }
  const bool go_soft = goarm->second.starts_with("5") || goarm->second.find("softfloat") != std::string::npos;
  if (go_soft && e.arm_vfp_args && *e.arm_vfp_args == 1) {
    findings.push_back(Finding{
        .code = Code::CG823,
        .location = {.variable = "GOARM"},
        .message = "Go code uses software floating point (GOARM=" + goarm->second +
                   ") but linked C objects use the hard-float ABI (Tag_ABI_VFP_args): the binary needs a VFP "
                   "unit and an armhf system",
        .expected = "soft-float C objects",
        .actual = "hard-float C objects",
    });
  }
}

void check_static_glibc_nss(const Image& img, const FormatAnalyzer::AllFacts& f, std::vector<Finding>& findings) {
  if (f.libc.flavour != LibcFlavour::glibc || !f.go || !f.go->pclntab) return;
  if (f.linkage.linkage != Linkage::static_exe && f.linkage.linkage != Linkage::static_pie) return;
  std::vector<std::string> users;
  for (const auto& file : go_pclntab_files_matching(img, *f.go->pclntab, "net/cgo_", 4)) users.push_back("net/" + file);
  for (const auto& file : go_pclntab_files_matching(img, *f.go->pclntab, "os/user/cgo_", 4))
    users.push_back("os/user/" + file);
  if (users.empty()) return;
  std::string list;
  for (const auto& u : users) list += (list.empty() ? "" : ", ") + u;
  findings.push_back(Finding{
      .code = Code::CG824,
      .message = "statically linked glibc binary calls libc's NSS lookups (" + list +
                 "): at run time glibc loads libnss_*.so from the exact glibc version it was linked with; "
                 "build with -tags netgo,osusergo (or link musl) for a self-contained binary",
      .fix = "go build -tags netgo,osusergo (or link musl)",
      .actual = list,
  });
}

void check_interpreter_arch(const Image& img, const FormatAnalyzer::AllFacts& f, std::vector<Finding>& findings) {
  if (!img.interpreter || !f.target.goarch) return;
  const auto loader = find_loader(*img.interpreter);
  if (!loader || loader->goarches.empty() || loader->goarches.count(*f.target.goarch) != 0) return;
  std::string owners;
  for (const auto& a : loader->goarches) owners += (owners.empty() ? "" : "/") + a;
  const bool musl = loader->libc == LibcFlavour::musl;
  const ports::GoVersion latest{ports::kLatestKnownMinor, 0, "go1." + std::to_string(ports::kLatestKnownMinor)};
  const std::string expected = ports::elf_interpreter(f.os.goos.value_or("linux"), *f.target.goarch, latest, musl);
  findings.push_back(Finding{
      .code = Code::CG820,
      .message = "interpreter " + *img.interpreter + " is the loader for " + owners + ", but the binary is " +
                 *f.target.goarch + ": on the target the kernel reports 'No such file or directory'" +
                 (expected.empty() ? std::string() : "; the " + *f.target.goarch + " loader is " + expected),
      .fix = expected.empty() ? "" : "relink with the target's toolchain, or patchelf --set-interpreter " + expected,
      .expected = expected,
      .actual = *img.interpreter,
  });
}

}  // namespace

void elf_checks(const Image& img, const FormatAnalyzer::AllFacts& f, std::vector<Finding>& findings) {
  check_goarm(*img.elf, f.target, findings);
  check_static_glibc_nss(img, f, findings);
  check_interpreter_arch(img, f, findings);
}

}  // namespace crossgo::analysis
