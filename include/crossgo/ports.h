// The knowledge base: Go's own rules about targets, by Go version. Every answer here is derived
// from Go's source (which cites the Go source: cmd/dist/build.go, internal/platform/supported.go,
// internal/buildcfg, cmd/link/internal/*/obj.go) and is keyed by the Go minor version because the
// rules keep moving (ports added, marked broken, removed; linker abilities gained).
// Used by doctor/explain now and by inspect/verify later, so it prints nothing and owns no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crossgo::ports {

// A Go release, 1.minor[.patch]. Only Go 1.x exists; the knowledge base covers 1.18 and later
// precisely and treats older versions like 1.18 (flagged by `precise()`).
struct GoVersion {
  int minor = 0;
  int patch = 0;
  std::string raw;  // as read, e.g. "go1.19.8" or "devel go1.28-abc"

  // Accepts "go1.19.8", "go1.21rc2", "1.22", "go1.23.0 X:boringcrypto", "devel go1.28-abcdef".
  static std::optional<GoVersion> parse(std::string_view text);
  bool at_least(int m) const { return minor >= m; }
  std::string name() const;  // "go1.19"
};

// Latest Go release the knowledge base describes (Go's source: Go 1.27).
inline constexpr int kLatestKnownMinor = 27;

enum class PortState {
  supported,   // in cmd/dist's list and not broken
  broken,      // present but marked broken/incomplete: `go build` accepts it, dist list hides it
  not_yet,     // added in a later Go version than the one asked about
  removed,     // existed in an earlier version, gone in this one
  unknown,     // never a Go port
};

struct PortStatus {
  PortState state = PortState::unknown;
  bool cgo_supported = false;  // cgoEnabled column for this version
  bool first_class = false;
  int added_minor = 0;         // 0 = before Go 1.18 (not traced)
  int removed_minor = 0;       // 0 = not removed
  int broken_minor = -1;       // first version marked broken, -1 = never
  std::string note;            // why, with the Go version and source
};

PortStatus port_status(std::string_view goos, std::string_view goarch, const GoVersion& v);

struct Pair {
  std::string goos;
  std::string goarch;
};
// Every pair `go build` accepts for this version (broken ones included when asked).
std::vector<Pair> all_ports(const GoVersion& v, bool include_broken);

// True if the name was a GOOS / GOARCH of any Go version covered here.
bool is_goos(std::string_view goos);
bool is_goarch(std::string_view goarch);
// Names Go knows only for file-name/build-tag matching (internal/syslist): hurd, zos, armbe, ...
bool is_reserved_name(std::string_view name);

// internal/platform.MustLinkExternal with the history of src/internal/platform/supported.go, MustLinkExternal. `reason` receives Go's wording.
bool must_link_external(std::string_view goos, std::string_view goarch, bool with_cgo,
                        const GoVersion& v, std::string* reason = nullptr);

// internal/platform.BuildModeSupported for the gc compiler; buildmode as given to -buildmode.
bool build_mode_supported(std::string_view buildmode, std::string_view goos,
                          std::string_view goarch, const GoVersion& v);

bool default_pie(std::string_view goos, std::string_view goarch, bool race, const GoVersion& v);
bool internal_link_pie_supported(std::string_view goos, std::string_view goarch,
                                 const GoVersion& v);

// "ELF", "Mach-O", "PE", "XCOFF", "Plan 9 a.out", "WebAssembly" (objabi.HeadType per GOOS).
std::string_view output_format(std::string_view goos);

// Sub-architecture variables (src/internal/buildcfg/cfg.go).
struct SubArch {
  std::string variable;  // "GOARM"
  std::string default_value;
  std::string default_note;  // where the default comes from and for which Go version
};
// The variable that applies to this GOARCH (nullopt for arches without one, e.g. loong64/s390x).
std::optional<SubArch> subarch_for(std::string_view goarch, std::string_view goos,
                                   const GoVersion& v);
// Every sub-arch variable name Go has had, for "set but does nothing" checks.
const std::vector<std::string>& subarch_variables();
// The GOARCH values a sub-arch variable applies to.
std::vector<std::string> subarch_goarches(std::string_view variable);
// First Go minor version that reads the variable (GOARM64/GORISCV64: 23).
int subarch_since(std::string_view variable);

struct SubArchCheck {
  bool valid = true;
  std::string message;  // Go's error text when invalid
  std::string valid_values;
};
SubArchCheck check_subarch(std::string_view variable, std::string_view value, const GoVersion& v);

// ELFArch interpreters in src/cmd/link/internal/<arch>/obj.go: the interpreter Go's internal linker writes for a dynamic executable (empty if none is
// defined for the pair). `musl` selects LinuxdynldMusl (only exists since Go 1.20).
std::string elf_interpreter(std::string_view goos, std::string_view goarch, const GoVersion& v,
                            bool musl);

// cmd/dist's fallback C compiler when none was baked in (src/cmd/dist/build.go and buildgo.go, defaultcc): Go ≥1.21 picks per target OS,
// older versions per host OS.
std::string default_cc(std::string_view goos, std::string_view host_goos, const GoVersion& v);

// The GNU triplet prefixes Debian/most distros use for a Go target's C cross compiler.
std::vector<std::string> gnu_triplets(std::string_view goos, std::string_view goarch,
                                      std::string_view goarm);

// What provides a target's C library pieces, per distribution, for doctor's fixes (ports_packages.cc).
enum class CPiece {
  c_library,    // headers, crt1.o and libc to link against (one package on each distribution)
  libgcc,       // libgcc.a / crtbegin*.o (the compiler's own runtime)
  cxx_library,  // libstdc++ headers and library
};
struct CPackages {
  std::string debian;  // Debian/Ubuntu package name(s); empty when Debian has none
  std::string alpine;  // Alpine; empty when Alpine has none
  std::string fedora;  // Fedora; empty when Fedora has none
  std::string note;    // what to do where no package exists (a sysroot, another toolchain)
};
// `native`: the target is the build machine's own architecture (no -cross packages).
// `musl`: the C compiler targets musl. `float_abi` matters for arm ("hard" → armhf, "soft" → armel).
// `gcc_major`: the cross gcc's major version for versioned Debian packages (0 = unknown).
CPackages c_packages(CPiece piece, std::string_view goos, std::string_view goarch,
                     std::string_view float_abi, bool musl, bool native, int gcc_major);
// Debian's architecture name for a Go target (arm64, armhf, armel, ppc64el …); empty if none.
std::string debian_arch(std::string_view goarch, std::string_view float_abi);

}  // namespace crossgo::ports
