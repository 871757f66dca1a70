// `crossgo verify --target T [expectations] FILE...` (or --from-env, --goreleaser DIST/,
// --targets FILE): inspect every file, check each entry (a file, a universal-binary slice, an
// archive member) against its target and the promised properties, and report every result.
// Exit 0: every check passed; 1: a check failed; 2: usage or unknown target; 3: a file could not
// be read (docs/exit-codes.md).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include <unistd.h>

#include "cli/commands.h"
#include "crossgo/finding_registry.h"
#include "crossgo/release_archive.h"
#include "crossgo/verify.h"
#include "crossgo/verify_output.h"
#include "crossgo/verify_sources.h"

namespace crossgo::cli {
namespace {

struct VerifyOptions {
  std::string target;
  std::map<std::string, std::string> variants;  // --goarm 7 …: variable → value
  bool from_env = false;
  std::string goreleaser, targets_file;
  Expectations expect;
  bool static_link = false, dynamic_link = false, cgo = false, no_cgo = false;
  std::string libc, max_glibc, min_macos, max_macos, go;
  std::string format = "text";
  bool json = false, verbose = false;
  std::string junit, sarif_root;
  std::string rootfs, rootfs_platform;  // --rootfs ROOT [--rootfs-platform P]
  std::vector<std::string> ignore;
  std::vector<std::string> files;
};

int usage(const std::string& message) {
  std::fprintf(stderr, "crossgo verify: %s\n", message.c_str());
  return kExitUsage;
}

// The target a file gets: --targets first (its own line), then --target / --from-env.
struct Resolved {
  std::vector<TargetedPath> inputs;
  int rc = kExitOk;
};

Resolved resolve(const VerifyOptions& o) {
  Resolved r;
  std::optional<VerifyTarget> fallback;
  if (!o.target.empty() && o.from_env) {
    r.rc = usage("give --target or --from-env, not both");
    return r;
  }
  if (!o.target.empty()) {
    auto t = parse_target_or_report(o.target);
    if (!t) {
      r.rc = kExitUsage;
      return r;
    }
    fallback = VerifyTarget{*t, "--target " + o.target};
  } else if (o.from_env) {
    auto t = target_from_env([](const char* name) -> std::optional<std::string> {
      const char* v = std::getenv(name);
      return v ? std::optional<std::string>(v) : std::nullopt;
    });
    if (!t) {
      r.rc = usage(t.error().message);
      return r;
    }
    fallback = VerifyTarget{t->first, t->second};
  }
  if (fallback) {
    for (const auto& [var, value] : o.variants) {
      TargetParse p = parse_target(fallback->target.pair() + "/" + value);
      if (!p.target || p.target->variant_variable() != var) {
        r.rc = usage(var + "=" + value + " is not a variant of " + fallback->target.goarch + " (" +
                     fallback->target.pair() + ")");
        return r;
      }
      fallback->target.variant = p.target->variant;
      fallback->source += " " + var + "=" + value;
    }
  }
  std::vector<TargetPattern> patterns;
  if (!o.targets_file.empty()) {
    auto p = read_targets_file(o.targets_file);
    if (!p) {
      r.rc = usage(p.error().message);
      return r;
    }
    patterns = std::move(*p);
  }
  if (!o.goreleaser.empty()) {
    auto g = goreleaser_targets(o.goreleaser);
    if (!g) {
      r.rc = usage(g.error().message);
      return r;
    }
    r.inputs = std::move(*g);
  }
  for (const auto& f : o.files) {
    if (const TargetPattern* p = match_target(patterns, f)) {
      r.inputs.push_back({f, p->target, p->source, false});
    } else if (fallback) {
      r.inputs.push_back({f, fallback->target, fallback->source, false});
    } else {
      r.rc = usage("no target for " + f + ": give --target, --from-env, or a --targets line that matches it");
      return r;
    }
  }
  if (r.inputs.empty()) r.rc = usage("no files to verify (give FILE..., or --goreleaser DIST/)");
  return r;
}

// Written next to the target and renamed over it, so a reader never sees half a report.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::remove(tmp.c_str());
      return std::string(std::strerror(errno));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return why;
  }
  return std::nullopt;
}

// Mach-O slice names (lipo's arch names, inspect's member names) → GOARCH.
std::string slice_goarch(const std::string& member) {
  if (member == "x86_64" || member == "x86_64h") return "amd64";
  if (member == "arm64" || member == "arm64e") return "arm64";
  if (member == "i386") return "386";
  return member;
}

// The checks of one file's reports (a container's members included), appended to `out`. `rename`
// gives an entry inside a release archive its path as the user knows it.
void verify_reports(const std::vector<ArtifactReport>& reports, const TargetedPath& in, const Expectations& expect,
                    std::vector<FileVerdict>& out) {
  std::set<std::string> slices;
  const size_t first = out.size();
  for (const ArtifactReport& r : reports) {
    FileVerdict v;
    v.path = r.path;
    v.file = r.container ? r.container->path : r.path;
    v.member = r.container ? r.container->member : "";
    v.target = VerifyTarget{in.target, in.source};
    if (r.error) {
      v.error = r.error;
      out.push_back(std::move(v));
      continue;
    }
    const bool is_container = r.format == "archive" || r.format == "macho-fat";
    if (is_container) continue;  // its members are the entries that are checked
    if (r.container && r.format == "not-binary") continue;  // archive metadata (symbol index, __.PKGDEF)
    if (in.universal) {
      v.target.target.goarch = slice_goarch(v.member.empty() ? (r.goarch ? *r.goarch : "") : v.member);
      if (r.goarch) slices.insert(*r.goarch);
    }
    v.checks = verify_artifact(r, v.target, expect);
    out.push_back(std::move(v));
  }
  // A universal binary must hold both slices GoReleaser merged (darwin/amd64 and darwin/arm64).
  if (in.universal && !reports.empty() && !reports.front().error) {
    FileVerdict v;
    v.path = reports.front().path;
    v.file = reports.front().container ? reports.front().container->path : v.path;
    v.member = reports.front().container ? reports.front().container->member : "";
    v.target = VerifyTarget{in.target, in.source};
    const bool fat = reports.front().format == "macho-fat";
    std::string got;
    for (const auto& a : slices) got += (got.empty() ? "" : "+") + a;
    if (!fat) got = reports.front().format + " (not universal)";
    CheckResult c{.check = "slices", .expected = "amd64+arm64", .actual = got};
    if (fat && slices.count("amd64") && slices.count("arm64")) {
      c.outcome = CheckOutcome::passed;
    } else {
      c.outcome = CheckOutcome::failed;
      Location where;
      where.file = v.file;
      where.member = v.member;
      c.finding = Finding{.code = Code::CG862,
                          .location = where,
                          .subject = "slices",
                          .message = "a universal binary should hold darwin/amd64 and darwin/arm64, this holds " + got +
                                     " [from " + in.source + "]",
                          .fix = "merge both slices (GoReleaser universal_binaries, or lipo -create)",
                          .expected = c.expected,
                          .actual = got};
    }
    v.checks.push_back(std::move(c));
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(first), std::move(v));
  }
}

// Reports of a file read from a memory file, named as the entry of the release archive it is.
void rename_into(std::vector<ArtifactReport>& reports, const std::string& fd_path, const std::string& archive,
                 const std::string& entry) {
  for (ArtifactReport& r : reports) {
    const std::string inner = r.path.substr(std::min(fd_path.size(), r.path.size()));  // "" or "(arm64)"
    r.path = archive + "(" + entry + ")" + inner;
    r.container = ContainerRef{archive, "release-archive", entry + inner, 0};
    for (Finding& f : r.findings) {
      f.location.file = archive;
      f.location.member = entry + inner;
    }
  }
}

// A GoReleaser Archive: each listed binary inside it, checked like a file; a listed one missing fails.
void verify_release_archive(const TargetedPath& in, const Expectations& expect, std::vector<FileVerdict>& out) {
  std::set<std::string> found;
  auto files = for_each_archived_file(in.path, in.binaries, [&](const ArchivedFile& f, int fd) {
    const std::string fd_path = "/proc/self/fd/" + std::to_string(fd);
    std::vector<ArtifactReport> reports = inspect_path(fd_path);
    rename_into(reports, fd_path, in.path, f.path);
    found.insert(f.path.substr(f.path.find_last_of('/') + 1));
    verify_reports(reports, in, expect, out);
  });
  if (!files) {
    FileVerdict v;
    v.path = v.file = in.path;
    v.target = VerifyTarget{in.target, in.source};
    v.error = files.error();
    out.push_back(std::move(v));
    return;
  }
  FileVerdict v;
  v.path = v.file = in.path;
  v.target = VerifyTarget{in.target, in.source};
  std::string listed, missing;
  for (const auto& b : in.binaries) {
    listed += (listed.empty() ? "" : ", ") + b;
    if (!found.count(b)) missing += (missing.empty() ? "" : ", ") + b;
  }
  if (!in.binaries.empty()) {
    CheckResult c{.check = "contents", .expected = listed, .actual = missing.empty() ? listed : "missing " + missing};
    if (missing.empty()) {
      c.outcome = CheckOutcome::passed;
    } else {
      c.outcome = CheckOutcome::failed;
      Location where;
      where.file = in.path;
      c.finding = Finding{.code = Code::CG877,
                          .location = where,
                          .subject = "contents",
                          .message = "the archive does not contain " + missing + ", which " + in.source + " lists",
                          .fix = "check the archive's files/wrap_in_directory settings, or rebuild the release",
                          .expected = listed,
                          .actual = c.actual};
    }
    v.checks.push_back(std::move(c));
  } else if (files->empty()) {
    v.checks.push_back({.check = "contents", .outcome = CheckOutcome::skipped, .expected = "binaries",
                        .detail = "the listing names no binaries and the archive holds no regular file"});
  }
  if (!v.checks.empty()) out.push_back(std::move(v));
}

// One input's entries and their checks.
std::vector<FileVerdict> verify_input(const TargetedPath& in, const Expectations& expect) {
  std::vector<FileVerdict> out;
  if (in.archive) {
    verify_release_archive(in, expect, out);
    return out;
  }
  verify_reports(inspect_path(in.path), in, expect, out);
  return out;
}

std::vector<FileVerdict> verify_all(const std::vector<TargetedPath>& inputs, const Expectations& expect) {
  std::vector<std::vector<FileVerdict>> per(inputs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < inputs.size(); i = next++) per[i] = verify_input(inputs[i], expect);
  };
  const size_t threads = std::min<size_t>(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8), inputs.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::vector<FileVerdict> all;
  for (auto& v : per)
    for (auto& f : v) all.push_back(std::move(f));
  return all;
}

}  // namespace

RunCommand add_verify_command(CLI::App& app) {
  auto o = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand("verify", "Check built files against their intended target (a CI gate)");
  sub->add_option("files", o->files, "Files to verify (each slice of a universal binary, each archive member)");
  sub->add_option("--target", o->target, "The target: linux/arm64, linux/arm/v7 (OCI), linux_amd64_v3 (GoReleaser)");
  for (const char* var : {"goarm", "goamd64", "goarm64", "go386", "gomips", "gomips64", "goppc64", "goriscv64"}) {
    std::string up(var);
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    sub->add_option_function<std::string>(std::string("--") + var, [o, up](const std::string& v) { o->variants[up] = v; },
                                          "The target's " + up + " (as Go spells it)");
  }
  sub->add_flag("--from-env", o->from_env, "Take the target from TARGETPLATFORM (Docker) or GOOS/GOARCH/GOARM …");
  sub->add_option("--goreleaser", o->goreleaser, "Verify every binary GoReleaser lists in DIST/artifacts.json");
  sub->add_option("--targets", o->targets_file, "A file of \"PATH-GLOB TARGET\" lines giving each file its target");
  sub->add_flag("--static", o->static_link, "Expect a static executable (no program interpreter)");
  sub->add_flag("--dynamic", o->dynamic_link, "Expect a dynamically linked file");
  sub->add_flag("--cgo", o->cgo, "Expect runtime/cgo to be linked in");
  sub->add_flag("--no-cgo", o->no_cgo, "Expect no cgo (CGO_ENABLED=0)");
  sub->add_option("--libc", o->libc, "The C library the target system provides: glibc, musl, bionic, none (scratch)");
  sub->add_option("--max-glibc", o->max_glibc, "The oldest glibc the file must load on, e.g. 2.17");
  sub->add_option("--min-macos", o->min_macos, "Lowest allowed Mach-O minimum macOS version");
  sub->add_option("--max-macos", o->max_macos, "Highest allowed Mach-O minimum macOS version (the oldest Mac to support)");
  sub->add_flag("--signed", o->expect.require_signed, "Expect a code signature (Mach-O; PE certificate table)");
  sub->add_flag("--pie", o->expect.require_pie, "Expect a position-independent executable");
  sub->add_flag("--stripped", o->expect.require_stripped, "Expect no symbol table or debug information");
  sub->add_flag("--trimpath", o->expect.require_trimpath, "Expect a -trimpath build");
  sub->add_option("--go", o->go, "A constraint on the Go version that built it, e.g. '>=1.22'");
  sub->add_flag("--no-vcs-modified", o->expect.no_vcs_modified, "Expect a build from a clean VCS checkout");
  sub->add_option("--format", o->format, "text (default), json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  sub->add_flag("--json", o->json, "Same as --format json (docs/verify.schema.json)");
  sub->add_option("--rootfs", o->rootfs,
                  "Also check that each file loads in this root filesystem or image (as crossgo rootfs does)");
  sub->add_option("--rootfs-platform", o->rootfs_platform,
                  "The platform to pick from a multi-platform --rootfs image (default: the files' target)");
  sub->add_option("--junit", o->junit, "Also write a JUnit XML report (one testcase per file and check) to this file");
  sub->add_option("--sarif-root", o->sarif_root, "SARIF artifact locations are relative to this folder (default: .)");
  sub->add_flag("-v,--verbose", o->verbose, "Text: list passed and skipped checks too");
  sub->add_option("--ignore", o->ignore, "Report this finding code without failing on it (repeatable), e.g. CG873")
      ->take_all()
      ->allow_extra_args(false);
  return [o] {
    if (o->static_link && o->dynamic_link) return usage("--static and --dynamic contradict each other");
    if (o->cgo && o->no_cgo) return usage("--cgo and --no-cgo contradict each other");
    if (o->static_link || o->dynamic_link) o->expect.static_link = o->static_link;
    if (o->cgo || o->no_cgo) o->expect.cgo = o->cgo;
    if (!o->libc.empty()) {
      if (!is_expected_libc(o->libc)) return usage("--libc wants glibc, musl, bionic or none, not \"" + o->libc + "\"");
      o->expect.libc = o->libc;
    }
    for (const auto& [value, slot] : {std::pair{o->max_glibc, &o->expect.max_glibc}, std::pair{o->min_macos, &o->expect.min_macos},
                                      std::pair{o->max_macos, &o->expect.max_macos}}) {
      if (value.empty()) continue;
      if (value.find_first_not_of("0123456789.") != std::string::npos || value.front() == '.')
        return usage("\"" + value + "\" is not a version like 2.17 or 11.0");
      *slot = value;
    }
    if (!o->go.empty()) {
      std::string error;
      if (!parse_version_constraints(o->go, error)) return usage("--go: " + error);
      o->expect.go = o->go;
    }
    std::set<Code> ignored;
    for (const auto& c : o->ignore) {
      const FindingInfo* f = find_finding(c);
      if (f == nullptr) {
        const FindingInfo* near = nearest_finding(c);
        return usage("--ignore " + c + ": no such finding code" +
                     (near ? " (did you mean " + std::string(near->id()) + ", " + std::string(near->name) + "?)" : ""));
      }
      ignored.insert(f->code);
    }
    if (o->json) o->format = "json";
    Resolved in = resolve(*o);
    if (in.rc != kExitOk) return in.rc;

    std::vector<FileVerdict> verdicts = verify_all(in.inputs, o->expect);
    if (!o->rootfs.empty()) {
      // One root for every file: an image is opened for the platform all the targets share.
      std::string platform = o->rootfs_platform;
      if (platform.empty() && !in.inputs.empty()) {
        const Target& t = in.inputs.front().target;
        platform = t.pair();
        for (const auto& i : in.inputs)
          if (i.target.pair() != platform) platform.clear();
      }
      auto root = rootfs::open_root(o->rootfs, platform);
      if (!root) {
        std::fprintf(stderr, "crossgo verify: --rootfs %s: %s\n", o->rootfs.c_str(), root.error().to_string().c_str());
        return kExitUnreadable;
      }
      rootfs::Loader loader(**root, {});
      add_rootfs_checks(verdicts, loader, (*root)->describe());
    }
    bool unreadable = false, failed = false;
    for (auto& v : verdicts) {
      for (auto& c : v.checks)
        if (c.finding && ignored.count(c.finding->code)) c.ignored = true;
      unreadable = unreadable || v.error.has_value();
      failed = failed || v.failed();
    }
    if (!o->junit.empty()) {
      if (auto e = write_file_atomically(o->junit, output::verify_junit(verdicts))) {
        std::fprintf(stderr, "crossgo verify: cannot write %s: %s\n", o->junit.c_str(), e->c_str());
        return kExitOutput;
      }
    }
    if (o->format == "json") std::cout << output::verify_json(verdicts);
    else if (o->format == "sarif") std::cout << output::verify_sarif(verdicts, o->sarif_root.empty() ? "." : o->sarif_root);
    else if (o->format == "github") std::cout << output::verify_github(verdicts);
    else std::cout << output::verify_text(verdicts, o->verbose, use_colour());
    return unreadable ? kExitUnreadable : failed ? kExitFindings : kExitOk;
  };
}

}  // namespace crossgo::cli
