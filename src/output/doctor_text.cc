// Aligned terminal text for doctor and explain. Colour (severity only) when the caller says the
// terminal wants it; the words carry the meaning on their own.
#include <algorithm>
#include <sstream>

#include "crossgo/doctor_output.h"
#include "crossgo/text_escape.h"

namespace crossgo::output {
namespace {

using env::Origin;

const char* sev_colour(Severity s) {
  switch (s) {
    case Severity::error: return "\033[31m";
    case Severity::warning: return "\033[33m";
    case Severity::info: return "\033[36m";
  }
  return "";
}

std::string paint(const std::string& text, const char* code, bool colour) {
  return colour ? std::string(code) + text + "\033[0m" : text;
}

std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// Values shown on one line: control characters and invalid UTF-8 made visible.
std::string visible(const std::string& v) { return v.empty() ? "(empty)" : escape_for_terminal(v); }

std::string source_of(const env::Value& v) {
  std::string s(env::to_string(v.origin));
  if (!v.detail.empty()) s += ": " + v.detail;
  return s;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

}  // namespace

std::string doctor_text(const env::Environment& e, const std::vector<Finding>& findings, bool colour) {
  std::ostringstream o;
  const auto& go = e.go;
  o << "crossgo doctor\n";
  if (go.path.empty()) {
    o << "  go        none found — knowledge-only mode, rules for " << e.version.name()
      << (e.version_known ? "" : " (assumed)") << "\n";
  } else {
    o << "  go        " << go.path << " (" << go.path_source << ")  "
      << (e.version_known ? e.version.raw + " from " + go.version_source : std::string("version unknown")) << "\n";
  }
  o << "  host      " << go.host_goos << "/" << go.host_goarch << " (" << go.host_source << ")\n";
  o << "  target    " << e.get("GOOS") << "/" << e.get("GOARCH") << (e.cross() ? "  (cross build)" : "  (native build)")
    << "\n";
  o << "  GOENV     " << (e.goenv.path.empty() ? "(none) " + e.goenv.state_note
                                               : e.goenv.path + (e.goenv.exists ? "" : " (does not exist)"))
    << "\n";
  if (!go.goroot.empty())
    o << "  go.env    " << go.goroot << "/go.env"
      << (e.version.at_least(21) ? (e.goroot_env.exists ? "" : " (does not exist)") : " (not read before go1.21)") << "\n";
  if (!e.gomod.path.empty())
    o << "  module    " << e.gomod.path << (e.gomod.go_line.empty() ? "" : "  go " + e.gomod.go_line)
      << (e.gomod.toolchain_line.empty() ? "" : "  toolchain " + e.gomod.toolchain_line) << "\n";
  o << "\n";
  // Variables table.
  const std::vector<std::string> names = env::displayed_variables(e);
  size_t wn = 8, wv = 5;
  for (const auto& n : names) {
    wn = std::max(wn, n.size());
    wv = std::max(wv, std::min<size_t>(visible(e.get(n)).size(), 40));
  }
  o << pad("VARIABLE", wn + 2) << pad("VALUE", wv + 2) << "SOURCE\n";
  for (const auto& n : names) {
    const auto& v = e.var(n);
    o << pad(n, wn + 2) << pad(visible(v.value), wv + 2) << source_of(v) << "\n";
    if (v.shadowed_file_value)
      o << pad("", wn + 2) << "  hides go env -w value " << visible(*v.shadowed_file_value) << "\n";
    if (v.os_set_empty) o << pad("", wn + 2) << "  (set but empty in the OS environment: does not override)\n";
    if (v.go_reports && *v.go_reports != v.value)
      o << pad("", wn + 2) << "  go env says " << visible(*v.go_reports) << "\n";
  }
  o << "\nCGO_ENABLED=" << e.get("CGO_ENABLED") << ": " << e.cgo_reason << "\n";
  if (!e.compilers.empty()) {
    o << "\nC compilers\n";
    for (const auto& c : e.compilers) {
      o << "  " << pad(c.role, 4) << visible(c.command);
      if (!c.found) {
        o << "  — not found\n";
        continue;
      }
      o << " → " << c.resolved;
      if (!c.dumpmachine.empty()) {
        o << ", targets " << c.dumpmachine;
        if (!c.target_goarch.empty())
          o << " (" << (c.target_goos.empty() ? "?" : c.target_goos) << "/" << c.target_goarch
            << (c.float_abi.empty() ? "" : ", " + c.float_abi + "-float") << ")";
      }
      if (!c.error.empty()) o << "  [" << c.error << "]";
      o << "\n";
    }
  }
  if (!e.build_probes.empty() || e.pkg_config.ran) {
    o << "\nC toolchain, proved: compile and link for " << e.get("GOOS") << "/" << e.get("GOARCH")
      << " with go build's flags\n";
    auto line = [&](const env::BuildProbe& b) {
      o << "  " << pad(b.role, 11);
      if (!b.ran) o << "not run: " << visible(b.skipped);
      else if (b.ok) o << "ok, linked " << visible(b.output.empty() ? std::string("a program") : b.output);
      else o << "FAILED at " << b.step << ": " << visible(b.first_error);
      o << (b.cached ? "  (cached)" : "") << "\n";
    };
    for (const auto& b : e.build_probes) line(b);
    if (e.pkg_config.ran) {
      const auto& p = e.pkg_config;
      o << "  " << pad("PKG_CONFIG", 11) << visible(p.command) << " for " << visible(join_words(e.module_use.pkg_config))
        << ": ";
      if (!p.error.empty()) o << "FAILED: " << visible(p.error) << "\n";
      else o << visible(p.libs) << "\n";
      if (p.build.ran) line(p.build);
    }
  }
  o << "\n";
  int errors = 0, warnings = 0, infos = 0;
  if (findings.empty()) o << "No findings.\n";
  for (const auto& f : findings) {
    const Severity sev = f.severity();
    (sev == Severity::error ? errors : sev == Severity::warning ? warnings : infos)++;
    o << paint(pad(std::string(to_string(sev)), 8), sev_colour(sev), colour) << f.id() << "  "
      << f.subject << "\n";
    o << "        " << visible(f.message) << "\n";
    if (!f.expected.empty())
      o << "        expected: " << visible(f.expected) << "   actual: " << visible(f.actual) << "\n";
    if (!f.fix.empty()) o << "        fix: " << visible(f.fix) << "\n";
  }
  o << "\n" << errors << " error(s), " << warnings << " warning(s), " << infos << " note(s)\n";
  return o.str();
}

std::string explain_text(const env::Prediction& p, bool colour) {
  std::ostringstream o;
  o << "crossgo explain " << p.target.goos << "/" << p.target.goarch << "  (" << p.go_version << ")\n\n";
  auto row = [&](const std::string& k, const std::string& v, const std::string& why = "") {
    o << "  " << pad(k, 13) << v << "\n";
    if (!why.empty()) o << "  " << pad("", 13) << "  because " << why << "\n";
  };
  row("cgo", p.cgo ? "on" : "off", p.cgo_reason);
  if (!p.subarch.empty()) row("sub-arch", p.subarch);
  row("buildmode", p.buildmode, p.buildmode_reason);
  row("linking", p.linkmode, p.linkmode_reason);
  row("format", p.format);
  row("linkage", p.linkage, p.linkage_reason);
  row("interpreter", p.interpreter ? *p.interpreter : "none");
  row("libc", p.libc);
  row("net", p.resolver);
  row("os/user", p.os_user);
  o << "\n  " << pad("outcome", 13)
    << paint(p.will_build ? "go build should succeed" : "go build will fail",
             p.will_build ? "\033[32m" : "\033[31m", colour)
    << "\n";
  for (const auto& f : p.failure) o << "    - " << f << "\n";
  if (!p.missing.empty()) {
    o << "  " << pad("missing", 13) << "\n";
    for (const auto& m : p.missing) o << "    - " << m << "\n";
  }
  return o.str();
}

std::string matrix_text(const env::Environment& host, const std::vector<env::MatrixCase>& cases, bool colour) {
  std::ostringstream o;
  o << "crossgo explain --matrix  host " << host.go.host_goos << "/" << host.go.host_goarch << "  ("
    << (host.version_known ? host.version.raw : host.version.name() + " assumed") << ")\n\n";
  o << pad("GOOS", 7) << pad("GOARCH", 8) << pad("TARGET", 16) << pad("CGO", 5) << pad("OUTCOME", 9)
    << pad("LINKAGE", 16) << "INTERPRETER / WHY\n";
  for (const auto& c : cases) {
    const auto& p = c.prediction;
    std::string why = p.interpreter ? *p.interpreter : "";
    if (!p.will_build && !p.failure.empty()) why = p.failure.front().substr(0, 110);
    o << pad(c.same_goos ? "same" : "other", 7) << pad(c.same_goarch ? "same" : "other", 8)
      << pad(p.target.goos + "/" + p.target.goarch, 16) << pad(c.cgo ? "1" : "0", 5)
      << paint(pad(p.will_build ? "builds" : "fails", 9), p.will_build ? "\033[32m" : "\033[31m", colour)
      << pad(p.will_build ? p.linkage.substr(0, 15) : "-", 16) << why << "\n";
  }
  return o.str();
}

}  // namespace crossgo::output
