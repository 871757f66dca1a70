// explain: what `go build` will do for a target in this environment, derived from Go's rules for
// the selected version (src/internal/platform/supported.go linking, src/cmd/go/internal/cfg/cfg.go, defaultContext cgo default, src/cmd/link/internal/ld formats/interpreters, src/net/conf.go and src/os/user cgo
// consequences) and from the same findings doctor reports — an error finding that stops a build
// becomes a predicted failure with Go's own message.
#include <algorithm>

#include "crossgo/env.h"
#include "crossgo/finding_registry.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

bool is_elf_unix(const std::string& goos) {
  return goos == "linux" || goos == "android" || goos == "freebsd" || goos == "netbsd" ||
         goos == "openbsd" || goos == "dragonfly" || goos == "solaris" || goos == "illumos";
}

// Dynamic linker the C toolchain writes (cgo builds take the interpreter from the C side:
// external links from the cross linker, internal links from the cgo_dynamic_linker pragma).
std::string c_interpreter(const std::string& goarch, bool musl, const std::string& float_abi,
                          const ports::GoVersion& v) {
  if (musl) {
    if (goarch == "arm") return float_abi == "hard" ? "/lib/ld-musl-armhf.so.1" : "/lib/ld-musl-arm.so.1";
    return ports::elf_interpreter("linux", goarch, ports::GoVersion{std::max(v.minor, 27), 0, ""}, true);
  }
  if (goarch == "arm") return float_abi == "soft" ? "/lib/ld-linux.so.3" : "/lib/ld-linux-armhf.so.3";
  if (goarch == "riscv64") return "/lib/ld-linux-riscv64-lp64d.so.1";
  if (goarch == "s390x") return "/lib/ld64.so.1";
  return ports::elf_interpreter("linux", goarch, v, false);
}

// Error findings that stop `go build` (the registry says which codes can; the rest are
// warnings about surprises, not failures, or errors go build does not hit the same way).
bool stops_build(const Finding& f) {
  return f.severity() == Severity::error && finding_info(f.code).stops_build;
}

std::string ldflags_of(const Environment& e) {
  std::string err;
  for (const auto& f : parse_goflags(e.get("GOFLAGS"), &err)) {
    if (f.name == "ldflags") return f.value;
  }
  return "";
}

}  // namespace

std::string net_resolver(const std::string& goos, bool cgo, const ports::GoVersion& v) {
  if (goos == "windows") return "the Windows DNS API (no cgo needed)";
  if (goos == "plan9") return "Plan 9's /net/cs and /net/dns";
  if (goos == "js" || goos == "wasip1") return "no real resolver (stubs)";
  if (goos == "darwin" || goos == "ios") {
    if (v.at_least(20)) return "libSystem's resolver via syscalls (no cgo needed since go1.20; -tags netgo forces the Go resolver)";
    return cgo ? "the libc (cgo) resolver" : "the pure-Go resolver only (no cgo before go1.20)";
  }
  if (!cgo) return "the pure-Go resolver only (/etc/resolv.conf, /etc/hosts; no NSS modules such as mdns, ldap, sssd)";
  if (goos == "android") return "the cgo (bionic) resolver, which Android prefers";
  return "the Go resolver by default, switching to libc getaddrinfo (cgo) when nsswitch.conf/resolv.conf need it "
         "(GODEBUG=netdns=go|cgo overrides)";
}

std::string os_user_impl(const std::string& goos, bool cgo, const ports::GoVersion& v) {
  if (goos == "windows") return "Windows APIs";
  if (goos == "android") return "stubs (lookups are not implemented on Android)";
  if (goos == "darwin" || goos == "ios") {
    if (v.at_least(20)) return "libSystem via syscalls (no cgo needed since go1.20)";
    return cgo ? "libc getpwuid_r & co. (cgo)" : "pure Go: parses /etc/passwd and /etc/group";
  }
  if (goos == "plan9" || goos == "js" || goos == "wasip1") return "pure Go / stubs";
  if (cgo) return "libc getpwuid_r & co. through NSS (cgo; -tags osusergo selects pure Go)";
  return "pure Go: parses /etc/passwd and /etc/group (user.Current falls back to $USER/$HOME)";
}

std::string linkage_summary(const std::string& goos, bool cgo) {
  if (goos == "darwin" || goos == "ios") return "dynamic (libSystem; Mach-O is never static)";
  if (goos == "windows") return cgo ? "a PE that imports system DLLs (and msvcrt.dll once C code is linked)"
                                    : "a PE that imports system DLLs only";
  if (goos == "solaris" || goos == "illumos") return "dynamic (libc is the system call interface)";
  if (goos == "openbsd") return "dynamic (system calls go through libc)";
  if (goos == "js" || goos == "wasip1") return "a WebAssembly module";
  if (goos == "plan9") return "static";
  return cgo ? "dynamically linked against the C library" : "statically linked (no ELF interpreter, no libc)";
}

Prediction predict(const Environment& base, std::optional<bool> cgo_override, const std::string& buildmode) {
  Environment e = base;
  if (cgo_override) {
    Value& v = e.vars["CGO_ENABLED"];
    v.name = "CGO_ENABLED";
    v.value = *cgo_override ? "1" : "0";
    v.origin = Origin::command_line;
    v.detail = *cgo_override ? "--cgo" : "--no-cgo";
    e.cgo_reason = std::string("CGO_ENABLED=") + v.value + " from the command line (" + v.detail + ")";
  }
  Prediction p;
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  const ports::GoVersion& ver = e.version;
  p.target = Target{goos, goarch, ""};
  const std::string subvar = e.subarch_variable();
  if (!subvar.empty()) {
    p.target.variant = e.get(subvar);
    const Value& sv = e.var(subvar);
    p.subarch = subvar + "=" + sv.value + " (" + std::string(to_string(sv.origin)) +
                (sv.detail.empty() ? "" : ": " + sv.detail) + ")";
  }
  p.go_version = ver.raw.empty() ? ver.name() + " (assumed)" : ver.raw;
  p.cgo = cgo_on(e);
  p.cgo_reason = e.cgo_reason;
  auto findings = diagnose(e, {});
  for (const auto& f : findings) {
    if (stops_build(f)) {
      p.will_build = false;
      p.failure.push_back(std::string(f.id()) + ": " + f.message);
    }
  }
  const bool pair_ok = ports::is_goos(goos) && ports::is_goarch(goarch) &&
                       (ports::port_status(goos, goarch, ver).state == ports::PortState::supported ||
                        ports::port_status(goos, goarch, ver).state == ports::PortState::broken);
  if (!pair_ok) {
    p.format = "none";
    p.linkage = "none";
    p.linkmode = "none";
    return p;
  }
  // Build mode.
  if (buildmode == "default" || buildmode.empty()) {
    const bool pie = ports::default_pie(goos, goarch, false, ver);
    p.buildmode = pie ? "pie" : "exe";
    p.buildmode_reason = pie ? goos + " builds PIE by default (" + ver.name() + ")" : "plain executable (no default PIE on " + goos + ")";
    if (!pie && ((goos == "darwin" && goarch == "arm64") || (goos == "windows" && goarch == "arm64"))) {
      p.buildmode = "pie";
      p.buildmode_reason = "the linker turns -buildmode=exe into PIE on " + goos + "/" + goarch;
    }
  } else {
    p.buildmode = buildmode;
    p.buildmode_reason = "-buildmode=" + buildmode;
    if (!ports::build_mode_supported(buildmode, goos, goarch, ver)) {
      p.will_build = false;
      p.failure.push_back("go: -buildmode=" + buildmode + " not supported on " + goos + "/" + goarch);
    }
    if ((buildmode == "c-shared" || buildmode == "c-archive") && !p.cgo) {
      p.will_build = false;
      p.failure.push_back("-buildmode=" + buildmode + " needs cgo: the package fails with \"build constraints exclude all Go files\"");
      p.missing.push_back("CGO_ENABLED=1 and a C compiler for " + goos + "/" + goarch);
    }
  }
  // Link mode.
  std::string reason;
  const bool lib_mode = p.buildmode == "c-shared" || p.buildmode == "c-archive" || p.buildmode == "plugin" ||
                        p.buildmode == "shared";
  if (ports::must_link_external(goos, goarch, p.cgo, ver, &reason)) {
    p.linkmode = "external";
    p.linkmode_reason = reason;
  } else if (p.buildmode == "pie" && !ports::internal_link_pie_supported(goos, goarch, ver)) {
    p.linkmode = "external";
    p.linkmode_reason = "Go's linker cannot link PIE internally for " + goos + "/" + goarch + " (" + ver.name() + ")";
  } else if (lib_mode) {
    p.linkmode = "external";
    p.linkmode_reason = "-buildmode=" + p.buildmode + " always links with the C linker";
  } else if (p.cgo) {
    p.linkmode = "internal or external";
    p.linkmode_reason = "internal when only the standard library uses cgo (net, os/user, runtime/cgo); external "
                        "(the C compiler links) as soon as a non-standard package contains C code, or with "
                        "-ldflags=-linkmode=external";
  } else {
    p.linkmode = "internal";
    p.linkmode_reason = "pure Go: Go's own linker";
  }
  if (p.linkmode == "external" && !p.cgo) {
    p.missing.push_back("cgo (CGO_ENABLED=1) and a C toolchain for " + goos + "/" + goarch + " to link externally");
    if (p.will_build && (!ver.at_least(22) || p.buildmode == "pie")) {
      const CompilerProbe* cc = e.compiler("CC");
      const bool cc_targets = cc != nullptr && cc->target_goarch == goarch &&
                              (cc->target_goos.empty() || cc->target_goos == goos);
      if (!cc_targets) {
        p.will_build = false;
        p.failure.push_back(ver.at_least(22)
                                ? "-buildmode=pie requires external (cgo) linking, but cgo is not enabled"
                                : "loadinternal: cannot find runtime/cgo, then the host C linker fails for " + goos + "/" + goarch);
      }
    }
  }
  // Output format and linkage.
  p.format = std::string(ports::output_format(goos));
  if (p.buildmode == "c-archive") p.format = "ar archive of " + p.format + " objects";
  else if (p.buildmode == "c-shared") p.format += " shared library";
  else if (p.buildmode == "pie") p.format += " (position-independent executable)";
  const CompilerProbe* cc = e.compiler("CC");
  const bool musl = contains(e.get("CC"), "musl") || (cc != nullptr && contains(cc->dumpmachine, "musl"));
  const std::string float_abi = cc != nullptr && cc->target_goarch == "arm" ? cc->float_abi : "";
  const std::string ld = ldflags_of(e);
  const bool ext_static = contains(ld, "-static");
  if (is_elf_unix(goos) && goos != "openbsd" && goos != "solaris" && goos != "illumos") {
    if (p.buildmode == "c-archive") {
      p.linkage = "n/a (archive)";
      p.libc = "whatever the final link uses";
    } else if (p.cgo && goos != "android") {
      if (ext_static) {
        p.linkage = "static";
        p.linkage_reason = "GOFLAGS -ldflags contains -static (glibc warns about NSS functions unless -tags netgo,osusergo)";
        p.libc = musl ? "musl (static)" : "glibc (static)";
      } else {
        p.linkage = "dynamic";
        p.linkage_reason = "cgo links the C library dynamically";
        p.libc = goos == "linux" ? (musl ? "musl" : "glibc") : "system libc";
        if (goos == "linux" && p.buildmode != "c-shared")
          p.interpreter = c_interpreter(goarch, musl, float_abi, ver);
        else if (p.buildmode != "c-shared")
          p.interpreter = ports::elf_interpreter(goos, goarch, ver, false);
      }
    } else if (goos == "android") {
      p.linkage = "dynamic";
      p.linkage_reason = "Android binaries use the bionic linker";
      p.libc = "bionic";
      if (goarch == "arm64") p.interpreter = "/system/bin/linker64";
    } else if (p.buildmode == "pie") {
      p.linkage = "dynamic (PIE)";
      p.linkage_reason = "a PIE needs the dynamic loader to relocate it even without cgo: it has an ELF interpreter "
                         "but no NEEDED libraries (observed with Go 1.19 on Debian 12)";
      p.libc = "none (loader only)";
      p.interpreter = ports::elf_interpreter(goos, goarch, ver, false);
    } else {
      p.linkage = "static";
      p.linkage_reason = "no cgo and internal linking: no dynamic imports, so no ELF interpreter";
      p.libc = "none";
    }
  } else {
    p.linkage = goos == "plan9" ? "static" : (goos == "js" || goos == "wasip1") ? "n/a" : "dynamic";
    p.linkage_reason = linkage_summary(goos, p.cgo);
    p.libc = goos == "windows" ? "system DLLs" : (goos == "darwin" || goos == "ios") ? "libSystem" : "system libc";
    if (goos == "openbsd" || goos == "solaris" || goos == "illumos")
      p.interpreter = ports::elf_interpreter(goos, goarch, ver, false);
    if (goos == "js" || goos == "wasip1") p.libc = "none";
  }
  p.resolver = net_resolver(goos, p.cgo, ver);
  p.os_user = os_user_impl(goos, p.cgo, ver);
  // What is still missing for a cgo build.
  if (p.cgo) {
    for (const auto& f : findings) {
      if (f.code == Code::CG401 || f.code == Code::CG402 || f.code == Code::CG403) {
        auto triplets = ports::gnu_triplets(goos, goarch, e.get("GOARM"));
        p.missing.push_back("a C compiler for " + (triplets.empty() ? goos + "/" + goarch : triplets.front()) +
                            " (CC=" + suggested_cc(e) + ")");
        break;
      }
      if (f.code >= Code::CG410 && f.code <= Code::CG416 && f.severity() == Severity::error) {
        p.missing.push_back(f.fix);
        continue;
      }
      if (f.code == Code::CG503) {
        p.missing.push_back("an Apple-targeting C compiler with a macOS/iOS SDK");
        break;
      }
    }
  }
  std::sort(p.missing.begin(), p.missing.end());
  p.missing.erase(std::unique(p.missing.begin(), p.missing.end()), p.missing.end());
  return p;
}

}  // namespace crossgo::env
