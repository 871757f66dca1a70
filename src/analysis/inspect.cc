// inspect: path → ByteSource → containers split into members → format reader → Image →
// analyzers (typed facts) → report view. One report per file, or for a container one for the
// container and one per member, in one flat list.
#include <new>
#include <utility>

#include "analysis/analyzers.h"
#include "crossgo/format_registry.h"

namespace crossgo {
namespace analysis {

Facts analyze(const Image& img) {
  Facts f;
  const FormatAnalyzer& format = format_analyzer(img);
  if (const char* g = goarch_for(img.arch, img.bits, img.endian)) {
    f.target.goarch = g;
  } else if (img.format != Format::goobj) {
    f.findings.push_back(Finding{
        .code = Code::CG801,
        .message = "machine " + img.machine + " (" + std::to_string(img.bits) + "-bit " +
                   (img.endian == Endian::little ? "little" : "big") + "-endian) is not a Go GOARCH",
        .actual = img.machine,
    });
  }
  format.arch_flags(img, f.target);
  const GoLayout layout = go_layout(img);
  f.go = analyze_go(img, layout, f.target, f.findings);
  const GoFacts* go = f.go ? &*f.go : nullptr;
  f.os = decide_os(img, format, go, f.findings);
  f.linkage = format.linkage(img);
  f.libc = format.libc(img, f.linkage, f.os, go);
  f.hardening = format.hardening(img, f.linkage);
  f.floors = format.floors(img);
  for (auto& c : format.checks(img, f.target, f.os, go)) f.findings.push_back(std::move(c));
  format.late_checks(img, {f.target, f.os, f.linkage, f.libc, go}, f.findings);
  return f;
}

}  // namespace analysis

namespace {

constexpr int kMaxContainerDepth = 2;  // an ar member that is a fat Mach-O, and no deeper

ArtifactReport unreadable(const std::string& path, const std::string& format, Error error) {
  ArtifactReport r;
  r.path = path;
  r.format = format;
  r.error = std::move(error);
  return r;
}

void inspect_source(const std::string& path, ByteSource& src, const std::optional<ContainerRef>& from, int depth,
                    const ReportSink& out) {
  ArtifactReport r;
  r.path = path;
  r.container = from;
  try {
    const auto head = src.read_up_to(0, kMagicBytes, "file header");
    if (const ContainerReader* c = depth < kMaxContainerDepth ? find_container_reader(head) : nullptr) {
      r.format = format_name(c->format);
      Result<Container> split = c->split(src);
      if (!split) {
        r.error = split.error();
        out(std::move(r));
        return;
      }
      for (const auto& m : split->members) r.members.push_back(m.name);
      for (const auto& w : split->warnings) analysis::add_finding(r, analysis::malformed_input(w));
      out(std::move(r));
      for (const auto& m : split->members) {
        SliceSource member(src, m.offset, m.size);
        inspect_source(path + "(" + m.name + ")", member, ContainerRef{path, format_name(c->format), m.name, m.offset},
                       depth + 1, out);
      }
      return;
    }
    const FormatReader* reader = find_format_reader(head);
    if (reader == nullptr) {
      r.format = "not-binary";
      out(std::move(r));
      return;
    }
    r.format = format_name(reader->format);
    Result<Image> image = reader->read(src);
    if (!image) {
      r.error = image.error();
      out(std::move(r));
      return;
    }
    for (const auto& w : image->warnings) analysis::add_finding(r, analysis::malformed_input(w));
    try {
      const analysis::Facts facts = analysis::analyze(*image);
      analysis::fill_report(*image, facts, r);
    } catch (const ParseError& e) {
      // Analyzers read only checked ranges, but a hostile payload can still be short.
      analysis::fill_report(*image, analysis::Facts{}, r);
      analysis::add_finding(r, analysis::malformed_input("analysis stopped: " + e.error().to_string()));
    }
  } catch (const ParseError& e) {
    r.error = e.error();
  }
  out(std::move(r));
}

// One file's failure is that file's error: running out of memory (a limit set by the CI job, a
// hostile size that got past a cap) must not abort the run and lose every other file's report.
// Returns the report that replaces what was emitted, when there is one.
std::optional<ArtifactReport> inspect_guarded(const std::string& path, ByteSource& src, const ReportSink& out) {
  // The analyzers see an Image, not where it came from: the findings point at the artifact here.
  const ReportSink located = [&](ArtifactReport&& r) {
    for (Finding& f : r.findings) {
      f.location.file = r.container ? r.container->path : r.path;
      f.location.member = r.container ? r.container->member : "";
    }
    out(std::move(r));
  };
  try {
    inspect_source(path, src, std::nullopt, 0, located);
  } catch (const std::bad_alloc&) {
    return unreadable(path, "unreadable", Error{"out of memory while reading this file", std::nullopt});
  }
  return std::nullopt;
}

std::vector<ArtifactReport> collected(const std::function<std::optional<ArtifactReport>(const ReportSink&)>& run) {
  std::vector<ArtifactReport> out;
  if (auto replacement = run([&](ArtifactReport&& r) { out.push_back(std::move(r)); })) {
    out.clear();
    out.push_back(std::move(*replacement));
  }
  return out;
}

}  // namespace

std::optional<ArtifactReport> inspect_path_each(const std::string& path, const ReportSink& out) {
  auto file = FileSource::open(path);
  if (!file) return unreadable(path, "unreadable", file.error());
  std::string first_format;
  const ReportSink first_noted = [&](ArtifactReport&& r) {
    if (first_format.empty()) first_format = r.format;
    out(std::move(r));
  };
  if (auto replacement = inspect_guarded(path, **file, first_noted)) return replacement;
  // Facts read from a file that changed underneath are not facts: report that instead.
  if (auto why = (*file)->changed()) {
    return unreadable(path, first_format.empty() ? "unreadable" : first_format,
                      Error{"the file changed while it was read: " + *why + "; inspect it again once it is complete",
                            std::nullopt});
  }
  return std::nullopt;
}

std::vector<ArtifactReport> inspect_path(const std::string& path) {
  return collected([&](const ReportSink& out) { return inspect_path_each(path, out); });
}

std::vector<ArtifactReport> inspect_bytes(const std::string& path, std::span<const uint8_t> bytes) {
  MemorySource src(bytes);
  return collected([&](const ReportSink& out) { return inspect_guarded(path, src, out); });
}

}  // namespace crossgo
