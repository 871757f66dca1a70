// The registry's rows. Severities are what the rules report; `downgraded_when` documents the
// only condition under which a rule may report a code one step lower (Finding::downgraded), and
// docs/findings.md says the same (tests/unit/findings_doc_test.cc compares both ways).
// The rules' sources (Go files and functions) are cited in the rule files and in docs/findings.md.
#include <algorithm>
#include <array>
#include <iterator>

#include "crossgo/finding_registry.h"

namespace crossgo {
namespace {

constexpr Severity E = Severity::error, W = Severity::warning, I = Severity::info;
constexpr std::string_view kCxxNotNeeded = "the CXX probe, when the module has no C++ files";

constexpr FindingInfo kRegistry[] = {
    // CG1xx: the target.
    {.code = Code::CG101, .name = "goos-invalid", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOOS is not a Go operating system name"},
    {.code = Code::CG102, .name = "goarch-invalid", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOARCH is not a Go architecture name"},
    {.code = Code::CG103, .name = "port-unsupported", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "the GOOS/GOARCH pair is not a port of this Go version"},
    {.code = Code::CG104, .name = "port-broken", .severity = W, .applies_to = kEnvironment,
     .title = "the GOOS/GOARCH pair is marked broken in this Go version"},
    {.code = Code::CG105, .name = "subarch-invalid", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "a sub-architecture variable has a value this Go version rejects"},
    {.code = Code::CG106, .name = "subarch-ignored", .severity = W, .applies_to = kEnvironment,
     .title = "a sub-architecture variable is set but does nothing"},
    // CG2xx: where settings live.
    {.code = Code::CG201, .name = "goenv-file-setting", .severity = W, .applies_to = kEnvironment,
     .title = "a build-shaping variable is persisted in the go env -w file"},
    {.code = Code::CG202, .name = "goenv-file-hidden", .severity = I, .applies_to = kEnvironment,
     .title = "the OS environment hides a value persisted in the go env -w file"},
    {.code = Code::CG203, .name = "empty-var-no-override", .severity = W, .applies_to = kEnvironment,
     .title = "an empty OS variable does not override the go env -w value"},
    {.code = Code::CG204, .name = "goenv-missing", .severity = I, .applies_to = kEnvironment,
     .title = "GOENV names a file that does not exist"},
    {.code = Code::CG205, .name = "cgo-enabled-invalid", .severity = W, .applies_to = kEnvironment,
     .title = "CGO_ENABLED is neither 0 nor 1, so Go ignores it"},
    {.code = Code::CG206, .name = "goroot-missing", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOROOT is not a directory"},
    {.code = Code::CG207, .name = "value-whitespace", .severity = W, .applies_to = kEnvironment,
     .title = "a value has leading or trailing whitespace or a carriage return"},
    {.code = Code::CG208, .name = "goenv-not-file", .severity = E, .downgraded_to = W,
     .downgraded_when = "the go env -w path is a directory, which Go ignores silently", .applies_to = kEnvironment,
     .title = "the go env -w file is a FIFO, a device or a directory"},
    {.code = Code::CG209, .name = "goenv-truncated", .severity = W, .applies_to = kEnvironment,
     .title = "the go env -w file is larger than crossgo reads"},
    // CG3xx: cgo.
    {.code = Code::CG301, .name = "cgo-implicit", .severity = I, .applies_to = kEnvironment,
     .title = "CGO_ENABLED is not set: its implicit value, why, and what it means for the target"},
    {.code = Code::CG302, .name = "cc-ignored-cgo-off", .severity = W, .applies_to = kEnvironment,
     .title = "CC is set but cgo is off for this cross build"},
    {.code = Code::CG303, .name = "cgo-unsupported", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "CGO_ENABLED=1 for a port without cgo support"},
    // CG31x: crossgo cgo, the packages of a build from source.
    {.code = Code::CG310, .name = "cgo-package", .severity = W, .applies_to = kSource,
     .title = "a package of the build uses cgo for the target"},
    {.code = Code::CG311, .name = "cgo-std-variant", .severity = I, .applies_to = kSource,
     .title = "a standard-library package takes its cgo variant for the target"},
    {.code = Code::CG312, .name = "cgo-off-breaks", .severity = E, .stops_build = true, .applies_to = kSource,
     .title = "with CGO_ENABLED=0 the build fails in this package (predicted)"},
    {.code = Code::CG313, .name = "binary-source-cgo-differ", .severity = W, .applies_to = kSource,
     .title = "the built binary and the source disagree about which packages call C"},
    {.code = Code::CG314, .name = "go-list-package-error", .severity = W, .applies_to = kSource,
     .title = "go list reports an error for a package of the build"},
    {.code = Code::CG315, .name = "file-rules-disagree", .severity = I, .applies_to = kSource,
     .title = "crossgo's go/build file rules disagree with go list about a file"},
    // CG4xx: the C toolchain of a cgo build.
    {.code = Code::CG401, .name = "cc-unset-cross", .severity = E, .downgraded_to = W,
     .downgraded_when = "GOOS=windows (std-only code may still build)", .stops_build = true, .applies_to = kEnvironment,
     .title = "cgo cross build with CC unset: Go uses the host C compiler"},
    {.code = Code::CG402, .name = "cc-not-found", .severity = E, .downgraded_to = W,
     .downgraded_when = "a native build before go1.20 with a prebuilt $GOROOT/pkg runtime/cgo.a",
     .stops_build = true, .applies_to = kEnvironment, .title = "the C compiler CC names is not installed"},
    {.code = Code::CG403, .name = "cc-wrong-target", .severity = E, .downgraded_to = W,
     .downgraded_when = "GOOS=windows (std-only code may still build)", .stops_build = true, .applies_to = kEnvironment,
     .title = "CC produces code for another architecture or OS"},
    {.code = Code::CG404, .name = "cxx-wrong-target", .severity = W, .downgraded_to = I,
     .downgraded_when = "CXX is only Go's default and the module has no C++ files", .applies_to = kEnvironment,
     .title = "CXX targets another triplet or float ABI than the build or CC"},
    {.code = Code::CG405, .name = "goarm-float-abi", .severity = W, .downgraded_to = I,
     .downgraded_when = "hard-float GOARM with a soft-float C toolchain", .applies_to = kEnvironment,
     .title = "GOARM and the C toolchain disagree on the float ABI"},
    {.code = Code::CG406, .name = "cgo-flags-host-path", .severity = W, .applies_to = kEnvironment,
     .title = "a CGO_*FLAGS entry points at host paths in a cross build"},
    {.code = Code::CG407, .name = "pkg-config-host", .severity = W, .downgraded_to = I,
     .downgraded_when = "only the host pkg-config without PKG_CONFIG_LIBDIR or PKG_CONFIG_SYSROOT_DIR",
     .applies_to = kEnvironment, .title = "pkg-config would answer with the host's .pc files in a cross build"},
    {.code = Code::CG408, .name = "sysroot-missing", .severity = E, .applies_to = kEnvironment,
     .title = "a sysroot given to the C toolchain or pkg-config does not exist"},
    {.code = Code::CG409, .name = "cc-query-failed", .severity = I, .applies_to = kEnvironment,
     .title = "the C compiler could not be asked what it targets"},
    {.code = Code::CG410, .name = "c-headers-missing", .severity = E, .downgraded_to = W, .downgraded_when = kCxxNotNeeded,
     .stops_build = true, .applies_to = kEnvironment, .title = "the target's C (or C++) headers are missing"},
    {.code = Code::CG411, .name = "c-library-missing", .severity = E, .downgraded_to = W, .downgraded_when = kCxxNotNeeded,
     .stops_build = true, .applies_to = kEnvironment, .title = "the target's C library is missing for the link"},
    {.code = Code::CG412, .name = "c-startup-missing", .severity = E, .downgraded_to = W, .downgraded_when = kCxxNotNeeded,
     .stops_build = true, .applies_to = kEnvironment,
     .title = "the target's C start-up files or the compiler's runtime library are missing"},
    {.code = Code::CG413, .name = "c-linker-wrong", .severity = E, .downgraded_to = W, .downgraded_when = kCxxNotNeeded,
     .stops_build = true, .applies_to = kEnvironment,
     .title = "the linker cannot produce the target, or produced another architecture"},
    {.code = Code::CG414, .name = "c-build-failed", .severity = E, .downgraded_to = W,
     .downgraded_when = "the probe timed out, or the CXX probe when the module has no C++ files", .stops_build = true,
     .applies_to = kEnvironment, .title = "compiling or linking the cgo probe failed for another reason"},
    {.code = Code::CG415, .name = "cxx-not-found", .severity = E, .downgraded_to = W,
     .downgraded_when = "the module has no C++ files", .stops_build = true, .applies_to = kEnvironment,
     .title = "the C++ compiler CXX names is not installed"},
    {.code = Code::CG416, .name = "pkg-config-failed", .severity = E, .downgraded_to = W,
     .downgraded_when = "the .pc files come from the build machine but the link worked", .stops_build = true,
     .applies_to = kEnvironment, .title = "pkg-config cannot answer for the target, or answers with unusable flags"},
    // CG5xx: targets that need external linking.
    {.code = Code::CG501, .name = "external-link-needs-cgo", .severity = E, .stops_build = true,
     .applies_to = kEnvironment, .title = "the target always links externally but cgo is off"},
    {.code = Code::CG502, .name = "pie-needs-cgo", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "the target's default PIE needs external linking but cgo is off"},
    {.code = Code::CG503, .name = "apple-cc-missing", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "cgo for darwin/ios without a C compiler that targets Apple platforms"},
    {.code = Code::CG504, .name = "apple-sdk-missing", .severity = W, .applies_to = kEnvironment,
     .title = "an Apple-targeting C compiler without an SDK"},
    // CG6xx: toolchain selection.
    {.code = Code::CG601, .name = "gomod-go-newer", .severity = E, .downgraded_to = W,
     .downgraded_when = "GOTOOLCHAIN auto or path (a download), or a selected Go before go1.21", .stops_build = true,
     .applies_to = kEnvironment, .title = "the go.mod/go.work go line is newer than the selected Go"},
    {.code = Code::CG602, .name = "gomod-toolchain-newer", .severity = W, .applies_to = kEnvironment,
     .title = "the go.mod/go.work toolchain line makes go download a newer toolchain"},
    {.code = Code::CG603, .name = "gotoolchain-switch", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOTOOLCHAIN names another Go version: every go command switches to it"},
    {.code = Code::CG604, .name = "gotoolchain-invalid", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOTOOLCHAIN is not valid syntax"},
    {.code = Code::CG605, .name = "gotoolchain-ignored", .severity = I, .applies_to = kEnvironment,
     .title = "GOTOOLCHAIN is set but the selected Go predates it"},
    {.code = Code::CG606, .name = "gomod-go-three-part", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "a three-part go line that Go before go1.21 cannot parse"},
    {.code = Code::CG607, .name = "gomod-toolchain-unknown", .severity = E, .stops_build = true,
     .applies_to = kEnvironment, .title = "a toolchain line that Go before go1.21 does not know"},
    // CG7xx: GOFLAGS.
    {.code = Code::CG701, .name = "goflags-unparsable", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOFLAGS has a word that is not a flag, or unbalanced quotes"},
    {.code = Code::CG702, .name = "goflags-unknown-flag", .severity = E, .stops_build = true, .applies_to = kEnvironment,
     .title = "GOFLAGS has a flag the go command does not define"},
    {.code = Code::CG703, .name = "goflags-ldflags", .severity = W, .applies_to = kEnvironment,
     .title = "GOFLAGS sets -ldflags, which a per-build -ldflags replaces entirely"},
    {.code = Code::CG704, .name = "goflags-ignored-flag", .severity = W, .applies_to = kEnvironment,
     .title = "GOFLAGS has a flag of another go subcommand that go build ignores"},
    {.code = Code::CG705, .name = "goflags-break-go-env", .severity = W, .applies_to = kEnvironment,
     .title = "GOFLAGS makes other go commands (go env) fail"},
    // CG8xx: artifacts. Warnings and errors are inspect's "warnings", infos its "notes".
    {.code = Code::CG800, .name = "malformed-input", .severity = W, .applies_to = kArtifact,
     .title = "the file is damaged where the reader could go on; what it says is incomplete"},
    {.code = Code::CG801, .name = "machine-not-goarch", .severity = W, .applies_to = kArtifact,
     .title = "the file's machine is not a Go GOARCH"},
    {.code = Code::CG802, .name = "os-evidence-conflict", .severity = W, .applies_to = kArtifact,
     .title = "the file's OS evidence contradicts itself"},
    {.code = Code::CG810, .name = "buildinfo-duplicate-setting", .severity = W, .applies_to = kArtifact,
     .title = "a Go build setting appears more than once in the build info"},
    {.code = Code::CG811, .name = "buildinfo-cgo-contradiction", .severity = W, .applies_to = kArtifact,
     .title = "build info says CGO_ENABLED=0 but runtime/cgo is linked in"},
    {.code = Code::CG812, .name = "buildinfo-goarch-mismatch", .severity = W, .applies_to = kArtifact,
     .title = "the build info's GOARCH is not the file's machine"},
    {.code = Code::CG820, .name = "interpreter-wrong-arch", .severity = E, .applies_to = kArtifact,
     .title = "the ELF interpreter is another architecture's loader"},
    {.code = Code::CG821, .name = "goarm-c-objects-newer", .severity = W, .applies_to = kArtifact,
     .title = "C objects target a newer ARM than the binary's GOARM"},
    {.code = Code::CG822, .name = "goarm6-armv7-c-objects", .severity = I, .applies_to = kArtifact,
     .title = "GOARM=6 Go code linked with ARMv7 C objects: not for ARMv6 boards"},
    {.code = Code::CG823, .name = "goarm-soft-float-hard-float-c", .severity = W, .applies_to = kArtifact,
     .title = "soft-float Go code linked with hard-float C objects"},
    {.code = Code::CG824, .name = "static-glibc-nss", .severity = W, .applies_to = kArtifact,
     .title = "a static glibc binary calls libc's NSS lookups"},
    {.code = Code::CG830, .name = "macho-arm64-unsigned", .severity = E, .applies_to = kArtifact,
     .title = "an arm64 macOS executable or library without a code signature"},
    {.code = Code::CG831, .name = "macho-platform-goos-mismatch", .severity = W, .applies_to = kArtifact,
     .title = "the Mach-O platform is not the Apple OS the build info names"},
    {.code = Code::CG840, .name = "pe-two-c-runtimes", .severity = W, .applies_to = kArtifact,
     .title = "a PE image imports both msvcrt.dll and the Universal CRT"},
    {.code = Code::CG850, .name = "wasm-js-and-wasip1", .severity = E, .applies_to = kArtifact,
     .title = "a wasm module imports from both Go's js host and WASI preview 1"},
    // CG86x-CG87x: verify, a file against its intended target and the release's promises.
    {.code = Code::CG860, .name = "not-a-binary", .severity = E, .applies_to = kArtifact,
     .title = "the file is not a binary of any format Go writes"},
    {.code = Code::CG861, .name = "wrong-format", .severity = E, .applies_to = kArtifact,
     .title = "the file's format is not the target OS's"},
    {.code = Code::CG862, .name = "wrong-arch", .severity = E, .applies_to = kArtifact,
     .title = "the file is for another GOARCH (machine, word size or byte order)"},
    {.code = Code::CG863, .name = "wrong-os", .severity = E, .applies_to = kArtifact,
     .title = "the file's OS evidence excludes the target GOOS"},
    {.code = Code::CG864, .name = "wrong-variant", .severity = E, .applies_to = kArtifact,
     .title = "the sub-architecture (GOARM, GOAMD64 …) is not the target's"},
    {.code = Code::CG865, .name = "wrong-linkage", .severity = E, .applies_to = kArtifact,
     .title = "the file is not statically (or dynamically) linked as promised"},
    {.code = Code::CG866, .name = "wrong-cgo", .severity = E, .applies_to = kArtifact,
     .title = "runtime/cgo is (or is not) linked in, against the promise"},
    {.code = Code::CG867, .name = "wrong-libc", .severity = E, .applies_to = kArtifact,
     .title = "the file is linked against another C library than the target system's"},
    {.code = Code::CG868, .name = "interpreter-missing-on-target", .severity = E, .applies_to = kArtifact,
     .title = "the program interpreter does not exist on the target system"},
    {.code = Code::CG869, .name = "glibc-too-new", .severity = E, .applies_to = kArtifact,
     .title = "a versioned glibc symbol needs a newer glibc than the target's"},
    {.code = Code::CG870, .name = "macos-version-out-of-range", .severity = E, .applies_to = kArtifact,
     .title = "the Mach-O minimum macOS version is outside the promised bounds"},
    {.code = Code::CG871, .name = "not-signed", .severity = E, .applies_to = kArtifact,
     .title = "the file has no code signature"},
    {.code = Code::CG872, .name = "not-pie", .severity = E, .applies_to = kArtifact,
     .title = "the executable is not position-independent"},
    {.code = Code::CG873, .name = "not-stripped", .severity = E, .applies_to = kArtifact,
     .title = "the file still has symbols or debug information"},
    {.code = Code::CG874, .name = "no-trimpath", .severity = E, .applies_to = kArtifact,
     .title = "the build info has no -trimpath"},
    {.code = Code::CG875, .name = "go-version-mismatch", .severity = E, .applies_to = kArtifact,
     .title = "the Go version that built the file is outside the constraint"},
    {.code = Code::CG876, .name = "vcs-modified", .severity = E, .applies_to = kArtifact,
     .title = "the file was built from a working tree with uncommitted changes"},
    {.code = Code::CG877, .name = "archive-missing-binary", .severity = E, .applies_to = kArtifact,
     .title = "a release archive lacks a binary its listing names"},
    // CG88x: rootfs, the file in a root filesystem, as its loader would load it.
    {.code = Code::CG880, .name = "interpreter-missing", .severity = E, .applies_to = kArtifact,
     .title = "the program's interpreter (dynamic loader) is missing or unusable in the root"},
    {.code = Code::CG881, .name = "library-missing", .severity = E, .applies_to = kArtifact,
     .title = "a needed library is not found by the loader's search"},
    {.code = Code::CG882, .name = "version-missing", .severity = E, .applies_to = kArtifact,
     .title = "a library does not define a symbol version the file needs"},
    {.code = Code::CG883, .name = "wrong-architecture-object", .severity = E, .downgraded_to = W,
     .downgraded_when = "the loader skips the object and goes on searching (glibc)", .applies_to = kArtifact,
     .title = "an object of another class, machine or ABI is on the search path"},
    {.code = Code::CG884, .name = "object-unreadable", .severity = E, .applies_to = kArtifact,
     .title = "a file or library cannot be read (missing, damaged, a symlink loop)"},
    {.code = Code::CG885, .name = "static-loads-anywhere", .severity = I, .applies_to = kArtifact,
     .title = "a static binary: it loads wherever its kernel runs"},
    // CG89x: patch, changes crossgo patch refuses to make.
    {.code = Code::CG890, .name = "patch-not-elf", .severity = E, .applies_to = kArtifact,
     .title = "crossgo patch changes ELF files only"},
    {.code = Code::CG891, .name = "patch-no-interpreter", .severity = E, .applies_to = kArtifact,
     .title = "an interpreter was asked for a file without PT_INTERP (a static binary)"},
    {.code = Code::CG892, .name = "patch-no-dynamic", .severity = E, .applies_to = kArtifact,
     .title = "a search path or library change was asked for a file without a dynamic section"},
    {.code = Code::CG893, .name = "patch-needed-missing", .severity = E, .applies_to = kArtifact,
     .title = "--replace-needed names a library the file does not need"},
    {.code = Code::CG894, .name = "patch-invalid-value", .severity = E, .applies_to = kArtifact,
     .title = "the new value is empty, contains NUL, is too long, or has no standard loader"},
    {.code = Code::CG895, .name = "patch-layout-unsupported", .severity = E, .applies_to = kArtifact,
     .title = "the file's layout cannot be changed safely"},
    {.code = Code::CG896, .name = "patch-reverify-failed", .severity = E, .applies_to = kArtifact,
     .title = "the patched file failed re-verification; nothing was written"},
    // CG9xx: confidence.
    {.code = Code::CG901, .name = "go-not-found", .severity = I, .applies_to = kEnvironment,
     .title = "no go binary found: knowledge-only mode"},
    {.code = Code::CG902, .name = "go-env-disagrees", .severity = W, .applies_to = kEnvironment,
     .title = "crossgo's derived value differs from what go env reports"},
    {.code = Code::CG903, .name = "go-env-failed", .severity = E, .downgraded_to = I,
     .downgraded_when = "another error already explains the failure", .stops_build = true,
     .applies_to = kEnvironment, .title = "go env -json itself failed"},
    {.code = Code::CG904, .name = "go-newer-than-rules", .severity = I, .applies_to = kEnvironment,
     .title = "the selected Go is newer than crossgo's knowledge base"},
    {.code = Code::CG905, .name = "go-version-unknown", .severity = W, .applies_to = kEnvironment,
     .title = "the version of the selected go binary could not be determined"},
};

constexpr Code kCodes[] = {
#define CROSSGO_CODE_LISTED(n) Code::CG##n,
    CROSSGO_FINDING_CODES(CROSSGO_CODE_LISTED)
#undef CROSSGO_CODE_LISTED
};

constexpr std::string_view kIds[] = {
#define CROSSGO_CODE_ID(n) "CG" #n,
    CROSSGO_FINDING_CODES(CROSSGO_CODE_ID)
#undef CROSSGO_CODE_ID
};

constexpr std::string_view kAnchors[] = {
#define CROSSGO_CODE_ANCHOR(n) "cg" #n,
    CROSSGO_FINDING_CODES(CROSSGO_CODE_ANCHOR)
#undef CROSSGO_CODE_ANCHOR
};

// One row per enumerator, in the same (ascending) order, each downgrade documented and lower.
constexpr bool registry_matches_codes() {
  if (std::size(kRegistry) != std::size(kCodes)) return false;
  for (size_t i = 0; i < std::size(kCodes); ++i) {
    const FindingInfo& r = kRegistry[i];
    if (r.code != kCodes[i] || r.name.empty() || r.title.empty()) return false;
    if (i > 0 && kCodes[i - 1] >= kCodes[i]) return false;
    if (r.downgraded_to.has_value() == r.downgraded_when.empty()) return false;
    if (r.downgraded_to && static_cast<int>(*r.downgraded_to) >= static_cast<int>(r.severity)) return false;
    if (r.stops_build && r.severity != Severity::error) return false;
  }
  return true;
}
static_assert(registry_matches_codes(), "src/findings/registry.cc and CROSSGO_FINDING_CODES disagree");

size_t index_of(Code code) {
  const auto* it = std::lower_bound(std::begin(kCodes), std::end(kCodes), code);
  return static_cast<size_t>(it - std::begin(kCodes));
}

}  // namespace

std::span<const FindingInfo> finding_registry() { return kRegistry; }

const FindingInfo& finding_info(Code code) {
  const size_t i = index_of(code);
  // Only a value cast from an integer can miss; the first row is as good an answer as any.
  return i < std::size(kRegistry) && kCodes[i] == code ? kRegistry[i] : kRegistry[0];
}

std::string_view FindingInfo::id() const {
  const size_t i = index_of(code);
  return i < std::size(kIds) ? kIds[i] : std::string_view("CG000");
}

std::string_view FindingInfo::anchor() const {
  const size_t i = index_of(code);
  return i < std::size(kAnchors) ? kAnchors[i] : std::string_view("cg000");
}

std::vector<std::string> applies_to_names(const AppliesTo& a) {
  std::vector<std::string> out;
  if (a.environment) out.emplace_back("environment");
  if (a.artifact) out.emplace_back("artifact");
  if (a.source) out.emplace_back("source");
  if (a.dockerfile) out.emplace_back("dockerfile");
  if (a.makefile) out.emplace_back("makefile");
  return out;
}

}  // namespace crossgo
