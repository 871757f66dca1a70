// What a PE image says about its target: Windows (a PE image for a Windows subsystem), how it
// links (import DLLs), which C runtime it uses (the CRT DLL it imports), its hardening
// (DllCharacteristics, the certificate table) and the Windows versions its optional header asks
// for. Flag values per the Microsoft "PE Format" specification.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "analysis/format_analyzer.h"
#include "formats/pe/pe_names.h"

namespace crossgo::analysis {
namespace {

constexpr uint16_t kDllHighEntropyVa = 0x0020;
constexpr uint16_t kDllDynamicBase = 0x0040;
constexpr uint16_t kDllNxCompat = 0x0100;
constexpr uint16_t kDllGuardCf = 0x4000;

bool is_efi(uint16_t s) { return s >= 10 && s <= 13; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_ucrt(const std::string& dll) { return dll == "ucrtbase.dll" || dll.starts_with("api-ms-win-crt-"); }
bool is_msvcrt(const std::string& dll) { return dll == "msvcrt.dll"; }

// DLLs of Windows itself (no C runtime): what Go's runtime and syscall packages link against.
bool is_system_dll(const std::string& dll) {
  static constexpr std::string_view kSystem[] = {
      "kernel32.dll", "ntdll.dll",    "advapi32.dll", "user32.dll",   "gdi32.dll",   "ws2_32.dll",
      "winmm.dll",    "shell32.dll",  "ole32.dll",    "oleaut32.dll", "bcrypt.dll",  "crypt32.dll",
      "secur32.dll",  "iphlpapi.dll", "netapi32.dll", "userenv.dll",  "dnsapi.dll",  "mswsock.dll",
      "psapi.dll",    "powrprof.dll", "comctl32.dll", "version.dll",  "dbghelp.dll", "setupapi.dll"};
  if (dll.starts_with("api-ms-win-core-")) return true;
  return std::find(std::begin(kSystem), std::end(kSystem), dll) != std::end(kSystem);
}

bool has_optional_header(const Image& img) { return img.pe && img.pe->has_optional_header; }

class PeAnalyzer final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image& img) const override {
    if (!img.pe) return {};
    if (!has_optional_header(img)) return {{{"windows"}, "COFF object file (" + img.machine + ")"}};
    const uint16_t s = img.pe->subsystem;
    const std::string evidence = std::string("PE image, subsystem ") + pe::subsystem_name(s) + " (" + std::to_string(s) + ")";
    // UEFI applications are PE images too, but not for any GOOS.
    if (is_efi(s)) return {};
    return {{{"windows"}, evidence}};
  }

  LinkageFacts linkage(const Image& img) const override {
    LinkageFacts f;
    if (!has_optional_header(img)) return f;
    f.pie = img.kind == ObjectKind::executable && img.position_independent;
    if (img.libraries.empty()) {
      f.linkage = Linkage::static_exe;
      f.evidence = "no import or delay-load directory entries";
    } else {
      f.linkage = Linkage::dynamic;
      std::string list;
      for (const auto& l : img.libraries) list += (list.empty() ? "" : ", ") + l.name;
      f.evidence = "imports " + std::to_string(img.libraries.size()) + " DLL" +
                   (img.libraries.size() == 1 ? "" : "s") + " (" + list + ")";
    }
    return f;
  }

  LibcFacts libc(const Image& img, const LinkageFacts&, const OsFacts&, const GoFacts* go) const override {
    LibcFacts f;
    std::vector<std::string> ucrt, msvcrt;
    bool only_system = true;
    for (const auto& l : img.libraries) {
      const std::string dll = lower(l.name);
      if (is_ucrt(dll)) ucrt.push_back(l.name);
      else if (is_msvcrt(dll)) msvcrt.push_back(l.name);
      else if (!is_system_dll(dll)) only_system = false;
    }
    if (!ucrt.empty()) {
      f.flavour = LibcFlavour::ucrt;
      for (const auto& d : ucrt) f.evidence.push_back("imports " + d);
      for (const auto& d : msvcrt) f.evidence.push_back("also imports " + d);
    } else if (!msvcrt.empty()) {
      f.flavour = LibcFlavour::msvcrt;
      for (const auto& d : msvcrt) f.evidence.push_back("imports " + d);
    } else if (go != nullptr && go->cgo.linked == false && only_system && has_optional_header(img)) {
      // Go's runtime calls Windows directly (runtime/syscall_windows.go): no C runtime at all.
      f.flavour = LibcFlavour::none;
      std::string list;
      for (const auto& l : img.libraries) list += (list.empty() ? "" : ", ") + l.name;
      f.evidence.push_back("Go binary without runtime/cgo importing only Windows system DLLs (" + list + ")");
    }
    return f;
  }

  HardeningFacts hardening(const Image& img, const LinkageFacts&) const override {
    HardeningFacts h;
    h.stripped = !img.has_symtab;
    h.dwarf = img.has_debug_info;
    if (!img.pe || !has_optional_header(img)) return h;
    const uint16_t dc = img.pe->dll_characteristics;
    h.pie = (dc & kDllDynamicBase) != 0;
    h.aslr = h.pie;
    // HIGH_ENTROPY_VA: "can handle a high entropy 64-bit virtual address space", so PE32+ only.
    if (img.pe->pe32_plus) h.high_entropy_va = (dc & kDllHighEntropyVa) != 0;
    h.nx = (dc & kDllNxCompat) != 0;
    h.cfg = (dc & kDllGuardCf) != 0;
    h.code_signature = img.pe->has_certificate;
    return h;
  }

  std::vector<Floor> floors(const Image& img) const override {
    std::vector<Floor> out;
    if (!img.pe || !has_optional_header(img)) return out;
    const PeDetails& d = *img.pe;
    auto add = [&](const char* name, uint16_t major, uint16_t minor, const char* field) {
      if (major == 0) return;  // unset
      const std::string v = std::to_string(major) + "." + std::to_string(minor);
      std::string evidence = std::string(field) + " " + v;
      if (const char* rel = pe::windows_release(major, minor)) evidence += std::string(" (") + rel + ")";
      out.push_back({name, v, evidence});
    };
    add("windows", d.major_os_version, d.minor_os_version, "MajorOperatingSystemVersion.MinorOperatingSystemVersion");
    add("windows-subsystem", d.major_subsystem_version, d.minor_subsystem_version,
        "MajorSubsystemVersion.MinorSubsystemVersion");
    return out;
  }

  std::vector<Finding> checks(const Image& img, const TargetFacts&, const OsFacts&, const GoFacts*) const override {
    std::vector<Finding> out;
    bool ucrt = false, msvcrt = false;
    for (const auto& l : img.libraries) {
      const std::string dll = lower(l.name);
      ucrt = ucrt || is_ucrt(dll);
      msvcrt = msvcrt || is_msvcrt(dll);
    }
    // Two C runtimes in one image: each has its own heap, FILE table and locale, so memory or
    // handles passed between code built against each break (Microsoft: "Potential errors passing
    // CRT objects across DLL boundaries").
    if (ucrt && msvcrt)
      out.push_back(Finding{
          .code = Code::CG840,
          .message = "imports both msvcrt.dll and the Universal CRT (ucrtbase / api-ms-win-crt-*): two C runtimes in one image",
      });
    return out;
  }
};

}  // namespace

const FormatAnalyzer& pe_analyzer() {
  static const PeAnalyzer a;
  return a;
}

}  // namespace crossgo::analysis
