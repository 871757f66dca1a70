// CG6xx: GOTOOLCHAIN and the go.mod/go.work `go` and `toolchain` lines (go1.21+ toolchain
// switching, src/cmd/go/internal/cfg/cfg.go, EnvOrAndChanged and the go env -w file) — anything that would make `go build` download a toolchain, which
// fails offline; and lines older Go versions cannot parse at all.
// CG7xx: GOFLAGS that are not go command flags, or -ldflags that per-build flags replace.
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

// "1.22", "1.22.3", "1.21rc2", "go1.22.1" → (minor, patch, has_patch); minor -1 if unparsable.
struct LineVersion {
  int minor = -1;
  int patch = 0;
  bool three_part = false;
};
LineVersion parse_line_version(std::string s) {
  LineVersion lv;
  if (starts_with(s, "go")) s = s.substr(2);
  auto v = ports::GoVersion::parse(s);
  if (!v) return lv;
  lv.minor = v->minor;
  lv.patch = v->patch;
  auto first = s.find('.');
  lv.three_part = first != std::string::npos && s.find('.', first + 1) != std::string::npos;
  return lv;
}

bool newer(const LineVersion& want, const ports::GoVersion& have) {
  if (want.minor != have.minor) return want.minor > have.minor;
  return want.patch > have.patch;
}

}  // namespace

std::vector<Finding> check_toolchain(const Environment& e) {
  std::vector<Finding> out;
  const Value& tc = e.var("GOTOOLCHAIN");
  const ports::GoVersion& have = e.version;
  const std::string running = have.raw.empty() ? have.name() : have.raw;
  std::string mode = "local";
  if (!have.at_least(21)) {
    if (tc.origin == Origin::process_env || tc.origin == Origin::goenv_file)
      out.push_back(Finding{
          .code = Code::CG605,
          .location = location_of(tc),
          .subject = "GOTOOLCHAIN",
          .message = "GOTOOLCHAIN=" + shown(tc.value) + " " + where(tc) + " has no effect: " + running +
              " predates toolchain switching (go1.21)",
          .fix = unset_command(tc),
      });
  } else {
    const std::string v = tc.value;
    std::string base = v, suffix;
    if (auto plus = v.find('+'); plus != std::string::npos) {
      base = v.substr(0, plus);
      suffix = v.substr(plus + 1);
    }
    const bool base_ok = base == "local" || base == "auto" || base == "path" ||
                         (starts_with(base, "go1.") && ports::GoVersion::parse(base).has_value()) || base.empty();
    if (!base_ok || (!suffix.empty() && suffix != "auto" && suffix != "path") ||
        (!suffix.empty() && (base == "auto" || base == "path"))) {
      out.push_back(Finding{
          .code = Code::CG604,
          .location = location_of(tc),
          .subject = "GOTOOLCHAIN",
          .message = "GOTOOLCHAIN=" + shown(v) + " " + where(tc) +
              " is invalid: go fails with \"invalid GOTOOLCHAIN\" (only version suffixes are +auto and +path)",
          .fix = set_command(tc, "local"),
          .expected = "local | auto | path | go1.N[.P][+auto|+path]",
          .actual = v,
      });
      return out;
    }
    if (base == "auto" || base == "path" || !suffix.empty()) mode = base == "path" || suffix == "path" ? "path" : "auto";
    if (starts_with(base, "go1.")) {
      auto want = parse_line_version(base);
      if (want.minor >= 0 && (want.minor != have.minor || want.patch != have.patch)) {
        out.push_back(Finding{
            .code = Code::CG603,
            .location = location_of(tc),
            .subject = "GOTOOLCHAIN",
            .message = "GOTOOLCHAIN=" + shown(v) + " " + where(tc) + " makes every go command switch from " + running + " to " +
                base + (mode == "path" ? ", which must be in $PATH" : ", downloading it (fails offline / with GOPROXY=off)"),
            .fix = set_command(tc, "local") + "   (or install " + base + " and select it with --go)",
            .expected = running,
            .actual = base,
        });
      }
    }
  }
  // go.mod / go.work lines.
  if (e.gomod.path.empty()) return out;
  const std::string& file = e.gomod.path;
  if (!e.gomod.go_line.empty()) {
    auto want = parse_line_version(e.gomod.go_line);
    if (!have.at_least(21) && want.three_part) {
      out.push_back(Finding{
          .code = Code::CG606,
          .location = {.file = file, .line = e.gomod.go_line_number},
          .subject = file,
          .message = file + " says `go " + e.gomod.go_line + "`; " + running +
              " only understands 1.N and fails with \"invalid go version '" + e.gomod.go_line +
              "': must match format 1.23\"",
          .fix = "use go1.21+ (--go PATH), or write `go 1." + std::to_string(want.minor) + "`",
          .expected = "go 1." + std::to_string(want.minor),
          .actual = "go " + e.gomod.go_line,
      });
    } else if (want.minor >= 0 && newer(want, have)) {
      if (!have.at_least(21)) {
        if (want.minor > have.minor)
          out.push_back(Finding{
              .code = Code::CG601,
              .downgraded = true,
              .location = {.file = file, .line = e.gomod.go_line_number},
              .subject = file,
              .message = file + " requires go " + e.gomod.go_line + " but the selected Go is " + running +
                  ": it builds anyway and reports compile errors with \"note: module requires Go " +
                  e.gomod.go_line + "\"",
              .fix = "use go" + e.gomod.go_line + " or newer (--go PATH)",
              .expected = e.gomod.go_line,
              .actual = running,
          });
      } else if (mode == "local") {
        out.push_back(Finding{
            .code = Code::CG601,
            .location = {.file = file, .line = e.gomod.go_line_number},
            .subject = file,
            .message = file + " requires go >= " + e.gomod.go_line + " and GOTOOLCHAIN=local: go fails with \"go.mod requires go >= " +
                e.gomod.go_line + " (running go " + running.substr(running.find("1.")) + "; GOTOOLCHAIN=local)\"",
            .fix = "install go" + e.gomod.go_line + " and select it with --go / PATH",
            .expected = e.gomod.go_line,
            .actual = running,
        });
      } else {
        out.push_back(Finding{
            .code = Code::CG601,
            .downgraded = true,
            .location = {.file = file, .line = e.gomod.go_line_number},
            .subject = file,
            .message = file + " requires go >= " + e.gomod.go_line + " and GOTOOLCHAIN=" + tc.value +
                ": go would download and run a newer toolchain (fails offline / with GOPROXY=off)",
            .fix = "install a matching Go locally, or set GOTOOLCHAIN=local to fail fast",
            .expected = e.gomod.go_line,
            .actual = running,
        });
      }
    }
  }
  if (!e.gomod.toolchain_line.empty()) {
    if (!have.at_least(21)) {
      out.push_back(Finding{
          .code = Code::CG607,
          .location = {.file = file, .line = e.gomod.toolchain_line_number},
          .subject = file,
          .message = file + " has a `toolchain " + e.gomod.toolchain_line + "` line, which " + running +
              " does not know: it fails with \"unknown directive: toolchain\"",
          .fix = "use go1.21+ (--go PATH), or remove the toolchain line",
          .actual = e.gomod.toolchain_line,
      });
    } else if (e.gomod.toolchain_line != "default" && mode != "local") {
      auto want = parse_line_version(e.gomod.toolchain_line);
      if (want.minor >= 0 && newer(want, have)) {
        out.push_back(Finding{
            .code = Code::CG602,
            .location = {.file = file, .line = e.gomod.toolchain_line_number},
            .subject = file,
            .message = file + " asks for `toolchain " + e.gomod.toolchain_line + "`, newer than " + running +
                "; with GOTOOLCHAIN=" + tc.value + " go would download it (fails offline)",
            .fix = "install it locally, or GOTOOLCHAIN=local to stay on " + running,
            .expected = e.gomod.toolchain_line,
            .actual = running,
        });
      }
    }
  }
  return out;
}

std::vector<Finding> check_goflags(const Environment& e) {
  std::vector<Finding> out;
  const Value& gf = e.var("GOFLAGS");
  if (!e.go.go_env_goflags_error.empty()) {
    out.push_back(Finding{
        .code = Code::CG705,
        .location = location_of(gf),
        .subject = "GOFLAGS",
        .message = "GOFLAGS " + where(gf) + " breaks other go commands: `go env` fails with \"" +
            e.go.go_env_goflags_error + "\" (GOFLAGS applies to every go subcommand)",
        .fix = "quote values with spaces and keep only build flags in GOFLAGS",
        .actual = gf.value,
    });
  }
  if (gf.value.empty()) return out;
  std::string err;
  auto flags = parse_goflags(gf.value, &err);
  if (!err.empty()) {
    out.push_back(Finding{
        .code = Code::CG701,
        .location = location_of(gf),
        .subject = "GOFLAGS",
        .message = "GOFLAGS=" + shown(gf.value) + " " + where(gf) + " cannot be parsed: " + err,
        .fix = set_command(gf, "'...'") + " with balanced quotes",
    });
    return out;
  }
  bool ldflags = false;
  std::string previous;
  for (const auto& f : flags) {
    const std::string prev = previous;
    previous = f.name;
    if (f.name.empty()) {
      out.push_back(Finding{
          .code = Code::CG701,
          .location = location_of(gf),
          .subject = "GOFLAGS",
          .message = "GOFLAGS " + where(gf) + " contains " + shown(f.word) +
              ", which is not a flag: every go build fails with \"go: parsing $GOFLAGS: non-flag \\\"" +
              f.word + "\\\"\"",
          .fix = "quote values that contain spaces, e.g. GOFLAGS='-ldflags=\"-s -w\"'",
          .actual = f.word,
      });
      continue;
    }
    if (!is_go_command_flag(f.name, e.version)) {
      out.push_back(Finding{
          .code = Code::CG702,
          .location = location_of(gf),
          .subject = "GOFLAGS",
          .message = "GOFLAGS " + where(gf) + " contains -" + f.name + ", which is not a flag of the go command in " +
              e.version.name() + ": every go build fails with \"go: parsing $GOFLAGS: unknown flag -" +
              f.name + "\"",
          .fix = "remove it (linker/compiler flags go inside -ldflags=/-gcflags=)",
          .actual = f.word,
      });
      continue;
    }
    if (f.name == "ldflags") ldflags = true;
    if (!is_build_flag(f.name)) {
      const bool split = prev == "ldflags" || prev == "gcflags" || prev == "asmflags" || prev == "tags";
      out.push_back(Finding{
          .code = Code::CG704,
          .location = location_of(gf),
          .subject = "GOFLAGS",
          .message = "GOFLAGS " + where(gf) + " contains " + shown(f.word) + ", a flag of another go subcommand that go build ignores" +
              (split ? "; it looks like the rest of the -" + prev + " value, which ends at the space (quote the value)" : ""),
          .fix = split ? "GOFLAGS='-" + prev + "=\"" + "...\"'   (e.g. GOFLAGS='-ldflags=\"-s -w\"')" : "remove it",
          .actual = f.word,
      });
    }
  }
  if (ldflags) {
    out.push_back(Finding{
        .code = Code::CG703,
        .location = location_of(gf),
        .subject = "GOFLAGS",
        .message = "GOFLAGS " + where(gf) + " sets -ldflags; any build that passes its own -ldflags replaces it "
            "entirely (flags are not merged), so e.g. -X version stamps or -s -w silently disappear",
        .fix = "pass -ldflags per build (Makefile / CI) instead of in GOFLAGS",
    });
  }
  return out;
}

}  // namespace crossgo::env
