// GOFLAGS as cmd/go reads it (base.InitGOFLAGS): space-separated words, quote-aware; every word
// must be a flag (-x, --x, -x=value) that some go subcommand defines, else every build fails with
// "go: parsing $GOFLAGS: …". Flags that do not apply to the current subcommand are ignored.
#include <algorithm>
#include <array>

#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

struct KnownFlag {
  std::string_view name;
  int since;  // Go minor version that introduced it (0 = before 1.18)
};

// Union of the flags of go build/install/run/test/vet/list/get/mod/clean (go help build, testflag).
constexpr std::array<KnownFlag, 100> kFlags{{
    {"a", 0},          {"n", 0},          {"p", 0},         {"race", 0},      {"msan", 0},
    {"asan", 18},      {"cover", 0},      {"covermode", 0}, {"coverpkg", 0},  {"coverprofile", 0},
    {"v", 0},          {"work", 0},       {"x", 0},         {"asmflags", 0},  {"buildmode", 0},
    {"buildvcs", 18},  {"compiler", 0},   {"gccgoflags", 0}, {"gcflags", 0},  {"installsuffix", 0},
    {"ldflags", 0},    {"linkshared", 0}, {"mod", 0},       {"modcacherw", 0}, {"modfile", 0},
    {"overlay", 0},    {"pgo", 20},       {"pkgdir", 0},    {"tags", 0},      {"trimpath", 0},
    {"toolexec", 0},   {"o", 0},          {"i", 0},         {"json", 0},      {"e", 0},
    {"f", 0},          {"m", 0},          {"deps", 0},      {"test", 0},      {"export", 0},
    {"find", 0},       {"compiled", 0},   {"retracted", 0}, {"reuse", 21},    {"u", 0},
    {"t", 0},          {"d", 0},          {"insecure", 0},  {"count", 0},     {"run", 0},
    {"skip", 20},      {"short", 0},      {"timeout", 0},   {"failfast", 0},  {"bench", 0},
    {"benchmem", 0},   {"benchtime", 0},  {"cpu", 0},       {"parallel", 0},  {"shuffle", 0},
    {"fuzz", 18},      {"fuzztime", 18},  {"fuzzminimizetime", 18}, {"vet", 0}, {"exec", 0},
    {"c", 0},          {"cpuprofile", 0}, {"memprofile", 0}, {"blockprofile", 0}, {"mutexprofile", 0},
    {"trace", 0},      {"outputdir", 0},  {"fullpath", 21}, {"r", 0},         {"cache", 0},
    // go env / doc / mod edit / clean / vet / generate flags: valid in GOFLAGS, ignored by build.
    {"w", 0},          {"changed", 23},   {"all", 0},       {"cmd", 0},       {"src", 0},
    {"go", 0},         {"print", 0},      {"fmt", 0},       {"require", 0},   {"droprequire", 0},
    {"replace", 0},    {"dropreplace", 0}, {"exclude", 0},  {"dropexclude", 0}, {"retract", 0},
    {"dropretract", 0}, {"module", 0},    {"compat", 0},    {"vettool", 0},   {"testcache", 0},
    {"modcache", 0},   {"fuzzcache", 18}, {"fix", 0},       {"toolchain", 21}, {"l", 0},
}};

// Flags `go build` itself reads (go help build); others in GOFLAGS are ignored by builds.
constexpr std::array<std::string_view, 32> kBuildFlags{
    "a", "n", "p", "race", "msan", "asan", "cover", "covermode", "coverpkg", "v", "work", "x",
    "asmflags", "buildmode", "buildvcs", "compiler", "gccgoflags", "gcflags", "installsuffix",
    "ldflags", "linkshared", "mod", "modcacherw", "modfile", "overlay", "pgo", "pkgdir", "tags",
    "trimpath", "toolexec", "o", "i"};

}  // namespace

bool is_go_command_flag(const std::string& name, const ports::GoVersion& v) {
  return std::any_of(kFlags.begin(), kFlags.end(),
                     [&](const KnownFlag& f) { return f.name == name && v.minor >= f.since; });
}

bool is_build_flag(const std::string& name) {
  return std::find(kBuildFlags.begin(), kBuildFlags.end(), name) != kBuildFlags.end();
}

std::vector<GoFlag> parse_goflags(const std::string& goflags, std::string* error) {
  std::vector<GoFlag> out;
  for (const auto& word : split_quoted(goflags, error)) {
    GoFlag f;
    f.word = word;
    std::string body = word;
    if (starts_with(body, "--")) body = body.substr(2);
    else if (starts_with(body, "-")) body = body.substr(1);
    else {
      f.name = "";  // not a flag at all
      out.push_back(f);
      continue;
    }
    auto eq = body.find('=');
    f.name = body.substr(0, eq);
    if (eq != std::string::npos) {
      f.has_value = true;
      f.value = body.substr(eq + 1);
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace crossgo::env
