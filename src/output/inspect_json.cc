#include "crossgo/inspect_output.h"
#include "output/details.h"
#include "crossgo/finding_registry.h"
#include "output/json_writer.h"
#include <string_view>
#include <unordered_set>
#include <vector>

namespace crossgo {

namespace {

using output::JsonWriter;

void floor_json(JsonWriter& w, std::string_view key, const std::optional<VersionFloor>& f) {
  w.key(key);
  if (!f) return w.null();
  w.begin_object();
  w.field("version", f->version);
  w.key("symbol");
  f->symbol.empty() ? w.null() : w.value(f->symbol);
  w.end_object();
}

void module_version_fields(JsonWriter& w, const GoModuleVersion& m) {
  w.field("path", m.path);
  w.field("version", m.version);
  w.key("sum");
  m.sum.empty() ? w.null() : w.value(m.sum);
}

void module_json(JsonWriter& w, const GoModule& m) {
  w.begin_object();
  module_version_fields(w, m);
  w.key("replace");
  if (m.replace) {
    w.begin_object();
    module_version_fields(w, *m.replace);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

void go_json(JsonWriter& w, const GoReport& go) {
  w.begin_object();
  w.field("version", go.version);
  w.key("version_source");
  go.version ? w.value(go.version_source) : w.null();
  const GoBuildInfo* bi = go.buildinfo ? &*go.buildinfo : nullptr;
  w.key("path");
  bi && !bi->path.empty() ? w.value(bi->path) : w.null();
  w.key("main");
  bi && bi->main ? module_json(w, *bi->main) : w.null();
  w.key("deps");
  w.begin_array();
  if (bi)
    for (const auto& d : bi->deps) module_json(w, d);
  w.end_array();
  // First occurrence wins (the analysis' rule; duplicates are warned about).
  w.key("settings");
  w.begin_object();
  if (bi) {
    std::unordered_set<std::string_view> seen;
    seen.reserve(bi->settings.size());
    for (const auto& [k, v] : bi->settings)
      if (seen.insert(k).second) w.field(k, v);
  }
  w.end_object();
  w.field("build_id", go.build_id);
  w.key("cgo");
  w.begin_object();
  w.field("linked", go.cgo.linked);
  w.field("packages", go.cgo.packages);
  w.field("evidence", go.cgo.evidence);
  w.end_object();
  w.field("buildinfo_error", go.buildinfo_error);
  w.field("evidence", go.evidence);
  w.end_object();
}

void hardening_json(JsonWriter& w, const HardeningReport& h) {
  w.begin_object();
  w.field("pie", h.pie);
  w.field("relro", h.relro);
  w.field("nx_stack", h.nx_stack);
  w.field("nx", h.nx);
  w.field("aslr", h.aslr);
  w.field("high_entropy_va", h.high_entropy_va);
  w.field("cfg", h.cfg);
  w.field("code_signature", h.code_signature);
  w.field("stripped", h.stripped);
  w.field("dwarf", h.dwarf);
  w.field("gnu_build_id", h.gnu_build_id);
  w.end_object();
}

void details_json(JsonWriter& w, const ArtifactReport& r) {
  w.key("details");
  if (!r.elf && !r.macho && !r.pe && !r.xcoff && !r.plan9 && !r.wasm) return w.null();
  w.begin_object();
  if (r.elf) output::elf_details_json(w.key("elf"), *r.elf);
  if (r.macho) output::macho_details_json(w.key("macho"), *r.macho);
  if (r.pe) output::pe_details_json(w.key("pe"), *r.pe);
  if (r.xcoff) output::xcoff_details_json(w.key("xcoff"), *r.xcoff);
  if (r.plan9) output::plan9_details_json(w.key("plan9"), *r.plan9);
  if (r.wasm) output::wasm_details_json(w.key("wasm"), *r.wasm);
  w.end_object();
}

void write_report(std::string& out, const ArtifactReport& r) {
  JsonWriter w(out);
  w.begin_object();
  w.field("path", r.path);
  w.key("container");
  if (r.container) {
    w.begin_object();
    w.field("path", r.container->path);
    w.field("format", r.container->format);
    w.field("member", r.container->member);
    w.field("offset", r.container->offset);
    w.end_object();
  } else {
    w.null();
  }
  w.field("format", r.format);
  w.key("error");
  if (r.error) {
    w.begin_object();
    w.field("message", r.error->message);
    w.field("offset", r.error->offset);
    w.end_object();
  } else {
    w.null();
  }
  // "class" is ELF's word (schema 1); "bits" says the same for every format.
  w.key("class");
  r.elf && r.bits ? w.value(*r.bits == 64 ? "ELF64" : "ELF32") : w.null();
  w.field("bits", r.bits);
  w.field("endian", r.endian);
  w.field("kind", r.kind);
  w.key("machine");
  r.machine.empty() ? w.null() : w.value(r.machine);
  w.field("goarch", r.goarch);
  w.field("arch_flags", r.arch_flags);
  w.field("goos", r.goos);
  w.field("goos_candidates", r.goos_candidates);
  w.key("goos_unknown_because");
  r.goos || r.goos_unknown_because.empty() ? w.null() : w.value(r.goos_unknown_because);
  w.field("os_evidence", r.os_evidence);
  w.field("linkage", r.linkage);
  w.field("interpreter", r.interpreter);
  w.field("needed", r.needed);
  w.field("rpath", r.rpath);
  w.field("runpath", r.runpath);
  w.field("soname", r.soname);
  w.field("dt_flags", r.dt_flags);
  w.key("libc");
  w.begin_object();
  w.field("flavour", r.libc.flavour.empty() ? std::string_view("unknown") : std::string_view(r.libc.flavour));
  w.field("evidence", r.libc.evidence);
  w.end_object();
  floor_json(w, "min_glibc", r.min_glibc);
  floor_json(w, "min_glibcxx", r.min_glibcxx);
  floor_json(w, "min_cxxabi", r.min_cxxabi);
  w.key("floors");
  w.begin_array();
  for (const auto& f : r.floors) {
    w.begin_object();
    w.field("name", f.name);
    w.field("version", f.version);
    w.key("evidence");
    f.evidence.empty() ? w.null() : w.value(f.evidence);
    w.end_object();
  }
  w.end_array();
  w.key("hardening");
  r.hardening ? hardening_json(w, *r.hardening) : w.null();
  w.key("go");
  r.go ? go_json(w, *r.go) : w.null();
  if (!r.members.empty() || r.format == "macho-fat" || r.format == "archive") w.field("members", r.members);
  details_json(w, r);
  w.field("notes", r.notes);
  w.field("warnings", r.warnings);
  w.key("findings");
  w.begin_array();
  for (const Finding& f : r.findings) {
    w.begin_object();
    w.field("code", f.id());
    w.field("name", finding_info(f.code).name);
    w.field("severity", to_string(f.severity()));
    w.field("message", f.message);
    w.key("member");
    f.location.member.empty() ? w.null() : w.value(f.location.member);
    w.end_object();
  }
  w.end_array();
  // JSON text must be UTF-8, so such strings are written with U+FFFD; "raw_hex" keeps their bytes
  // (JSON Pointer → hex), so "x\xff" and "x\xfe" stay distinguishable. Present only when needed.
  if (!w.non_utf8().empty()) {
    const auto raw = w.non_utf8();  // a copy: writing the pointers (themselves possibly not UTF-8) may add entries
    w.key("raw_hex");
    w.begin_object();
    for (const auto& [pointer, bytes] : raw) w.field(pointer, bytes);
    w.end_object();
  }
  w.end_object();
}

}  // namespace

std::string report_to_json(const ArtifactReport& r) {
  std::string out;
  write_report(out, r);
  return out;
}

std::string inspect_json_prefix() {
  return "{\"schema_version\": " + std::to_string(kInspectSchemaVersion) + ", \"artifacts\": [";
}

std::string inspect_json_suffix() { return "\n]}\n"; }

std::string reports_to_json(const std::vector<ArtifactReport>& reports) {
  std::string out = inspect_json_prefix();
  for (size_t i = 0; i < reports.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    write_report(out, reports[i]);
  }
  return out + inspect_json_suffix();
}

}  // namespace crossgo
