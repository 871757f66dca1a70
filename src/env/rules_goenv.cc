// CG2xx: settings that live somewhere the user does not look. A `go env -w` value changes every
// later build in silence (observed with Go 1.19 on Debian 12: GOOS=windows → app.exe; CGO_ENABLED=1 → every cross
// build compiles runtime/cgo with the host gcc). An OS variable hides it until some shell or CI
// step lacks the variable; an *empty* OS variable does not hide it at all (src/cmd/go/internal/cfg/cfg.go, EnvOrAndChanged and the go env -w file).
#include "crossgo/env.h"
#include "crossgo/limits.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

const std::vector<std::string>& build_shaping() {
  static const std::vector<std::string> kVars{
      "GOOS",       "GOARCH",       "CGO_ENABLED", "CC",      "CXX",     "AR",      "PKG_CONFIG",
      "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS", "GOFLAGS", "GOEXPERIMENT",
      "GO386",      "GOAMD64",      "GOARM",       "GOARM64", "GOMIPS",  "GOMIPS64", "GOPPC64",
      "GORISCV64",  "GOWASM"};
  return kVars;
}

}  // namespace

std::vector<Finding> check_goenv(const Environment& e) {
  std::vector<Finding> out;
  const std::string file = e.goenv.path;
  for (const auto& name : build_shaping()) {
    auto in_file = e.goenv.values.find(name);
    auto os = e.process.find(name);
    const bool os_nonempty = os != e.process.end() && !os->second.empty();
    const bool os_empty = os != e.process.end() && os->second.empty();
    const bool target_overrides = e.target && (name == "GOOS" || name == "GOARCH");
    if (in_file != e.goenv.values.end()) {
      const std::string& fv = in_file->second;
      if (os_nonempty || target_overrides) {
        out.push_back(Finding{
            .code = Code::CG202,
            .location = {.file = file, .variable = name},
            .subject = name,
            .message = name + "=" + shown(fv) + " is persisted in " + file + " but hidden here by " +
                (target_overrides ? "--target" : "the OS environment (" + name + "=" + shown(os->second) + ")") +
                "; it comes back in any shell, IDE or CI step that does not set " + name,
            .fix = "go env -u " + name,
            .actual = fv,
        });
      } else if (os_empty) {
        out.push_back(Finding{
            .code = Code::CG203,
            .location = {.file = file, .variable = name},
            .subject = name,
            .message = name + " is set to the empty string in the OS environment, which does not override " + name +
                "=" + shown(fv) + " from " + file + " (Go only lets non-empty OS values win)",
            .fix = "go env -u " + name + "   (or set a non-empty value: export " + name + "=...)",
            .actual = fv,
        });
      } else {
        out.push_back(Finding{
            .code = Code::CG201,
            .location = {.file = file, .variable = name},
            .subject = name,
            .message = name + "=" + shown(fv) + " is persisted in " + file +
                " and silently applies to every go command for this user (go env shows no origin for it)",
            .fix = "go env -u " + name + "   (set it per build instead: " + name + "=" + fv + " go build)",
            .actual = fv,
        });
      }
    }
    // Values with stray whitespace or CR (CRLF .env files) are taken literally by Go.
    const Value& v = e.var(name);
    if ((v.origin == Origin::process_env || v.origin == Origin::goenv_file) && !v.value.empty() &&
        v.value != trim_copy(v.value) && name != "GOOS" && name != "GOARCH") {
      out.push_back(Finding{
          .code = Code::CG207,
          .location = location_of(v),
          .subject = name,
          .message = name + "=" + shown(v.value) + " " + where(v) +
              " has leading/trailing whitespace or a carriage return, which Go keeps",
          .fix = set_command(v, trim_copy(v.value)),
          .expected = trim_copy(v.value),
          .actual = v.value,
      });
    }
  }
  // CGO_ENABLED values other than 0/1 are ignored (observed with Go 1.19 on Debian 12: true/yes count as unset).
  const Value& cgo = e.var("CGO_ENABLED");
  auto raw_os = e.process.find("CGO_ENABLED");
  auto raw_file = e.goenv.values.find("CGO_ENABLED");
  std::string raw;
  std::string raw_where;
  if (raw_os != e.process.end() && !raw_os->second.empty()) {
    raw = raw_os->second;
    raw_where = "the process environment";
  } else if (raw_file != e.goenv.values.end()) {
    raw = raw_file->second;
    raw_where = file;
  }
  if (!raw.empty() && raw != "0" && raw != "1") {
    out.push_back(Finding{
        .code = Code::CG205,
        .location = {.file = raw_where == file ? file : "", .variable = "CGO_ENABLED"},
        .subject = "CGO_ENABLED",
        .message = "CGO_ENABLED=" + shown(raw) + " in " + raw_where + " is neither 0 nor 1, so Go ignores it and uses its default (" +
            cgo.value + ": " + e.cgo_reason + ")",
        .fix = raw_where == file ? "go env -w CGO_ENABLED=1 (or 0)" : "export CGO_ENABLED=1 (or 0)",
        .expected = "0 or 1",
        .actual = raw,
    });
  }
  auto genv = e.process.find("GOENV");
  if (!e.goenv.kind.empty()) {
    const bool hangs = e.goenv.kind != "directory";
    out.push_back(Finding{
        .code = Code::CG208,
        .downgraded = !hangs,
        .location = {.file = e.goenv.path, .variable = "GOENV"},
        .subject = "GOENV",
        .message = "the go env -w file " + shown(e.goenv.path) + " is a " + e.goenv.kind + ", not a file: " +
            (hangs ? std::string("every go command reads it at start-up and hangs (a FIFO) or reads forever (/dev/zero); "
                                 "crossgo asked go with GOENV=off instead")
                   : std::string("Go ignores it silently, so no go env -w settings apply")),
        .fix = genv != e.process.end() && !genv->second.empty() ? "unset GOENV (or point it at a regular file)"
                                                                : "remove " + e.goenv.path + " or replace it with a file",
        .expected = "a regular file",
        .actual = e.goenv.kind,
    });
  } else if (e.goenv.truncated) {
    out.push_back(Finding{
        .code = Code::CG209,
        .location = {.file = e.goenv.path, .variable = "GOENV"},
        .subject = "GOENV",
        .message = "the go env -w file " + shown(e.goenv.path) + " is " + std::to_string(e.goenv.size) + " bytes; crossgo read the first " +
            std::to_string(limits::kMaxEnvFileScan >> 20) + " MiB, Go reads all of it: settings after that are not "
            "shown here (go env's answers still are)",
        .fix = "rewrite it with only the settings you mean (go env -u NAME for the others)",
    });
  }
  if (genv != e.process.end() && !genv->second.empty() && genv->second != "off" && !e.goenv.exists &&
      e.goenv.kind.empty()) {
    out.push_back(Finding{
        .code = Code::CG204,
        .location = {.file = genv->second, .variable = "GOENV"},
        .subject = "GOENV",
        .message = "GOENV=" + shown(genv->second) + " names a file that does not exist; Go reads no go env -w settings",
        .fix = "create it with `go env -w`, or unset GOENV",
        .actual = genv->second,
    });
  }
  const Value& root = e.var("GOROOT");
  if ((root.origin == Origin::process_env || root.origin == Origin::goenv_file) && !is_directory(root.value)) {
    out.push_back(Finding{
        .code = Code::CG206,
        .location = location_of(root),
        .subject = "GOROOT",
        .message = "GOROOT=" + shown(root.value) + " " + where(root) +
            " is not a directory: every go command fails with \"go: cannot find GOROOT directory\"",
        .fix = unset_command(root) + "   (go finds its own GOROOT)",
        .actual = root.value,
    });
  }
  return out;
}

}  // namespace crossgo::env
