// CG4xx: cgo cross builds and their C toolchain. What Go will do with CC is deterministic (it runs
// `$CC` for the target, src/cmd/go/internal/work/exec.go, ccExe and gccCmd), so we ask the compiler itself what it targets
// (-dumpmachine) instead of trusting its name, and compare with GOOS/GOARCH/GOARM. The symptoms
// quoted are the ones the Go 1.19 lab runs on Debian 12 recorded with Go 1.19 and gcc 12.
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

std::string mismatch_symptom(const Environment& e, const CompilerProbe& c) {
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (goos == "windows") return "gcc: error: unrecognized command-line option '-mthreads' (std-only code may still build)";
  if (goos == "android") return "gcc_android.c: fatal error: android/log.h: No such file or directory";
  if (goos == "darwin" || goos == "ios") return "gcc: error: unrecognized command-line option '-arch'";
  if (c.target_goarch == "arm" && (goarch == "arm64" || goarch == "amd64"))
    return "size of array '_check_for_64_bit_pointer_matching_GoInt' is negative";
  if (goarch == "amd64") return c.target_goarch.empty() ? "" : c.command + ": error: unrecognized command-line option '-m64'";
  return "assembler errors in runtime/cgo (e.g. gcc_" + goarch + ".S: Error: no such instruction)";
}

bool host_path_flag(const std::string& w, std::string& which) {
  static const char* kHost[] = {"/usr/include", "/usr/local/include", "/usr/lib", "/usr/lib64",
                                "/usr/local/lib", "/lib", "/lib64", "/opt/homebrew"};
  for (const char* prefix : {"-I", "-L", "-isystem", "-idirafter", "-Wl,-rpath,", "-Wl,-L"}) {
    if (!starts_with(w, prefix)) continue;
    std::string path = w.substr(std::string(prefix).size());
    for (const char* h : kHost) {
      const std::string hs = h;
      if (path == hs || starts_with(path, hs + "/")) {
        // /usr/lib/<cross-triplet>/ and /usr/<triplet>/ are cross locations, not host ones.
        if (starts_with(path, "/usr/lib/") && path.find("-linux-") != std::string::npos &&
            path.find("x86_64-linux-gnu") == std::string::npos)
          continue;
        which = w;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::vector<Finding> check_compilers(const Environment& e) {
  std::vector<Finding> out;
  if (!cgo_on(e)) return out;
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (!ports::is_goos(goos) || !ports::is_goarch(goarch)) return out;
  if (goos == "darwin" || goos == "ios") {
    if (e.go.host_goos != "darwin") return out;  // CG503 covers it
  }
  const Value& ccv = e.var("CC");
  const CompilerProbe* cc = e.compiler("CC");
  const bool cross = e.cross();
  const bool cc_default = ccv.origin == Origin::go_rule || ccv.origin == Origin::toolchain_default;
  // cgo for windows needs the C compiler less: std-only code may still build (CG401/CG403 downgrade).
  const bool windows = goos == "windows";
  bool cc_ok = true;
  if (cc != nullptr && !cc->argv.empty() && !cc->found) {
    cc_ok = false;
    const bool prebuilt = e.go.prebuilt_runtime_cgo && !e.version.at_least(20) && !cross && cc_default;
    out.push_back(Finding{
        .code = Code::CG402,
        .downgraded = prebuilt,
        .location = location_of(ccv),
        .subject = "CC",
        .message = "the C compiler " + shown(cc->argv[0]) + " (CC " + where(ccv) + ") is not " +
            (cc->argv[0].find('/') != std::string::npos ? "an executable file" : "in $PATH") +
            ": cgo fails with \"cgo: C compiler \\\"" + cc->argv[0] + "\\\" not found\"" +
            (prebuilt ? " — std-only programs still link from the prebuilt $GOROOT/pkg runtime/cgo.a, code with its own C does not" : ""),
        .fix = cross ? "export CC=" + suggested_cc(e) : "install a C compiler (apt-get install gcc) or set CGO_ENABLED=0",
        .actual = cc->command,
    });
  }
  // Compared even when CC is not installed: its name (aarch64-linux-gnu-gcc) already says what
  // it would target, and a wrong name is worth fixing before installing it.
  if (cc != nullptr && !cc->target_goarch.empty()) {
    const bool arch_bad = cc->target_goarch != goarch;
    const bool os_bad = !cc->target_goos.empty() && cc->target_goos != goos;
    if (arch_bad || os_bad) {
      const Code code = cc_default && cross ? Code::CG401 : Code::CG403;
      std::string msg = code == Code::CG401
                            ? "cgo cross build for " + goos + "/" + goarch + " but CC is not set, so Go uses " +
                                  shown(ccv.value) + " which targets " + cc->dumpmachine
                            : "CC=" + shown(ccv.value) + " " + where(ccv) + " produces code for " + cc->dumpmachine +
                                  ", not " + goos + "/" + goarch;
      const std::string symptom = mismatch_symptom(e, *cc);
      if (starts_with(symptom, "assembler errors")) msg += "; the build fails with " + symptom;
      else if (!symptom.empty()) msg += "; the build fails in runtime/cgo with \"" + symptom + "\"";
      out.push_back(Finding{
          .code = code,
          .downgraded = windows,
          .location = location_of(ccv),
          .subject = "CC",
          .message = msg,
          .fix = "export CC=" + suggested_cc(e) + "   (or CGO_ENABLED=0 for a pure-Go build)",
          .expected = goos + "/" + goarch,
          .actual = cc->dumpmachine,
      });
    }
  } else if (cc_ok && cc != nullptr && !cc->error.empty()) {
    out.push_back(Finding{
        .code = Code::CG409,
        .location = location_of(ccv),
        .subject = "CC",
        .message = "could not ask the C compiler what it targets: " + cc->error,
        .fix = "check that `" + cc->command + " -dumpmachine` works",
    });
  } else if (cc_ok && cross && cc_default && cc != nullptr && cc->target_goarch.empty()) {
    out.push_back(Finding{
        .code = Code::CG401,
        .downgraded = windows,
        .location = location_of(ccv),
        .subject = "CC",
        .message = "cgo cross build for " + goos + "/" + goarch + " but CC is not set; Go will use " +
            shown(ccv.value),
        .fix = "export CC=" + suggested_cc(e),
    });
  }
  // CXX must agree with CC (C++ files in cgo packages, and the linker when C++ is present).
  const CompilerProbe* cxx = e.compiler("CXX");
  const Value& cxxv = e.var("CXX");
  const bool cxx_wanted = explicitly_set(cxxv) || !e.module_use.cxx_files.empty();
  if (cxx != nullptr && cxx_wanted && !cxx->target_goarch.empty() &&
      (cxx->target_goarch != goarch || (!cxx->target_goos.empty() && cxx->target_goos != goos))) {
    out.push_back(Finding{
        .code = Code::CG404,
        .location = location_of(cxxv),
        .subject = "CXX",
        .message = "CXX=" + shown(cxxv.value) + " " + where(cxxv) + (cxx->found ? " produces code for " : " (not installed) would produce code for ") +
            cxx->dumpmachine + ", not " + goos + "/" + goarch +
            ": packages with C++ files, or linking with C++ objects, will fail",
        .fix = "export CXX=" + suggested_cc(e, true),
        .expected = goos + "/" + goarch,
        .actual = cxx->dumpmachine,
    });
  } else if (cc != nullptr && cxx != nullptr && cc->found && cxx->found && !cc->target_goarch.empty() &&
      !cxx->target_goarch.empty()) {
    const bool differ = cc->target_goarch != cxx->target_goarch || cc->target_goos != cxx->target_goos ||
                        (!cc->float_abi.empty() && !cxx->float_abi.empty() && cc->float_abi != cxx->float_abi);
    if (differ) {
      // cmd/go only runs CXX for packages with C++ files: unless CXX was set on purpose or the
      // module has such files, the mismatch is a note, not a warning on every cross build.
      out.push_back(Finding{
          .code = Code::CG404,
          .downgraded = !cxx_wanted,
          .location = location_of(cxxv),
          .subject = "CXX",
          .message = "CC targets " + cc->dumpmachine + (cc->float_abi.empty() ? "" : " (" + cc->float_abi + "-float)") +
              " but CXX=" + shown(e.get("CXX")) + " targets " + cxx->dumpmachine +
              (cxx->float_abi.empty() ? "" : " (" + cxx->float_abi + "-float)") +
              ": packages with C++ files, or linking with C++ objects, will fail or mix ABIs",
          .fix = "export CXX=" + suggested_cc(e, true),
          .expected = cc->dumpmachine,
          .actual = cxx->dumpmachine,
      });
    }
  }
  // GOARM vs the C toolchain's float ABI / architecture level (observed with Go 1.19 on Debian 12).
  if (goarch == "arm" && cc != nullptr && cc->target_goarch == "arm" && !cc->float_abi.empty()) {
    const std::string goarm = e.get("GOARM");
    const bool go_soft = (!goarm.empty() && goarm[0] == '5') || contains(goarm, "softfloat");
    if (go_soft && cc->float_abi == "hard") {
      out.push_back(Finding{
          .code = Code::CG405,
          .location = location_of(e.var("GOARM")),
          .subject = "GOARM",
          .message = "GOARM=" + goarm + " (" + to_string(e.var("GOARM").origin).data() +
              ") asks for ARMv5/soft-float Go code, but CC targets " + cc->dumpmachine +
              " (hard-float, ARMv7 by default): the binary needs an ARMv7 CPU with VFP anyway and its build info "
              "claims GOARM=" + goarm,
          .fix = "export GOARM=7 (for armhf targets), or use arm-linux-gnueabi-gcc for ARMv5",
          .expected = "GOARM=7",
          .actual = "GOARM=" + goarm,
      });
    } else if (!go_soft && cc->float_abi == "soft") {
      out.push_back(Finding{
          .code = Code::CG405,
          .downgraded = true,
          .location = location_of(e.var("GOARM")),
          .subject = "GOARM",
          .message = "GOARM=" + goarm + " (hard-float) with a soft-float C toolchain (" + cc->dumpmachine +
              "): C code uses the soft-float ABI and an older architecture level",
          .fix = "use arm-linux-gnueabihf-gcc, or GOARM=5 for ARMv5 targets",
      });
    }
  }
  if (!cross) return out;
  const auto triplets = ports::gnu_triplets(goos, goarch, e.get("GOARM"));
  const std::string triplet = triplets.empty() ? std::string("<triplet>") : triplets.front();
  // Host paths in CGO_* flags make a cross build find host headers/libraries.
  for (const char* k : {"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS"}) {
    const Value& v = e.var(k);
    for (const auto& w : split_quoted(v.value)) {
      std::string which;
      if (host_path_flag(w, which)) {
        out.push_back(Finding{
            .code = Code::CG406,
            .location = location_of(v),
            .subject = k,
            .message = std::string(k) + " " + where(v) + " contains the host path " + shown(which) + " in a cross build for " +
                goos + "/" + goarch + ": the target compiler will pick up host headers or libraries",
            .fix = "point it at the target sysroot (e.g. /usr/" + triplet + "/…) or remove it",
            .actual = which,
        });
        break;
      }
    }
  }
  // pkg-config: without a sysroot/libdir it reports the host's .pc files.
  auto penv = [&](const char* k) {
    auto it = e.process.find(k);
    return it == e.process.end() ? std::string() : it->second;
  };
  const std::string pc_path = penv("PKG_CONFIG_PATH"), pc_libdir = penv("PKG_CONFIG_LIBDIR"),
                    pc_sysroot = penv("PKG_CONFIG_SYSROOT_DIR");
  for (const auto& [k, val] : {std::pair<std::string, std::string>{"PKG_CONFIG_PATH", pc_path},
                               {"PKG_CONFIG_LIBDIR", pc_libdir}}) {
    size_t start = 0;
    while (start <= val.size() && !val.empty()) {
      size_t colon = val.find(':', start);
      std::string dir = val.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (dir == "/usr/lib/pkgconfig" || dir == "/usr/share/pkgconfig" || dir == "/usr/local/lib/pkgconfig" ||
          dir == "/usr/lib/x86_64-linux-gnu/pkgconfig" || dir == "/usr/lib64/pkgconfig") {
        out.push_back(Finding{
            .code = Code::CG407,
            .location = {.variable = k},
            .subject = k,
            .message = k + " contains the host directory " + shown(dir) + " in a cross build: `#cgo pkg-config:` "
                "packages get host flags and libraries",
            .fix = "export " + k + "=/usr/lib/<triplet>/pkgconfig (and PKG_CONFIG_SYSROOT_DIR if needed)",
            .actual = dir,
        });
        break;
      }
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  if (pc_libdir.empty() && pc_sysroot.empty() && e.get("PKG_CONFIG") == "pkg-config") {
    out.push_back(Finding{
        .code = Code::CG407,
        .downgraded = true,
        .location = location_of(e.var("PKG_CONFIG")),
        .subject = "PKG_CONFIG",
        .message = "cross cgo build with the host pkg-config and no PKG_CONFIG_LIBDIR/PKG_CONFIG_SYSROOT_DIR: "
            "packages using `#cgo pkg-config:` would get host flags",
        .fix = "export PKG_CONFIG=" + triplet + "-pkg-config (or set PKG_CONFIG_LIBDIR to the target's pkgconfig dir)",
    });
  }
  // Sysroots that do not exist.
  std::vector<std::pair<std::string, std::string>> roots;
  if (cc != nullptr && !cc->sysroot.empty()) roots.emplace_back("CC/CGO flags --sysroot", cc->sysroot);
  if (!pc_sysroot.empty()) roots.emplace_back("PKG_CONFIG_SYSROOT_DIR", pc_sysroot);
  for (const auto& [what, dir] : roots) {
    if (!is_directory(dir)) {
      out.push_back(Finding{
          .code = Code::CG408,
          .location = {.file = dir},
          .subject = what,
          .message = what + " names the sysroot " + shown(dir) + ", which is not a directory",
          .fix = "create/unpack the target sysroot there or fix the path",
          .actual = dir,
      });
    }
  }
  return out;
}

}  // namespace crossgo::env
