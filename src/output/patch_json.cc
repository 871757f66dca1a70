// crossgo patch --json (docs/patch.schema.json).
#include <nlohmann/json.hpp>

#include "crossgo/finding_registry.h"
#include "crossgo/patch_output.h"

namespace crossgo::output {
namespace {

using json = nlohmann::ordered_json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json values_json(const patch::Values& v) {
  return json{{"interpreter", opt(v.interpreter)}, {"rpath", opt(v.rpath)}, {"runpath", opt(v.runpath)}, {"needed", v.needed}};
}

json finding_json(const Finding& f) {
  const FindingInfo& info = finding_info(f.code);
  return json{{"code", std::string(f.id())},
              {"name", std::string(info.name)},
              {"severity", std::string(to_string(f.severity()))},
              {"message", f.message},
              {"fix", f.fix.empty() ? json(nullptr) : json(f.fix)}};
}

std::string flags_name(uint32_t f) {
  std::string s;
  s += (f & 4) ? "R" : "";
  s += (f & 2) ? "W" : "";
  s += (f & 1) ? "X" : "";
  return s;
}

}  // namespace

std::string patch_json(const patch::FileResult& r, bool dry_run) {
  const auto& o = r.outcome;
  std::string status = "error";
  if (o.refusal || r.reverify_failure) status = "refused";
  else if (o.plan && !o.plan->changes) status = "unchanged";
  else if (o.plan && dry_run) status = "planned";
  else if (r.written) status = "patched";
  json plan = nullptr;
  if (o.plan) {
    const patch::Plan& p = *o.plan;
    json writes = json::array();
    for (const auto& w : p.writes) writes.push_back(json{{"offset", w.offset}, {"size", w.bytes.size()}, {"what", w.what}});
    json seg = nullptr;
    if (p.new_segment) {
      const auto& s = *p.new_segment;
      seg = json{{"offset", s.offset}, {"vaddr", s.vaddr}, {"size", s.size}, {"align", s.align},
                 {"flags", flags_name(s.flags)}, {"contents", s.contents}};
    }
    plan = json{{"elf", json{{"bits", p.bits}, {"endian", p.big_endian ? "big" : "little"}, {"machine", p.machine}}},
                {"changes", p.changes},
                {"in_place", p.in_place},
                {"before", values_json(p.before)},
                {"after", values_json(p.after)},
                {"steps", p.steps},
                {"new_segment", seg},
                {"writes", writes},
                {"old_size", p.old_size},
                {"new_size", p.new_size}};
  }
  std::optional<std::string> error;
  if (o.unreadable) error = o.unreadable->to_string();
  else if (r.io_error) error = r.io_error;
  const json doc{{"schema_version", kPatchSchemaVersion},
                 {"file", r.file},
                 {"output", r.output},
                 {"dry_run", dry_run},
                 {"status", status},
                 {"written", r.written},
                 {"bytes_written", r.bytes_written},
                 {"plan", plan},
                 {"refusal", o.refusal ? finding_json(*o.refusal) : r.reverify_failure ? finding_json(*r.reverify_failure) : json(nullptr)},
                 {"error", opt(error)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace crossgo::output
