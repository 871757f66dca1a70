// Why a package needs cgo for the target, from the files go list sorted it into (go/build
// Context.Import: CgoFiles are the Go files that import "C"; C, C++, Objective-C, Fortran and SWIG
// files need cgo or SWIG, cmd/go/internal/load/pkg.go, Go 1.19), and what the standard library's
// cgo variants mean for a program.
#include <algorithm>

#include "cgo/cgo_internal.h"

namespace crossgo::cgo {
namespace {

struct StdVariant {
  const char* import_path;
  const char* with_cgo;     // what the cgo variant does
  const char* without_cgo;  // what CGO_ENABLED=0 (or the package's pure-Go tag) gives instead
};

// The standard library's packages with a cgo implementation, from their sources (Go 1.19-1.23).
const StdVariant kStdVariants[] = {
    {"net",
     "resolves names with the C library (getaddrinfo, getnameinfo: src/net/cgo_unix.go), so NSS "
     "modules (mDNS, LDAP, systemd-resolved) take part",
     "Go's own DNS resolver (src/net/dnsclient_unix.go) reads /etc/resolv.conf, /etc/hosts and "
     "/etc/nsswitch.conf itself; NSS modules are not consulted. -tags netgo selects it with cgo on"},
    {"os/user",
     "looks users and groups up with the C library (getpwnam_r, getgrouplist: "
     "src/os/user/cgo_lookup_unix.go), NSS included",
     "the pure-Go lookup (src/os/user/lookup_unix.go) reads /etc/passwd and /etc/group only: users "
     "from LDAP, SSSD or systemd-homed are not found. -tags osusergo selects it with cgo on"},
    {"plugin",
     "loads Go plugins with dlopen (src/plugin/plugin_dlopen.go)",
     "plugin.Open returns the error \"plugin: not implemented\" (src/plugin/plugin_stubs.go)"},
    {"runtime/cgo",
     "is the runtime's bridge to C: thread creation and TLS through the C library; every package "
     "that uses cgo imports it implicitly",
     "is not linked: the runtime creates threads itself and the binary needs no C library"},
    {"runtime/race",
     "is the race detector's C runtime (-race needs cgo)",
     "is unavailable: go build -race fails with \"-race requires cgo\""},
};

}  // namespace

const char* std_variant_with_cgo(std::string_view import_path) {
  for (const auto& v : kStdVariants)
    if (import_path == v.import_path) return v.with_cgo;
  return nullptr;
}

const char* std_variant_without_cgo(std::string_view import_path) {
  for (const auto& v : kStdVariants)
    if (import_path == v.import_path) return v.without_cgo;
  return nullptr;
}

std::string_view to_string(ReasonKind kind) {
  switch (kind) {
    case ReasonKind::import_c: return "import-C";
    case ReasonKind::c_files: return "c-files";
    case ReasonKind::cxx_files: return "cxx-files";
    case ReasonKind::objc_files: return "objc-files";
    case ReasonKind::fortran_files: return "fortran-files";
    case ReasonKind::swig: return "swig";
    case ReasonKind::assembly_via_cc: return "assembly-via-cc";
    case ReasonKind::std_variant: return "std-variant";
    case ReasonKind::runtime_cgo: return "runtime-cgo";
  }
  return "import-C";
}

std::vector<CgoReason> cgo_reasons(const ListedPackage& p) {
  std::vector<CgoReason> out;
  auto add = [&](ReasonKind kind, const std::vector<std::string>& files, std::string detail) {
    if (!files.empty()) out.push_back(CgoReason{kind, files, std::move(detail)});
  };
  if (p.standard && p.import_path == "runtime/cgo") {
    out.push_back(CgoReason{ReasonKind::runtime_cgo, p.cgo_files, std_variant_with_cgo(p.import_path)});
  } else if (p.standard && p.uses_cgo()) {
    const char* what = std_variant_with_cgo(p.import_path);
    out.push_back(CgoReason{ReasonKind::std_variant, p.cgo_files,
                            what != nullptr ? std::string("the standard library's cgo variant: ") + what
                                            : "the standard library's cgo variant of this package"});
  }
  if (!(p.standard && p.uses_cgo())) add(ReasonKind::import_c, p.cgo_files, "Go files that import \"C\"");
  add(ReasonKind::c_files, p.c_files, "C files, compiled with $CC");
  add(ReasonKind::cxx_files, p.cxx_files, "C++ files, compiled with $CXX (the link then uses $CXX)");
  add(ReasonKind::objc_files, p.m_files, "Objective-C files, compiled with $CC");
  add(ReasonKind::fortran_files, p.f_files, "Fortran files, compiled with $FC");
  std::vector<std::string> swig = p.swig_files;
  swig.insert(swig.end(), p.swig_cxx_files.begin(), p.swig_cxx_files.end());
  add(ReasonKind::swig, swig, "SWIG interfaces: swig generates cgo code");
  // cmd/go/internal/work/exec.go (Go 1.19, Builder.build): in a package using cgo, .S/.s files go
  // to the C compiler, not the Go assembler (runtime/cgo keeps its own split).
  if ((p.uses_cgo() || p.uses_swig()) && !(p.standard && p.import_path == "runtime/cgo"))
    add(ReasonKind::assembly_via_cc, p.s_files, "assembly files, assembled by $CC because the package uses cgo");
  return out;
}

bool needs_cgo(const ListedPackage& p) {
  return p.uses_cgo() || p.uses_swig() || !p.c_files.empty() || !p.cxx_files.empty() || !p.m_files.empty() ||
         !p.f_files.empty();
}

}  // namespace crossgo::cgo
