// One file of a package, decided as go/build decides it: Context.matchFile (names, extension,
// goodOSArchFile, the header read by readGoInfo or readComments, shouldBuild) and then
// Context.Import's own rules (package documentation, _test.go, import "C" without cgo).
// Go 1.19 and 1.23 agree on all of it except the order of the extension and file-name checks,
// which changes no outcome.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "crossgo/limits.h"
#include "gosrc/internal.h"

namespace crossgo::gosrc {
namespace {

struct ReadResult {
  std::string bytes;
  bool truncated = false;  // the file holds more than was read
  std::string error;
};

// Up to `limit` bytes of a regular file. Symbolic links are followed, as go/build's os.Open does;
// anything but a regular file (a FIFO would block, a device never ends) is refused.
ReadResult read_prefix(const std::string& path, size_t limit) {
  ReadResult out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    out.error = std::string("cannot open: ") + std::strerror(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    out.error = "not a regular file";
    ::close(fd);
    return out;
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  const size_t want = size < limit ? static_cast<size_t>(size) : limit;
  out.bytes.resize(want);
  size_t got = 0;
  while (got < want) {
    const ssize_t n = ::pread(fd, out.bytes.data() + got, want - got, static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.error = std::string("read failed: ") + std::strerror(errno);
      break;
    }
    if (n == 0) break;  // the file shrank
    got += static_cast<size_t>(n);
  }
  out.bytes.resize(got);
  out.truncated = size > got;
  ::close(fd);
  return out;
}

std::string target_text(const BuildContext& context) {
  std::string s = context.goos;
  s.append("/").append(context.goarch).append(context.cgo_enabled ? " with cgo" : " without cgo");
  return s;
}

std::string join_plus_build(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out.append(" / ");
    out.append("+build ").append(line);
  }
  return out;
}

// build.go shouldBuild: a //go:build line decides alone; otherwise every +build line must hold,
// and a +build line that does not parse is skipped.
void apply_constraints(const detail::HeaderConstraints& header, const BuildContext& context, FileDecision* d) {
  if (!header.error.empty()) {
    d->rule = FileRule::bad_constraint;
    d->reason = header.error;
    d->constraint_where = header.go_build_where;
    return;
  }
  if (header.go_build) {
    d->constraint = *header.go_build;
    d->constraint_where = header.go_build_where;
    std::string error;
    const auto value = eval_go_build(*header.go_build, context, &error);
    if (!value) {
      d->rule = FileRule::bad_constraint;
      d->reason = "parsing //go:build line: " + error;
    } else if (!*value) {
      d->rule = FileRule::constraint;
      d->reason = "//go:build " + *header.go_build + " is false for " + target_text(context);
    }
    return;
  }
  if (header.plus_build.empty()) return;
  d->constraint = join_plus_build(header.plus_build);
  d->constraint_where = header.plus_build_where;
  for (const auto& line : header.plus_build) {
    std::string error;
    const auto value = eval_plus_build({line}, context, &error);
    if (value && !*value) {
      d->rule = FileRule::constraint;
      d->reason = "// +build " + line + " is false for " + target_text(context);
      return;
    }
  }
}

void decide_go_file(const std::string& path, const BuildContext& context, FileDecision* d) {
  ReadResult file = read_prefix(path, limits::kGoHeaderReadBytes);
  if (!file.error.empty()) {
    d->rule = FileRule::unreadable;
    d->reason = file.error;
    return;
  }
  bool complete = false;
  GoScanResult scan = detail::scan_go_source_prefix(file.bytes, ScanDepth::header, &complete);
  if (!complete && file.truncated) {
    file = read_prefix(path, limits::kMaxGoSourceBytes);
    if (file.error.empty() && file.truncated) file.error = "larger than " + std::to_string(limits::kMaxGoSourceBytes) + " bytes";
    if (!file.error.empty()) {
      d->rule = FileRule::unreadable;
      d->reason = file.error;
      return;
    }
    scan = detail::scan_go_source_prefix(file.bytes, ScanDepth::header, &complete);
  }
  // read.go readGoInfo: a NUL in the bytes read fails the read before any constraint is looked
  // at; after a syntax error it reads (and so checks) the whole file.
  // The lexer reports a NUL in what it reads (the header, comments and strings included).
  const std::string_view text = file.bytes;
  if (scan.error == "unexpected NUL in input" || (!scan.scan && text.find('\0') != std::string_view::npos)) {
    d->rule = FileRule::unreadable;
    d->reason = "unexpected NUL in input";
    return;
  }
  apply_constraints(detail::parse_file_header(text), context, d);
  if (scan.scan) d->scan = scan.scan;  // kept for excluded files too: their imports still matter
  if (d->rule != FileRule::builds) return;
  if (!scan.scan) {
    d->rule = FileRule::unreadable;
    d->reason = std::to_string(scan.error_where.line) + ":" + std::to_string(scan.error_where.column) + ": " + scan.error;
    return;
  }
  if (d->scan->package_name == "documentation") {
    // build.go Import: files of package documentation are listed as ignored.
    d->rule = FileRule::constraint;
    d->reason = "package documentation: go/build ignores it";
  } else if (d->name.ends_with("_test.go")) {
    d->rule = FileRule::test_file;
    d->reason = "a _test.go file: only go test builds it";
  } else if (d->scan->imports_c && !context.cgo_enabled) {
    d->rule = FileRule::cgo_disabled;
    d->reason = "imports \"C\" and cgo is disabled";
  }
}

}  // namespace

FileDecision decide_file(const std::string& dir, const std::string& name, const BuildContext& context) {
  FileDecision d;
  d.name = name;
  d.kind = file_kind(name);
  d.rule = FileRule::builds;
  if (name.starts_with("_") || name.starts_with(".")) {
    d.rule = FileRule::ignored_name;
    d.reason = "name starts with '_' or '.'";
  } else if (d.kind == FileKind::other) {
    d.rule = FileRule::not_source;
    d.reason = "not a source file go/build knows";
  } else if (auto excluded = filename_excludes(name, context)) {
    d.rule = FileRule::file_name;
    d.reason = *excluded;
  } else if (d.kind == FileKind::go) {
    decide_go_file(dir.empty() ? name : dir + "/" + name, context, &d);
  } else if (d.kind != FileKind::syso) {  // build.go matchFile: a .syso file is never read
    const std::string path = dir.empty() ? name : dir + "/" + name;
    ReadResult file = read_prefix(path, limits::kGoHeaderReadBytes);
    if (file.error.empty() && file.truncated && detail::leading_comments_end(file.bytes) == file.bytes.size())
      file = read_prefix(path, limits::kMaxGoSourceBytes);
    if (!file.error.empty()) {
      d.rule = FileRule::unreadable;
      d.reason = file.error;
    } else {
      const std::string_view text = file.bytes;
      apply_constraints(detail::parse_file_header(text.substr(0, detail::leading_comments_end(text))), context, &d);
    }
  }
  d.builds = d.rule == FileRule::builds;
  return d;
}

GoScanResult scan_go_file(const std::string& path, ScanDepth depth) {
  const ReadResult file = read_prefix(path, limits::kMaxGoSourceBytes);
  GoScanResult result;
  if (!file.error.empty() || file.truncated) {
    result.error = file.error.empty() ? "larger than " + std::to_string(limits::kMaxGoSourceBytes) + " bytes" : file.error;
    return result;
  }
  return scan_go_source(file.bytes, depth);
}

}  // namespace crossgo::gosrc
