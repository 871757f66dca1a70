// verify: inspect's facts checked against what a file was meant to be — the target it was built
// for and what the release promises of it (static, no cgo, musl, a glibc floor …). Every check of
// every file is a result, passed or failed, so CI sees all of them at once (JUnit wants each as a
// testcase) and each failure is a registry finding (finding_registry.h) that SARIF, GitHub
// annotations and --ignore all name the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/error.h"
#include "crossgo/finding.h"
#include "crossgo/platform.h"
#include "crossgo/report.h"
#include "crossgo/rootfs.h"

namespace crossgo {

// The target one file is checked against, and where that came from (shown in every failure).
struct VerifyTarget {
  Target target;
  std::string source;  // "--target linux/arm/v7", "TARGETPLATFORM=linux/arm/v7", "dist/artifacts.json (myapp_linux_arm_7)"
};

// Optional promises; unset ones are not checked.
struct Expectations {
  std::optional<bool> static_link;  // --static (true) / --dynamic (false)
  std::optional<bool> cgo;          // --cgo / --no-cgo
  std::optional<std::string> libc;  // --libc glibc | musl | bionic | none (what the target system provides)
  std::optional<std::string> max_glibc;  // --max-glibc 2.17
  std::optional<std::string> min_macos, max_macos;  // bounds on the Mach-O minimum OS version
  bool require_signed = false;      // --signed: a Mach-O code signature (arm64 macOS kills unsigned code)
  bool require_pie = false;
  bool require_stripped = false;
  bool require_trimpath = false;
  std::optional<std::string> go;    // --go '>=1.22': constraint on the Go version that built it
  bool no_vcs_modified = false;     // --no-vcs-modified: build info's vcs.modified must not be true
};

// The libc values --libc accepts.
bool is_expected_libc(std::string_view name);

enum class CheckOutcome { passed, failed, skipped };

// Every member has a default, so results are written with designated initialisers.
struct CheckResult {
  std::string check{};   // "format", "arch", "os", "variant", "linkage", "cgo", "libc", "interpreter", …
  CheckOutcome outcome = CheckOutcome::skipped;
  std::string expected{};
  std::string actual{};
  std::string detail{};  // a passed or skipped check: why (the evidence, or what could not be told)
  std::optional<Finding> finding{};  // a failed check
  bool ignored = false;              // its code was given to --ignore: reported, not failing
};

// One inspected entry (a file, a universal-binary slice, an archive member) and its checks.
struct FileVerdict {
  std::string path;          // as inspect names it: "dist/x.a(go.o)" for a member
  std::string file;          // the file on disk (the container for a member)
  std::string member;        // the member or slice, "" for a file
  VerifyTarget target;
  std::optional<Error> error;  // the file could not be read or parsed (exit 3), no checks
  std::vector<CheckResult> checks;

  bool failed() const;  // a failed check whose finding is not ignored
};

// The checks of one inspected entry. A container entry (a universal binary, an archive) has no
// checks of its own: its members are the entries that are checked.
std::vector<CheckResult> verify_artifact(const ArtifactReport& report, const VerifyTarget& target,
                                         const Expectations& expect);

// --rootfs ROOT: a "rootfs" check per file on disk that is an ELF program or library — each
// error the root's loader would meet (CG880-CG884) a failed check; members of containers and of
// release archives are skipped. `root` names the root in the results.
void add_rootfs_checks(std::vector<FileVerdict>& verdicts, rootfs::Loader& loader, const std::string& root);

// A version constraint as Go developers write them: ">=1.22", "<1.23", "=1.21.5", "1.22" (=),
// or several separated by commas or spaces (">=1.21 <1.23"). nullopt and `error` when malformed.
struct VersionConstraint {
  std::string op;       // >=, >, <=, <, =
  std::string version;  // "1.22" (without "go")
};
std::optional<std::vector<VersionConstraint>> parse_version_constraints(std::string_view text, std::string& error);
// Dotted numeric comparison of Go, glibc or macOS versions ("go1.22.3", "2.34", "11.0"): <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);
// Whether `version` ("go1.22.3", "1.22") satisfies every constraint; dotted numeric comparison.
bool satisfies(std::string_view version, const std::vector<VersionConstraint>& constraints);

}  // namespace crossgo
