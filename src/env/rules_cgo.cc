// CG3xx: CGO_ENABLED — its implicit value and why (src/cmd/go/internal/cfg/cfg.go, defaultContext, version dependent), what it
// means for this target (src/net/conf.go and src/os/user: net resolver, os/user, static or dynamic), and the classic silent
// trap: cross-compiling with CC set but CGO_ENABLED unset builds the !cgo fallback (observed with Go 1.19 on Debian 12).
// CG5xx: targets that need external linking, i.e. cgo and a target C toolchain (src/internal/platform/supported.go, MustLinkExternal; Go's own error messages in cmd/go and cmd/link).
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {

bool cgo_on(const Environment& e) { return e.get("CGO_ENABLED") == "1"; }

std::vector<Finding> check_cgo(const Environment& e) {
  std::vector<Finding> out;
  const Value& cgo = e.var("CGO_ENABLED");
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (!ports::is_goos(goos) || !ports::is_goarch(goarch)) return out;
  const bool on = cgo_on(e);
  const bool implicit = cgo.origin == Origin::go_rule || cgo.origin == Origin::toolchain_default;
  if (implicit) {
    out.push_back(Finding{
        .code = Code::CG301,
        .location = location_of(cgo),
        .subject = "CGO_ENABLED",
        .message = "CGO_ENABLED is not set, so it is " + cgo.value + ": " + e.cgo_reason + ". For " + goos + "/" + goarch +
            ": net uses " + net_resolver(goos, on, e.version) + "; os/user uses " +
            os_user_impl(goos, on, e.version) + "; the binary is " + linkage_summary(goos, on) + ".",
        .fix = on ? "set CGO_ENABLED=1 explicitly (or 0 for a static, libc-free binary) so the choice is visible"
            : "set CGO_ENABLED=0 explicitly to document it, or CGO_ENABLED=1 CC=" + suggested_cc(e) +
            " to build with cgo",
        .actual = cgo.value,
    });
  }
  const Value& cc = e.var("CC");
  if (!on && e.cross() && implicit &&
      (cc.origin == Origin::process_env || cc.origin == Origin::goenv_file)) {
    out.push_back(Finding{
        .code = Code::CG302,
        .location = location_of(cgo),
        .subject = "CGO_ENABLED",
        .message = "CC=" + shown(cc.value) + " is set " + where(cc) +
            " but cgo is off for this cross build, so CC is ignored: packages with a !cgo fallback silently use it "
            "and packages that need cgo fail with \"build constraints exclude all Go files\"",
        .fix = "export CGO_ENABLED=1 (cgo with " + cc.value + ") or unset CC (pure Go)",
        .expected = "CGO_ENABLED=1",
        .actual = "0 (implicit)",
    });
  }
  if (on && !ports::port_status(goos, goarch, e.version).cgo_supported) {
    out.push_back(Finding{
        .code = Code::CG303,
        .location = location_of(cgo),
        .subject = "CGO_ENABLED",
        .message = "CGO_ENABLED=1 " + where(cgo) + " but " + goos + "/" + goarch +
            " does not support cgo in " + e.version.name(),
        .fix = unset_command(cgo).empty() ? "set CGO_ENABLED=0" : unset_command(cgo),
        .expected = "0",
        .actual = "1",
    });
  }
  return out;
}

std::vector<Finding> check_linking(const Environment& e) {
  std::vector<Finding> out;
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (!ports::is_goos(goos) || !ports::is_goarch(goarch)) return out;
  auto st = ports::port_status(goos, goarch, e.version);
  if (st.state == ports::PortState::unknown || st.state == ports::PortState::removed ||
      st.state == ports::PortState::not_yet)
    return out;
  const bool on = cgo_on(e);
  const std::string pair = goos + "/" + goarch;
  std::string reason;
  const bool must = ports::must_link_external(goos, goarch, false, e.version, &reason);
  const bool pie_ext = ports::default_pie(goos, goarch, false, e.version) &&
                       !ports::internal_link_pie_supported(goos, goarch, e.version);
  if (!on && (must || pie_ext)) {
    const std::string what = must ? pair : std::string("default PIE binary");
    const std::string symptom =
        e.version.at_least(22)
            ? "\"" + what + " requires external (cgo) linking, but cgo is not enabled\""
            : "\"loadinternal: cannot find runtime/cgo\" followed by the host linker failing";
    out.push_back(Finding{
        .code = must ? Code::CG501 : Code::CG502,
        .subject = "GOOS/GOARCH",
        .message = (must ? reason : pair + " builds PIE by default and Go's internal linker cannot link PIE for it") +
            ", but cgo is off: " + e.version.name() + " fails with " + symptom,
        .fix = "CGO_ENABLED=1 CC=" + suggested_cc(e) +
            (goos == "android" && goarch != "arm64" ? " (or target android/arm64, which links internally)" : ""),
        .expected = "CGO_ENABLED=1 and a target C toolchain",
        .actual = "CGO_ENABLED=" + e.get("CGO_ENABLED"),
    });
  }
  // darwin/ios with cgo from elsewhere: the C compiler must target Apple platforms (needs an SDK).
  if (on && (goos == "darwin" || goos == "ios") && e.go.host_goos != "darwin") {
    const CompilerProbe* cc = e.compiler("CC");
    const bool apple = cc != nullptr && (cc->target_goos == "darwin" || cc->target_goos == "ios");
    if (!apple) {
      out.push_back(Finding{
          .code = Code::CG503,
          .location = location_of(e.var("CC")),
          .subject = "CC",
          .message = "cgo for " + pair + " from a " + e.go.host_goos + " host needs a C compiler that targets Apple platforms with an SDK; CC=" +
              shown(e.get("CC")) + " does not (gcc fails with \"unrecognized command-line option '-arch'\"; "
              "on darwin even std-only code needs cgo for net)",
          .fix = "CGO_ENABLED=0 (pure Go; net still uses libSystem since go1.20), or CC='zig cc -target " +
              std::string(goarch == "arm64" ? "aarch64" : "x86_64") + "-macos' / osxcross o64-clang with an SDK",
          .expected = "an Apple-targeting clang",
          .actual = cc == nullptr ? "" : cc->dumpmachine,
      });
    } else if (cc->sysroot.empty() && e.process.count("SDKROOT") == 0 && cc->kind != "zig") {
      out.push_back(Finding{
          .code = Code::CG504,
          .location = location_of(e.var("CC")),
          .subject = "CC",
          .message = "CC targets " + cc->dumpmachine + " but no SDK is given (no -isysroot/--sysroot, no $SDKROOT); "
              "headers such as TargetConditionals.h will be missing",
          .fix = "export SDKROOT=/path/to/MacOSX.sdk (or add -isysroot to CGO_CFLAGS/CGO_LDFLAGS)",
      });
    }
  }
  return out;
}

}  // namespace crossgo::env
