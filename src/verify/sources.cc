// Where verify's targets come from besides --target: GoReleaser's dist/artifacts.json (every
// Binary and Universal Binary with its own goos, goarch and variant fields), a --targets file
// mapping path globs to targets, and the environment (TARGETPLATFORM as Docker's buildx sets it,
// or GOOS/GOARCH with the sub-architecture variables).
#include "crossgo/verify_sources.h"

#include <fnmatch.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "crossgo/limits.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;

// artifacts.json fields that carry a variant, by GOARCH (GoReleaser's internal/artifact).
const char* variant_field(const std::string& goarch) {
  if (goarch == "arm") return "goarm";
  if (goarch == "amd64") return "goamd64";
  if (goarch == "arm64") return "goarm64";
  if (goarch == "386") return "go386";
  if (goarch == "mips" || goarch == "mipsle" || goarch == "mips64" || goarch == "mips64le") return "gomips";
  if (goarch == "ppc64" || goarch == "ppc64le") return "goppc64";
  if (goarch == "riscv64") return "goriscv64";
  return nullptr;
}

// The sub-architecture variable cmd/go reads for a GOARCH (src/internal/buildcfg/cfg.go).
const char* variant_variable_for(const std::string& goarch) {
  if (goarch == "arm") return "GOARM";
  if (goarch == "amd64") return "GOAMD64";
  if (goarch == "arm64") return "GOARM64";
  if (goarch == "386") return "GO386";
  if (goarch == "mips" || goarch == "mipsle") return "GOMIPS";
  if (goarch == "mips64" || goarch == "mips64le") return "GOMIPS64";
  if (goarch == "ppc64" || goarch == "ppc64le") return "GOPPC64";
  if (goarch == "riscv64") return "GORISCV64";
  return nullptr;
}

std::string string_field(const nlohmann::json& a, const char* key) {
  const auto it = a.find(key);
  return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::string> read_small_file(const std::string& path, size_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path, std::nullopt};
  std::string text;
  text.resize(cap + 1);
  in.read(text.data(), static_cast<std::streamsize>(cap + 1));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > cap) return Error{path + " is larger than " + std::to_string(cap >> 20) + " MiB", std::nullopt};
  return text;
}

}  // namespace

Result<std::vector<TargetedPath>> goreleaser_targets(const std::string& dist) {
  const std::string file = (fs::path(dist) / "artifacts.json").string();
  auto text = read_small_file(file, limits::kMaxGoModBytes * 16);
  if (!text) return text.error();
  return parse_goreleaser_artifacts(*text, dist);
}

Result<std::vector<TargetedPath>> parse_goreleaser_artifacts(const std::string& text, const std::string& dist) {
  const fs::path dir(dist);
  const std::string file = (dir / "artifacts.json").string();
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return Error{file + ": not a JSON array of artifacts", std::nullopt};
  std::vector<TargetedPath> out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const auto& a = doc[i];
    if (!a.is_object()) continue;
    const std::string type = string_field(a, "type");
    if (type != "Binary" && type != "Universal Binary" && type != "Archive") continue;
    if (type == "Archive" && (string_field(a, "goos").empty() || string_field(a, "goarch").empty())) continue;  // a source archive
    const std::string path = string_field(a, "path"), goos = string_field(a, "goos"), goarch = string_field(a, "goarch");
    const std::string name = string_field(a, "name");
    if (path.empty() || goos.empty() || goarch.empty())
      return Error{file + ": artifact " + std::to_string(i) + " (" + name + ") has no path, goos or goarch", std::nullopt};
    // Paths are relative to where goreleaser ran: the folder that holds dist/.
    fs::path p(path);
    if (p.is_relative()) {
      const fs::path from_parent = dir.parent_path().empty() ? p : dir.parent_path() / p;
      p = fs::exists(from_parent) || !fs::exists(p) ? from_parent : p;
    }
    TargetedPath t;
    t.path = p.lexically_normal().string();
    if (type == "Archive") {
      if (!fs::exists(t.path)) continue;  // listed, but checked only where it is on disk
      t.archive = true;
      if (const auto extra = a.find("extra"); extra != a.end() && extra->is_object()) {
        if (const auto bins = extra->find("Binaries"); bins != extra->end() && bins->is_array())
          for (const auto& b : *bins)
            if (b.is_string()) t.binaries.push_back(b.get<std::string>());
        if (const auto bin = extra->find("Binary"); t.binaries.empty() && bin != extra->end() && bin->is_string())
          t.binaries.push_back(bin->get<std::string>());
      }
    }
    t.source = file + " (" + (string_field(a, "target").empty() ? name : string_field(a, "target")) + ")";
    if (type == "Universal Binary" || goarch == "all") {
      t.universal = true;
      t.target = Target{goos, "all", ""};
    } else {
      std::string variant;
      if (const char* field = variant_field(goarch)) variant = string_field(a, field);
      std::string spelled = goos;
      spelled.append("_").append(goarch);
      if (!variant.empty()) spelled.append("_").append(variant);
      TargetParse parsed = parse_target(spelled);
      if (!parsed.target) return Error{file + ": artifact " + name + ": " + parsed.error, std::nullopt};
      t.target = *parsed.target;
    }
    out.push_back(std::move(t));
  }
  if (out.empty()) return Error{file + ": lists no Binary or Universal Binary artifacts", std::nullopt};
  return out;
}

Result<std::vector<TargetPattern>> read_targets_file(const std::string& path) {
  auto text = read_small_file(path, limits::kMaxGoModBytes);
  if (!text) return text.error();
  return parse_targets(*text, path);
}

Result<std::vector<TargetPattern>> parse_targets(const std::string& text, const std::string& path) {
  std::vector<TargetPattern> out;
  std::istringstream lines(text);
  std::string line;
  for (int n = 1; std::getline(lines, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream fields(line);
    std::string glob, target, extra;
    fields >> glob >> target;
    if (target.empty() || (fields >> extra))
      return Error{path + ":" + std::to_string(n) + ": want \"PATH-GLOB TARGET\", got \"" + line + "\"", std::nullopt};
    TargetParse parsed = parse_target(target);
    if (!parsed.target) {
      std::string why = path + ":" + std::to_string(n) + ": " + parsed.error;
      for (const auto& s : parsed.suggestions) why += fmt::format(" (did you mean {}?)", s);
      return Error{why, std::nullopt};
    }
    out.push_back({glob, *parsed.target, path + ":" + std::to_string(n)});
  }
  return out;
}

const TargetPattern* match_target(const std::vector<TargetPattern>& patterns, const std::string& path) {
  for (const auto& p : patterns)
    if (::fnmatch(p.glob.c_str(), path.c_str(), 0) == 0) return &p;
  return nullptr;
}

Result<std::pair<Target, std::string>> target_from_env(const std::function<std::optional<std::string>(const char*)>& get) {
  auto parse = [](const std::string& text, const std::string& source) -> Result<std::pair<Target, std::string>> {
    TargetParse parsed = parse_target(text);
    if (!parsed.target) {
      std::string why = source + ": " + parsed.error;
      for (const auto& s : parsed.suggestions) why += fmt::format(" (did you mean {}?)", s);
      return Error{why, std::nullopt};
    }
    return std::make_pair(*parsed.target, source);
  };
  // Docker sets TARGETPLATFORM (and TARGETOS/TARGETARCH/TARGETVARIANT) in a build stage that
  // declares them (ARG TARGETPLATFORM), e.g. "linux/arm/v7".
  if (auto p = get("TARGETPLATFORM"); p && !p->empty()) return parse(*p, fmt::format("TARGETPLATFORM={}", *p));
  if (auto os = get("TARGETOS"), arch = get("TARGETARCH"); os && arch && !os->empty() && !arch->empty()) {
    const auto variant = get("TARGETVARIANT");
    const bool has_variant = variant && !variant->empty();
    const std::string text = has_variant ? fmt::format("{}/{}/{}", *os, *arch, *variant) : fmt::format("{}/{}", *os, *arch);
    return parse(text, fmt::format("TARGETOS/TARGETARCH{}={}", has_variant ? "/TARGETVARIANT" : "", text));
  }
  const auto goos = get("GOOS"), goarch = get("GOARCH");
  if (!goos || !goarch || goos->empty() || goarch->empty())
    return Error{"--from-env: neither TARGETPLATFORM (or TARGETOS and TARGETARCH) nor GOOS and GOARCH is set", std::nullopt};
  std::string text = fmt::format("{}/{}", *goos, *goarch), source = fmt::format("GOOS/GOARCH={}", text);
  if (const char* var = variant_variable_for(*goarch)) {
    if (auto v = get(var); v && !v->empty()) {
      text += fmt::format("/{}", v->substr(0, v->find(',')));  // GOARM=7,hardfloat: the level
      source += fmt::format(" {}={}", var, *v);
    }
  }
  return parse(text, source);
}

}  // namespace crossgo
