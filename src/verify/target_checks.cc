// Is this the file for the target? Format (objabi.HeadType per GOOS: ELF, Mach-O, PE …), GOARCH
// (from the header's machine, word size and byte order, so a mips binary is not a mipsle one),
// OS evidence, and the sub-architecture variant, which only Go's build info records (the
// settings GOARM, GOAMD64 … that cmd/go writes since Go 1.18, src/cmd/go/internal/load/pkg.go
// setBuildInfo) or, for C code, the ARM attributes section.
#include <algorithm>

#include "crossgo/ports.h"
#include "verify/checks.h"

namespace crossgo::verify_detail {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

std::string rebuild_fix(const Target& t) {
  std::string vars = "GOOS=" + t.goos + " GOARCH=" + t.goarch;
  if (const std::string v = t.variant_variable(); !v.empty()) vars += " " + v + "=" + t.variant;
  return "build it with " + vars + " (and look for an override that wins: `go env GOOS GOARCH` shows a "
         "`go env -w` value; `go env -u GOARCH` removes it)";
}

void check_format(const CheckContext& c) {
  const std::string want = expected_format(c.target.target.goos);
  const std::string& got = c.report.format;
  if (got == want) return c.pass("format", want, got);
  c.fail("format", Code::CG861, want, got,
         "the file is " + got + ", but " + c.target.target.goos + " binaries are " + want +
             " (a " + got + " file cannot be executed there at all)",
         rebuild_fix(c.target.target));
}

void check_arch(const CheckContext& c) {
  const Target& t = c.target.target;
  if (!c.report.goarch) {
    return c.fail("arch", Code::CG862, t.goarch, c.report.machine.empty() ? "unknown" : c.report.machine,
                  "the machine " + (c.report.machine.empty() ? std::string("(none)") : c.report.machine) +
                      " is not a Go GOARCH, so it is not " + t.goarch,
                  rebuild_fix(t));
  }
  std::string actual = *c.report.goarch;
  if (c.report.bits) actual += " (" + std::to_string(*c.report.bits) + "-bit" + (c.report.endian ? ", " + *c.report.endian + "-endian" : "") + ")";
  if (*c.report.goarch == t.goarch) return c.pass("arch", t.goarch, actual, "machine " + c.report.machine);
  c.fail("arch", Code::CG862, t.goarch, actual,
         "built for " + *c.report.goarch + " (machine " + c.report.machine + "), not " + t.goarch +
             ": on " + t.goarch + " systems exec fails with \"exec format error\"",
         rebuild_fix(t));
}

void check_os(const CheckContext& c) {
  const std::string& want = c.target.target.goos;
  const ArtifactReport& r = c.report;
  std::string evidence;
  for (const auto& e : r.os_evidence) evidence += (evidence.empty() ? "" : "; ") + e;
  if (r.goos) {
    if (*r.goos == want) return c.pass("os", want, *r.goos, evidence);
    return c.fail("os", Code::CG863, want, *r.goos,
                  "the file's own evidence says " + *r.goos + ", not " + want + (evidence.empty() ? "" : " (" + evidence + ")"),
                  rebuild_fix(c.target.target));
  }
  if (r.goos_candidates.empty())
    return c.skip("os", want, r.goos_unknown_because.empty() ? "nothing in the file names an OS" : r.goos_unknown_because);
  std::string candidates;
  for (const auto& g : r.goos_candidates) candidates += (candidates.empty() ? "" : "|") + g;
  if (std::find(r.goos_candidates.begin(), r.goos_candidates.end(), want) != r.goos_candidates.end())
    return c.pass("os", want, candidates, "the evidence allows " + candidates + (evidence.empty() ? "" : " (" + evidence + ")"));
  c.fail("os", Code::CG863, want, candidates, "the file's evidence allows only " + candidates + ", not " + want,
         rebuild_fix(c.target.target));
}

// GOARM64's "v8" and "v8.0" are the same level.
std::string normal_variant(std::string v) {
  if (const size_t comma = v.find(','); comma != std::string::npos) v.resize(comma);  // GOARM=7,hardfloat
  if (v.starts_with("v8") && v.size() == 2) v += ".0";
  if (v.starts_with("v9") && v.size() == 2) v += ".0";
  return v;
}

// Levels compare by their number: GOARM 5 < 7, GOAMD64 v1 < v3, GOARM64 v8.0 < v8.1 < v9.0,
// GOPPC64 power8 < power10, GORISCV64 rva20u64 < rva22u64.
int compare_levels(const std::string& a, const std::string& b) {
  const auto number = [](const std::string& s) { return s.substr(std::min(s.find_first_of("0123456789"), s.size())); };
  return compare_versions(number(a), number(b));
}

// What running the wrong level does, for the message.
std::string variant_consequence(const std::string& variable, const std::string& built, const std::string& want) {
  if (variable == "GO386" || variable == "GOMIPS" || variable == "GOMIPS64")
    return "its floating-point code differs from the target's (" + built + " vs " + want + ")";
  if (compare_levels(built, want) > 0)
    return "it uses instructions a " + want + " CPU lacks and dies with SIGILL there";
  return "it runs there, but it is not the " + want + " build the target names";
}

void check_variant(const CheckContext& c) {
  const Target& t = c.target.target;
  const std::string variable = t.variant_variable();
  if (t.variant.empty() || variable.empty()) return c.skip("variant", "", "the target names no variant");
  const std::string want = normal_variant(t.variant);
  const std::string key = lower(variable);
  const auto& flags = c.report.arch_flags;
  if (auto it = flags.find(key); it != flags.end()) {
    const std::string built = normal_variant(it->second);
    // GOARM=5 is software floating point; a hard-float ELF (EF_ARM_ABI_FLOAT_HARD, or the VFP
    // attributes cgo's C objects set) needs an FPU the target does not promise.
    if (variable == "GOARM" && want == "5") {
      if (auto fa = flags.find("float_abi"); fa != flags.end() && fa->second.starts_with("hard"))
        return c.fail("variant", Code::CG864, "GOARM=5 (soft float)", "float ABI " + fa->second,
                      "GOARM=5 promises no FPU, but the file uses the hard-float ABI (its C objects were built for VFP)",
                      "build the C code for soft float too (CC=arm-linux-gnueabi-gcc), or target GOARM=6/7");
    }
    if (built == want) return c.pass("variant", variable + "=" + want, variable + "=" + it->second, "Go build info");
    return c.fail("variant", Code::CG864, variable + "=" + want, variable + "=" + it->second,
                  "built with " + variable + "=" + it->second + ", the target is " + variable + "=" + want + ": " +
                      variant_consequence(variable, built, want),
                  "build it with " + variable + "=" + t.variant);
  }
  // C code: the ARM attributes name the architecture version the objects were compiled for.
  if (variable == "GOARM") {
    if (auto a = flags.find("arm_cpu_arch"); a != flags.end()) {
      const std::string built = a->second.starts_with("v") ? a->second.substr(1, 1) : a->second;
      if (built == want) return c.pass("variant", "ARMv" + want, a->second, ".ARM.attributes Tag_CPU_arch");
      if (compare_levels(built, want) > 0)
        return c.fail("variant", Code::CG864, "ARMv" + want, a->second,
                      "the code was compiled for " + a->second + ", newer than the target's ARMv" + want +
                          ": it dies with SIGILL there",
                      "compile for the target's level (-march=armv" + want + ")");
      return c.pass("variant", "ARMv" + want, a->second, "older code runs on ARMv" + want + " (.ARM.attributes)");
    }
  }
  c.skip("variant", variable + "=" + want, "no build info records " + variable + " and the header does not tell");
}

}  // namespace

std::string expected_format(const std::string& goos) {
  const std::string_view f = ports::output_format(goos);
  if (f == "ELF") return "elf";
  if (f == "Mach-O") return "macho";
  if (f == "PE") return "pe";
  if (f == "XCOFF") return "xcoff";
  if (f == "Plan 9 a.out") return "plan9";
  if (f == "WebAssembly") return "wasm";
  return std::string(f);
}

void target_checks(const CheckContext& c) {
  check_format(c);
  if (c.report.format != expected_format(c.target.target.goos) && c.report.goarch == std::nullopt) return;
  check_arch(c);
  check_os(c);
  check_variant(c);
}

}  // namespace crossgo::verify_detail
