// CG410–CG416: what the build probes (cgo_probe.cc, pkg_config_probe.cc) proved about the C
// toolchain. Each finding carries the compiler's own first error line as evidence and a fix that
// names the package providing what is missing (Debian/Ubuntu, Alpine, Fedora) or the sysroot
// the user needs: "cgo needs the C toolchain *and the target platform's headers and libraries*".
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

std::string package_fix(const Environment& e, const CompilerProbe* c, ports::CPiece piece) {
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  std::string fabi = c != nullptr ? c->float_abi : "";
  if (goarch == "arm" && fabi.empty()) {
    const std::string goarm = e.get("GOARM");
    fabi = !goarm.empty() && goarm[0] == '5' ? "soft" : "hard";
  }
  const bool musl = c != nullptr && (contains(c->dumpmachine, "musl") || contains(c->command, "musl"));
  const bool native = goos == e.go.host_goos && goarch == e.go.host_goarch;
  auto pk = ports::c_packages(piece, goos, goarch, fabi, musl, native, 0);
  std::vector<std::string> parts;
  if (!pk.debian.empty()) parts.push_back("apt-get install " + pk.debian + " (Debian/Ubuntu)");
  if (!pk.alpine.empty()) parts.push_back("apk add " + pk.alpine + " (Alpine)");
  if (!pk.fedora.empty()) parts.push_back("dnf install " + pk.fedora + " (Fedora)");
  std::string fix = join(parts, "; ");
  if (c != nullptr && !c->sysroot.empty()) {
    fix = "the sysroot " + shown(c->sysroot) + " given with --sysroot lacks it: populate it with the target's "
          "/usr/include and /usr/lib (e.g. mmdebstrap for " + goarch + "), or remove --sysroot" +
          (fix.empty() ? "" : "; without a sysroot: " + fix);
  } else if (!pk.note.empty()) {
    fix += (fix.empty() ? "" : "; ") + pk.note;
  }
  return fix;
}

struct Wording {
  Code code;
  const char* what;  // what is missing or wrong, in words
  ports::CPiece piece;
};

Wording wording(ProbeProblem p, bool cxx) {
  switch (p) {
    case ProbeProblem::headers:
      return {Code::CG410,
              cxx ? "the target's C++ standard library headers are missing" : "the target's C library headers are missing",
              cxx ? ports::CPiece::cxx_library : ports::CPiece::c_library};
    case ProbeProblem::libc:
      return {Code::CG411, "the target's C library is missing for the link", ports::CPiece::c_library};
    case ProbeProblem::startup_files:
      return {Code::CG412, "the target's C start-up files (crt1.o & co., part of the C library package) are missing",
              ports::CPiece::c_library};
    case ProbeProblem::libgcc:
      return {Code::CG412, "the compiler's runtime library (libgcc, crtbegin.o) for the target is missing",
              ports::CPiece::libgcc};
    case ProbeProblem::wrong_linker:
      return {Code::CG413, "the linker it runs cannot produce the target", ports::CPiece::c_library};
    case ProbeProblem::wrong_output:
      return {Code::CG413, "the linker produced a program for another architecture", ports::CPiece::c_library};
    default:
      return {Code::CG414, "the compile or link failed", ports::CPiece::c_library};
  }
}

void probe_findings(const Environment& e, const BuildProbe& b, std::vector<Finding>& out) {
  if (!b.ran || b.ok) return;
  const bool cxx = b.role == "CXX";
  const CompilerProbe* c = e.compiler(cxx ? "CXX" : "CC");
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH"), pair = goos + "/" + goarch;
  const Value& v = e.var(cxx ? "CXX" : "CC");
  Wording w = wording(b.problem, cxx);
  // CXX only matters to packages with C++ files; without any in the module it is a warning, as
  // is a probe that timed out (the registry's documented downgrades of CG410–CG414).
  const bool needed = !cxx || !e.module_use.cxx_files.empty();
  std::string msg = b.role + "=" + shown(v.value) + " " + where(v) + " cannot " +
                    (b.step == "compile" ? std::string("compile ") + (cxx ? "a C++ file" : "a C file with runtime/cgo's headers")
                                         : std::string("link a ") + (cxx ? "C++" : "C") + " program") +
                    " for " + pair + ": " + w.what + " (" + b.first_error + ")";
  if (!cxx) msg += "; `go build` with cgo fails the same way in runtime/cgo";
  else if (needed) msg += "; the module's C++ files (" + e.module_use.cxx_files.front() + " …) cannot build";
  else msg += "; packages with C++ files will fail to build";
  std::string fix;
  if (b.problem == ProbeProblem::wrong_linker || b.problem == ProbeProblem::wrong_output) {
    fix = "use the cross toolchain's own driver (export " + b.role + "=" + suggested_cc(e, cxx) +
          "), or point a clang -target build at the target's linker (-fuse-ld=lld, or the triplet's ld)";
  } else if (b.problem == ProbeProblem::timed_out || b.problem == ProbeProblem::other) {
    fix = "run the same command to see the whole error: " + join(b.step == "compile" ? b.compile_argv : b.link_argv, " ");
  } else {
    fix = package_fix(e, c, w.piece);
  }
  out.push_back(Finding{
      .code = w.code,
      .downgraded = !needed || b.problem == ProbeProblem::timed_out,
      .location = location_of(v),
      .subject = b.role,
      .message = msg,
      .fix = fix,
      .actual = b.missing.empty() ? b.first_error : b.missing,
  });
}

void pkg_config_findings(const Environment& e, std::vector<Finding>& out) {
  const PkgConfigProbe& p = e.pkg_config;
  if (!p.ran) return;
  const std::string names = join(e.module_use.pkg_config, " "), pair = e.get("GOOS") + "/" + e.get("GOARCH");
  const std::string here = " (`#cgo pkg-config: " + names + "` at " + e.module_use.pkg_config_where + ")";
  auto triplets = ports::gnu_triplets(e.get("GOOS"), e.get("GOARCH"), e.get("GOARM"));
  const std::string triplet = triplets.empty() ? "<triplet>" : triplets.front();
  const Location pkg_config_location = location_of(e.var("PKG_CONFIG"));
  const std::string target_fix = "export PKG_CONFIG_LIBDIR=/usr/lib/" + triplet +
                                 "/pkgconfig (the target's .pc files; with a sysroot also PKG_CONFIG_SYSROOT_DIR), "
                                 "or PKG_CONFIG=" + triplet + "-pkg-config, and install the target's -dev package";
  if (!p.found || !p.error.empty()) {
    out.push_back(Finding{
        .code = Code::CG416,
        .location = pkg_config_location,
        .subject = "PKG_CONFIG",
        .message = "the module asks pkg-config for " + names + here + ", but " + shown(p.command) +
            " cannot answer for " + pair + ": " + p.error + "; `go build` stops with the same error",
        .fix = p.found ? target_fix : "install pkg-config (apt-get install pkgconf) or set PKG_CONFIG",
        .actual = p.error,
    });
    return;
  }
  if (p.build.ran && !p.build.ok) {
    std::string what = p.build.problem == ProbeProblem::library_other_arch
                           ? "the library it names is for another architecture (" + p.build.missing + ")"
                       : p.build.problem == ProbeProblem::library_missing
                           ? "the library it names does not exist for the target (" + p.build.missing + ")"
                           : "CC cannot link with those flags";
    if (!p.host_dirs.empty()) what += "; its .pc files come from the build machine's " + join(p.host_dirs, ", ");
    out.push_back(Finding{
        .code = Code::CG416,
        .location = pkg_config_location,
        .subject = "PKG_CONFIG",
        .message = shown(p.command) + " answers " + names + here + " with `" + p.libs + "`, but " + what +
            " (" + p.build.first_error + "); the cgo link fails for " + pair,
        .fix = target_fix,
        .actual = p.build.first_error,
    });
    return;
  }
  if (!p.host_dirs.empty()) {
    out.push_back(Finding{
        .code = Code::CG416,
        .downgraded = true,
        .location = pkg_config_location,
        .subject = "PKG_CONFIG",
        .message = shown(p.command) + " answers " + names + here + " from the build machine's " +
            join(p.host_dirs, ", ") + " in a cross build for " + pair +
            ": the flags are the host's even though this link happened to work",
        .fix = target_fix,
    });
  }
}

}  // namespace

std::vector<Finding> check_cgo_toolchain(const Environment& e) {
  std::vector<Finding> out;
  if (!cgo_on(e)) return out;
  for (const auto& b : e.build_probes) probe_findings(e, b, out);
  pkg_config_findings(e, out);
  // CXX set (or needed by the module's C++ files) but not installed: cmd/go only runs it for C++,
  // so without C++ files in the module it is a warning.
  const CompilerProbe* cxx = e.compiler("CXX");
  const Value& v = e.var("CXX");
  const bool wanted = explicitly_set(v) || !e.module_use.cxx_files.empty();
  if (wanted && cxx != nullptr && !cxx->argv.empty() && !cxx->found) {
    const bool needed = !e.module_use.cxx_files.empty();
    out.push_back(Finding{
        .code = Code::CG415,
        .downgraded = !needed,
        .location = location_of(v),
        .subject = "CXX",
        .message = "the C++ compiler " + shown(cxx->argv[0]) + " (CXX " + where(v) + ") is not " +
            (cxx->argv[0].find('/') != std::string::npos ? "an executable file" : "in $PATH") +
            (needed ? ": the module's C++ files (" + e.module_use.cxx_files.front() + " …) cannot build"
            : ": packages with C++ files will fail with \"exec: " + cxx->argv[0] + ": not found\""),
        .fix = "export CXX=" + suggested_cc(e, true) + " (and install it)",
        .actual = cxx->command,
    });
  }
  return out;
}

}  // namespace crossgo::env
