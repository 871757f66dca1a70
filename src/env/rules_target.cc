// CG1xx: is the target one Go knows, for this Go version? GOOS/GOARCH spelling (observed with Go 1.19 on Debian 12:
// macos, x86_64, aarch64, "linux\r" from CRLF .env files), pairs unsupported / broken / removed
// (src/cmd/dist/build.go, cgoEnabled and broken), and sub-architecture values that are invalid or do nothing (src/internal/buildcfg/cfg.go).
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

void check_name(const Environment& e, const std::string& name, std::vector<Finding>& out) {
  const Value& v = e.var(name);
  const bool goos = name == "GOOS";
  if (goos ? ports::is_goos(v.value) : ports::is_goarch(v.value)) return;
  std::string suggestion, extra;
  if (goos) {
    if (auto s = suggest_goos(v.value)) suggestion = *s;
  } else if (auto s = suggest_goarch(v.value)) {
    suggestion = s->goarch;
    if (!s->variable.empty()) extra = " and " + s->variable + "=" + s->value;
  }
  std::string msg = name + "=" + shown(v.value) + " " + where(v) + " is not a Go " + name +
                    "; every build fails with \"go: unsupported GOOS/GOARCH pair " +
                    shown(e.get("GOOS")).substr(1, shown(e.get("GOOS")).size() - 2) + "/" +
                    shown(e.get("GOARCH")).substr(1, shown(e.get("GOARCH")).size() - 2) + "\"";
  if (ports::is_reserved_name(trim_copy(v.value)))
    msg += " (Go knows the name only for file names and build tags, it is not a buildable port)";
  std::string fix = suggestion.empty()
                        ? "use a value listed by `go tool dist list`"
                        : set_command(v, suggestion) + extra + (extra.empty() ? "" : " (" + name + "=" + suggestion + extra + ")");
  out.push_back(Finding{
      .code = goos ? Code::CG101 : Code::CG102,
      .location = location_of(v),
      .subject = name,
      .message = msg,
      .fix = fix,
      .expected = suggestion,
      .actual = v.value,
  });
}

void check_pair(const Environment& e, std::vector<Finding>& out) {
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  const std::string pair = goos + "/" + goarch;
  auto st = ports::port_status(goos, goarch, e.version);
  const std::string ver = e.version.name();
  switch (st.state) {
    case ports::PortState::supported:
      return;
    case ports::PortState::unknown:
      out.push_back(Finding{
          .code = Code::CG103,
          .subject = "GOOS/GOARCH",
          .message = pair + " is not a Go port: `go build` fails with \"go: unsupported GOOS/GOARCH pair " + pair + "\"",
          .fix = "pick a pair from `go tool dist list`",
          .expected = "a pair from `go tool dist list`",
          .actual = pair,
      });
      return;
    case ports::PortState::not_yet:
      out.push_back(Finding{
          .code = Code::CG103,
          .subject = "GOOS/GOARCH",
          .message = pair + " was added in go1." + std::to_string(st.added_minor) + "; " + ver +
              " rejects it with \"go: unsupported GOOS/GOARCH pair " + pair + "\"",
          .fix = "use go1." + std::to_string(st.added_minor) + " or newer (--go PATH selects another toolchain)",
          .expected = "go1." + std::to_string(st.added_minor) + "+",
          .actual = ver,
      });
      return;
    case ports::PortState::removed:
      out.push_back(Finding{
          .code = Code::CG103,
          .subject = "GOOS/GOARCH",
          .message = pair + " was removed in go1." + std::to_string(st.removed_minor) + " (" + st.note + "); " + ver +
              " rejects it with \"go: unsupported GOOS/GOARCH pair " + pair + "\"",
          .fix = "use a Go release before go1." + std::to_string(st.removed_minor) + ", or another target",
          .expected = "before go1." + std::to_string(st.removed_minor),
          .actual = ver,
      });
      return;
    case ports::PortState::broken:
      out.push_back(Finding{
          .code = Code::CG104,
          .subject = "GOOS/GOARCH",
          .message = pair + " is marked broken in " + ver + " (" + st.note +
              "): `go build` still accepts it but `go tool dist list` hides it and it may not compile or run",
          .fix = "prefer a supported port; expect failures (e.g. linux/sparc64: \"compile: unknown architecture\")",
          .actual = pair,
      });
      return;
  }
}

void check_subarch(const Environment& e, std::vector<Finding>& out) {
  const std::string goarch = e.get("GOARCH"), goos = e.get("GOOS");
  const std::string applies = e.subarch_variable();
  for (const auto& name : ports::subarch_variables()) {
    auto it = e.vars.find(name);
    if (it == e.vars.end()) continue;
    const Value& v = it->second;
    if (name == applies) {
      if (v.origin == Origin::unset) continue;
      auto chk = ports::check_subarch(name, v.value, e.version);
      if (!chk.valid) {
        const bool from_file = v.origin == Origin::goenv_file;
        out.push_back(Finding{
            .code = Code::CG105,
            .location = location_of(v),
            .subject = name,
            .message = name + "=" + shown(v.value) + " " + where(v) + " is invalid for " + e.version.name() + ": " +
                (from_file ? "the compiler fails with \"compile: " : "go fails with \"go: ") + chk.message + "\"",
            .fix = (from_file ? "go env -w " + name + "=" : "export " + name + "=") + "<one of: " + chk.valid_values + ">",
            .expected = chk.valid_values,
            .actual = v.value,
        });
      }
      continue;
    }
    if (v.origin != Origin::process_env && v.origin != Origin::goenv_file) continue;
    const int since = ports::subarch_since(name);
    std::string why;
    if (since > e.version.minor)
      why = e.version.name() + " does not read " + name + " (added in go1." + std::to_string(since) + ")";
    else
      why = name + " only applies to GOARCH=" + join(ports::subarch_goarches(name), "/") +
            ", this build is GOARCH=" + goarch;
    std::string hint;
    if (name == "GOARM" && goarch == "arm64")
      hint = " (arm64 has no GOARM; " + std::string(e.version.at_least(23) ? "GOARM64 selects v8.x/v9.x" : "use GOARCH=arm for 32-bit ARM") + ")";
    out.push_back(Finding{
        .code = Code::CG106,
        .location = location_of(v),
        .subject = name,
        .message = name + "=" + shown(v.value) + " " + where(v) + " does nothing: " + why + hint +
            "; it is silently ignored and not recorded in the binary's build info",
        .fix = unset_command(v).empty() ? "remove it" : unset_command(v),
        .actual = v.value,
    });
  }
}

}  // namespace

std::vector<Finding> check_target(const Environment& e) {
  std::vector<Finding> out;
  const size_t before = out.size();
  check_name(e, "GOOS", out);
  check_name(e, "GOARCH", out);
  if (out.size() == before) {
    check_pair(e, out);
    check_subarch(e, out);
  }
  return out;
}

}  // namespace crossgo::env
