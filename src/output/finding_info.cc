// `crossgo explain CODE`: a registry entry as text and as JSON (docs/explain.schema.json, its
// findingEntry form). Both say what the docs/findings.md index row says.
#include <nlohmann/json.hpp>
#include <sstream>

#include "crossgo/doctor_output.h"

namespace crossgo::output {
namespace {

std::string help_link(const FindingInfo& f) { return "docs/findings.md#" + std::string(f.anchor()); }

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

std::string finding_info_text(const FindingInfo& f, bool colour) {
  std::ostringstream o;
  const std::string id(f.id());
  o << (colour ? "\033[1m" + id + "\033[0m" : id) << "  " << f.name << "\n  " << f.title << "\n\n";
  o << "  severity     " << to_string(f.severity);
  if (f.downgraded_to) o << "; " << to_string(*f.downgraded_to) << " when " << f.downgraded_when;
  o << "\n  stops build  "
    << (f.stops_build ? "yes: as an error, `go build` fails the same way" : "no") << "\n";
  o << "  applies to   " << joined(applies_to_names(f.applies_to)) << "\n";
  if (f.reserved) o << "  reserved     no check reports it yet\n";
  o << "  docs         " << help_link(f) << "\n";
  return o.str();
}

std::string finding_info_json(const FindingInfo& f) {
  using nlohmann::json;
  json downgraded = nullptr;
  if (f.downgraded_to)
    downgraded = json{{"severity", std::string(to_string(*f.downgraded_to))}, {"when", std::string(f.downgraded_when)}};
  json j{{"schema_version", 1},
         {"finding",
          {{"code", std::string(f.id())},
           {"name", std::string(f.name)},
           {"title", std::string(f.title)},
           {"severity", std::string(to_string(f.severity))},
           {"downgraded", downgraded},
           {"stops_build", f.stops_build},
           {"applies_to", applies_to_names(f.applies_to)},
           {"reserved", f.reserved},
           {"help", help_link(f)}}}};
  return j.dump(2) + "\n";
}

}  // namespace crossgo::output
