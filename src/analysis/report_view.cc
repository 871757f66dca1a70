// The report view: typed facts become the strings and lists renderers print. Nothing is decided
// here; every value comes from a fact.
#include "analysis/analyzers.h"
#include "crossgo/elf_constants.h"

namespace crossgo {

const char* linkage_name(Linkage l) {
  switch (l) {
    case Linkage::static_exe: return "static";
    case Linkage::static_pie: return "static-pie";
    case Linkage::dynamic: return "dynamic";
    case Linkage::unknown: break;
  }
  return "unknown";
}

const char* libc_flavour_name(LibcFlavour f) {
  switch (f) {
    case LibcFlavour::none: return "none";
    case LibcFlavour::glibc: return "glibc";
    case LibcFlavour::musl: return "musl";
    case LibcFlavour::bionic: return "bionic";
    case LibcFlavour::uclibc: return "uclibc";
    case LibcFlavour::freebsd: return "freebsd";
    case LibcFlavour::dragonfly: return "dragonfly";
    case LibcFlavour::netbsd: return "netbsd";
    case LibcFlavour::openbsd: return "openbsd";
    case LibcFlavour::solaris: return "solaris";
    case LibcFlavour::aix: return "aix";
    case LibcFlavour::libsystem: return "libsystem";
    case LibcFlavour::msvcrt: return "msvcrt";
    case LibcFlavour::ucrt: return "ucrt";
    case LibcFlavour::unknown: break;
  }
  return "unknown";
}

namespace analysis {
namespace {

const char* dt_flag_name(uint64_t bit, bool flags_1) {
  if (!flags_1) {
    switch (bit) {
      case 0x1: return "ORIGIN"; case 0x2: return "SYMBOLIC"; case 0x4: return "TEXTREL";
      case 0x8: return "BIND_NOW"; case 0x10: return "STATIC_TLS"; default: return nullptr;
    }
  }
  switch (bit) {
    case 0x1: return "NOW"; case 0x2: return "GLOBAL"; case 0x4: return "GROUP";
    case 0x8: return "NODELETE"; case 0x10: return "LOADFLTR"; case 0x20: return "INITFIRST";
    case 0x40: return "NOOPEN"; case 0x80: return "ORIGIN"; case 0x100: return "DIRECT";
    case 0x400: return "INTERPOSE"; case 0x800: return "NODEFLIB"; case 0x1000: return "NODUMP";
    case 0x8000000: return "PIE"; default: return nullptr;
  }
}

std::optional<VersionFloor> legacy_floor(const std::vector<Floor>& floors, std::string_view name) {
  for (const auto& f : floors)
    if (f.name == name) return VersionFloor{f.version, f.evidence};
  return std::nullopt;
}

}  // namespace

void fill_report(const Image& img, const Facts& f, ArtifactReport& r) {
  r.bits = img.bits;
  r.endian = img.endian == Endian::little ? "little" : "big";
  if (img.kind != ObjectKind::unknown) {
    r.kind = f.linkage.pie ? "pie-executable" : object_kind_name(img.kind);
  }
  r.machine = img.machine;
  r.goarch = f.target.goarch;
  r.arch_flags = f.target.arch_flags;
  r.goos = f.os.goos;
  r.goos_candidates = f.os.candidates;
  r.os_evidence = f.os.evidence;
  r.goos_unknown_because = f.os.unknown_because;
  if (f.linkage.linkage != Linkage::unknown) r.linkage = linkage_name(f.linkage.linkage);
  r.interpreter = img.interpreter;
  r.needed = img.library_names();
  r.rpath = img.rpath;
  r.runpath = img.runpath;
  r.soname = img.soname;
  r.libc.flavour = libc_flavour_name(f.libc.flavour);
  r.libc.evidence = f.libc.evidence;
  r.floors = f.floors;
  r.min_glibc = legacy_floor(f.floors, "glibc");
  r.min_glibcxx = legacy_floor(f.floors, "glibcxx");
  r.min_cxxabi = legacy_floor(f.floors, "cxxabi");
  r.hardening = HardeningReport{f.hardening};
  if (f.go) {
    GoReport g;
    g.version = f.go->version;
    g.version_source = f.go->version_source;
    g.buildinfo = f.go->buildinfo;
    g.build_id = f.go->build_id;
    g.evidence = f.go->evidence;
    g.cgo = f.go->cgo;
    g.buildinfo_error = f.go->buildinfo_error;
    r.go = std::move(g);
  }
  if (img.elf) {
    const ElfDetails& e = *img.elf;
    r.elf = ElfReportDetails{e.type, e.machine, e.flags, e.osabi, e.abi_version, e.version_definitions};
    for (uint64_t bit = 1; bit != 0; bit <<= 1) {
      if (e.dt_flags & bit) {
        const char* n = dt_flag_name(bit, false);
        r.dt_flags.push_back(n ? std::string("DF_") + n : "DF_" + std::to_string(bit));
      }
    }
    for (uint64_t bit = 1; bit != 0; bit <<= 1) {
      if (e.dt_flags_1 & bit) {
        const char* n = dt_flag_name(bit, true);
        r.dt_flags.push_back(n ? std::string("DF_1_") + n : "DF_1_" + std::to_string(bit));
      }
    }
  }
  r.macho = img.macho;
  r.pe = img.pe;
  r.xcoff = img.xcoff;
  r.plan9 = img.plan9;
  r.wasm = img.wasm;
  for (const Finding& finding : f.findings) add_finding(r, finding);
}

void add_finding(ArtifactReport& r, Finding finding) {
  (finding.severity() == Severity::info ? r.notes : r.warnings).push_back(finding.message);
  r.findings.push_back(std::move(finding));
}

Finding malformed_input(std::string message) {
  return Finding{.code = Code::CG800, .message = std::move(message)};
}

}  // namespace analysis
}  // namespace crossgo
