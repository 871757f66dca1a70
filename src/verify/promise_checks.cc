// What a release promises of a file beyond its target: how it links, whether cgo is in it, which
// C library (and loader) the target system must have, version floors, signing, build settings.
// Each check runs only when its option was given.
#include "analysis/elf_analysis.h"
#include "verify/checks.h"

namespace crossgo::verify_detail {
namespace {

bool is_elf(const ArtifactReport& r) { return r.format == "elf"; }
bool dynamic(const ArtifactReport& r) { return r.linkage && *r.linkage == "dynamic"; }

void check_linkage(const CheckContext& c) {
  if (!c.expect.static_link) return;
  const std::string want = *c.expect.static_link ? "static" : "dynamic";
  if (!c.report.linkage) return c.skip("linkage", want, "the format states no linkage");
  const std::string& got = *c.report.linkage;
  std::string libs;
  for (const auto& n : c.report.needed) libs += (libs.empty() ? "" : ", ") + n;
  if (got == want) return c.pass("linkage", want, got, libs.empty() ? "" : "needs " + libs);
  if (*c.expect.static_link) {
    return c.fail("linkage", Code::CG865, want, got,
                  "the file is dynamically linked" + (c.report.interpreter ? " (interpreter " + *c.report.interpreter + ")" : "") +
                      (libs.empty() ? "" : ", needs " + libs) + "; a static build was promised",
                  "build with CGO_ENABLED=0, or link statically (-ldflags '-linkmode external -extldflags -static'); "
                  "`crossgo inspect` names what pulled in cgo (go.cgo.packages)");
  }
  c.fail("linkage", Code::CG865, want, got, "the file is statically linked; a dynamic build was promised",
         "drop -extldflags -static / build with cgo as intended");
}

void check_cgo(const CheckContext& c) {
  if (!c.expect.cgo) return;
  const std::string want = *c.expect.cgo ? "cgo" : "no cgo";
  if (!c.report.go) return c.skip("cgo", want, "not a Go binary");
  const auto& cgo = c.report.go->cgo;
  if (!cgo.linked) return c.skip("cgo", want, "whether runtime/cgo is linked cannot be told from this file");
  const std::string got = *cgo.linked ? "cgo" : "no cgo";
  std::string evidence;
  for (const auto& e : cgo.evidence) evidence += (evidence.empty() ? "" : "; ") + e;
  if (got == want) return c.pass("cgo", want, got, evidence);
  std::string pkgs;
  for (const auto& p : cgo.packages) pkgs += (pkgs.empty() ? "" : ", ") + p;
  if (*c.expect.cgo) {
    return c.fail("cgo", Code::CG866, want, got, "runtime/cgo is not linked in: the build ran with CGO_ENABLED=0",
                  "set CGO_ENABLED=1 and a C compiler for the target (CC=…); cross builds turn cgo off by default");
  }
  c.fail("cgo", Code::CG866, want, got,
         "runtime/cgo is linked in" + (pkgs.empty() ? std::string() : " (packages calling C: " + pkgs + ")") +
             (evidence.empty() ? "" : "; " + evidence),
         "build with CGO_ENABLED=0, or replace the package that imports \"C\"" + (pkgs.empty() ? "" : " (" + pkgs + ")"));
}

// The C library a target system provides, and whether this file can load there.
void check_libc(const CheckContext& c) {
  if (!c.expect.libc) return;
  const std::string& want = *c.expect.libc;
  const ArtifactReport& r = c.report;
  if (!is_elf(r)) return c.skip("libc", want, "not an ELF file: the C library is the OS's own");
  if (!dynamic(r) || !r.interpreter) {
    c.pass("libc", want, r.libc.flavour.empty() ? "unknown" : r.libc.flavour + " (static)",
           "a static executable needs no C library or loader at run time");
    return;
  }
  const std::string& interp = *r.interpreter;
  const auto loader = analysis::find_loader(interp);
  const std::string loader_libc = loader ? std::string(libc_flavour_name(loader->libc)) : "unknown";
  const std::string got = r.libc.flavour.empty() ? "unknown" : r.libc.flavour;
  if (want == "none") {
    c.fail("interpreter", Code::CG868, "no loader (static)", interp,
           "the file is dynamically linked: an image without a C library (scratch, distroless/static) has no " +
               interp + ", so exec fails with \"no such file or directory\" (the missing file is the loader, not the binary)",
           "build with CGO_ENABLED=0 or link statically, or use a base image with " + loader_libc + "'s loader");
    return;
  }
  if (loader && loader->libc != LibcFlavour::unknown && loader_libc != want) {
    c.fail("interpreter", Code::CG868, want + "'s loader", interp + " (" + loader_libc + ")",
           "the interpreter " + interp + " is " + loader_libc + "'s loader; a " + want +
               " system has no such file, so exec fails with \"not found\" although the binary is there",
           want == "musl" ? "build against musl (CC=musl-gcc, or on Alpine), or build with CGO_ENABLED=0"
                          : "build against " + want + " (a " + want + " C toolchain), or build with CGO_ENABLED=0");
  } else {
    c.pass("interpreter", want + "'s loader", interp, loader ? "a known " + loader_libc + " loader" : "");
  }
  if (got == want) return c.pass("libc", want, got);
  if (got == "unknown") return c.skip("libc", want, "the C library could not be told from the file");
  c.fail("libc", Code::CG867, want, got,
         "the file is linked against " + got + ", the target system provides " + want,
         "build with the target's C toolchain (" + want + "), or with CGO_ENABLED=0");
}

void check_glibc_floor(const CheckContext& c) {
  if (!c.expect.max_glibc) return;
  const std::string want = "<= GLIBC_" + *c.expect.max_glibc;
  if (!is_elf(c.report)) return c.skip("glibc", want, "not an ELF file");
  if (!c.report.min_glibc) return c.pass("glibc", want, "none", "needs no versioned glibc symbol");
  const auto& f = *c.report.min_glibc;
  const std::string got = "GLIBC_" + f.version + (f.symbol.empty() ? "" : " (" + f.symbol + ")");
  if (compare_versions(f.version, *c.expect.max_glibc) <= 0) return c.pass("glibc", want, got);
  c.fail("glibc", Code::CG869, want, got,
         "needs glibc " + f.version + (f.symbol.empty() ? "" : " for " + f.symbol) + "; on a system with glibc " +
             *c.expect.max_glibc + " the loader refuses it (\"version `GLIBC_" + f.version + "' not found\")",
         "build on (or with a sysroot of) the oldest system you support, or with CGO_ENABLED=0");
}

void check_macos(const CheckContext& c) {
  if (!c.expect.min_macos && !c.expect.max_macos) return;
  std::string want;
  if (c.expect.min_macos) want += ">= " + *c.expect.min_macos;
  if (c.expect.max_macos) want += (want.empty() ? "" : ", ") + std::string("<= ") + *c.expect.max_macos;
  if (c.report.format != "macho") return c.skip("macos", want, "not a Mach-O file");
  const Floor* floor = nullptr;
  for (const auto& f : c.report.floors)
    if (f.name == "macos") floor = &f;
  if (floor == nullptr) return c.skip("macos", want, "no macOS minimum version in the load commands");
  const bool low = c.expect.min_macos && compare_versions(floor->version, *c.expect.min_macos) < 0;
  const bool high = c.expect.max_macos && compare_versions(floor->version, *c.expect.max_macos) > 0;
  if (!low && !high) return c.pass("macos", want, floor->version, floor->evidence);
  c.fail("macos", Code::CG870, want, floor->version,
         high ? "the binary requires macOS " + floor->version + " (" + floor->evidence + "): older Macs refuse to run it"
              : "the binary's minimum macOS " + floor->version + " is below the promised " + *c.expect.min_macos,
         "set MACOSX_DEPLOYMENT_TARGET / -mmacosx-version-min for cgo, or use a Go whose minimum fits");
}

void check_flag(const CheckContext& c, bool asked, const char* check, Code code, const std::optional<bool>& value,
                const char* yes, const char* no, const std::string& message, const std::string& fix, const char* skip_why) {
  if (!asked) return;
  if (!value) return c.skip(check, yes, skip_why);
  if (*value) return c.pass(check, yes, yes);
  c.fail(check, code, yes, no, message, fix);
}

void check_hardening(const CheckContext& c) {
  const auto& h = c.report.hardening;
  const std::optional<bool> signature = h ? h->code_signature : std::nullopt;
  check_flag(c, c.expect.require_signed, "signed", Code::CG871, signature, "signed", "unsigned",
             "no code signature: macOS on Apple silicon kills unsigned arm64 code at exec (\"Killed: 9\")",
             "sign it (codesign -s - for ad-hoc, or rcodesign on Linux); Go's linker signs ad-hoc only when it links internally",
             "the format has no code signature");
  const std::optional<bool> pie = h ? h->pie : std::nullopt;
  check_flag(c, c.expect.require_pie, "pie", Code::CG872, pie, "pie", "not pie",
             "the executable is not position-independent: ASLR cannot move it", "build with -buildmode=pie",
             "the format says nothing about PIE");
  const std::optional<bool> stripped = h ? std::optional<bool>(h->stripped) : std::nullopt;
  check_flag(c, c.expect.require_stripped, "stripped", Code::CG873, stripped, "stripped", "not stripped",
             "the file still has its symbol table or debug information", "build with -ldflags='-s -w'",
             "the format says nothing about stripping");
}

void check_build_settings(const CheckContext& c) {
  if (c.expect.require_trimpath) {
    if (!c.report.go || !c.report.go->buildinfo) {
      c.skip("trimpath", "-trimpath", c.report.go ? "no build info" : "not a Go binary");
    } else if (const std::string* v = c.setting("-trimpath"); v && *v == "true") {
      c.pass("trimpath", "-trimpath", "-trimpath=true");
    } else {
      c.fail("trimpath", Code::CG874, "-trimpath", "not set",
             "built without -trimpath: the binary embeds the build machine's file system paths",
             "build with -trimpath (or GOFLAGS=-trimpath)");
    }
  }
  if (c.expect.go) {
    std::string error;
    const auto constraints = parse_version_constraints(*c.expect.go, error);
    if (!c.report.go) {
      c.skip("go", *c.expect.go, "not a Go binary");
    } else if (!c.report.go->version || (c.report.go->version_source == "pclntab")) {
      c.skip("go", *c.expect.go, "the Go version is not known exactly (" + c.report.go->version.value_or("none") + ")");
    } else if (constraints && satisfies(*c.report.go->version, *constraints)) {
      c.pass("go", *c.expect.go, *c.report.go->version, "from " + c.report.go->version_source);
    } else {
      c.fail("go", Code::CG875, *c.expect.go, *c.report.go->version,
             "built with " + *c.report.go->version + ", which is not " + *c.expect.go,
             "build with a Go that satisfies " + *c.expect.go + " (GOTOOLCHAIN, or the go line in go.mod)");
    }
  }
  if (c.expect.no_vcs_modified) {
    if (!c.report.go || !c.report.go->buildinfo) {
      c.skip("vcs", "vcs.modified=false", c.report.go ? "no build info" : "not a Go binary");
    } else if (const std::string* v = c.setting("vcs.modified"); v && *v == "true") {
      const std::string* rev = c.setting("vcs.revision");
      c.fail("vcs", Code::CG876, "vcs.modified=false", "vcs.modified=true",
             "built from a working tree with uncommitted changes" + (rev ? " (on top of " + *rev + ")" : std::string()),
             "commit or stash the changes and build again from a clean checkout");
    } else {
      c.pass("vcs", "vcs.modified=false", v ? "vcs.modified=" + *v : "no VCS state recorded");
    }
  }
}

}  // namespace

void promise_checks(const CheckContext& c) {
  check_linkage(c);
  check_cgo(c);
  check_libc(c);
  check_glibc_floor(c);
  check_macos(c);
  check_hardening(c);
  check_build_settings(c);
}

}  // namespace crossgo::verify_detail
