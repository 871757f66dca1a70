// What a WebAssembly module's own structure says about its target. A module has no OS field; its
// imports name the host interface it was built against, and that is the GOOS:
//   "gojs" (Go 1.21+, cmd/internal/wasm GojsModule) or "go" (Go 1.11-1.20, wasm_exec.js's
//   importObject.go) -> js; "wasi_snapshot_preview1" (WASI preview 1) -> wasip1.
// Linkage: a module has no loader and no libraries; its imports are host functions bound at
// instantiation, so linkage is unknown, except a dynamic-linking side module (tool-conventions
// DynamicLinking.md, "dylink.0" custom section), which is dynamic.
#include <algorithm>
#include <string>

#include "analysis/format_analyzer.h"

namespace crossgo::analysis {
namespace {

constexpr const char* kWasiPreview1 = "wasi_snapshot_preview1";

bool is_gojs_module(const std::string& m) { return m == "gojs" || m == "go"; }

bool has_custom(const Image& image, std::string_view name) {
  const auto& names = image.wasm->custom_sections;
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The first import module that satisfies `pred`, or "".
template <class Pred>
std::string first_module(const Image& image, Pred pred) {
  for (const auto& imp : image.wasm->imports)
    if (pred(imp.module)) return imp.module;
  return {};
}

class WasmAnalyzer final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image& image) const override {
    std::vector<OsVote> votes;
    if (!image.wasm) return votes;
    if (const std::string m = first_module(image, is_gojs_module); !m.empty()) {
      votes.push_back({{"js"}, "imports from module \"" + m + "\" (the JavaScript host of Go's wasm_exec.js)"});
    }
    if (!first_module(image, [](const std::string& m) { return m == kWasiPreview1; }).empty()) {
      votes.push_back({{"wasip1"}, std::string("imports from module \"") + kWasiPreview1 + "\" (WASI preview 1)"});
    }
    return votes;
  }

  LinkageFacts linkage(const Image& image) const override {
    LinkageFacts f;
    if (!image.wasm) return f;
    if (has_custom(image, "dylink.0") || has_custom(image, "dylink")) {
      f.linkage = Linkage::dynamic;
      f.evidence = "dylink custom section: a dynamic-linking side module";
    } else {
      f.evidence = "a WebAssembly module has no loader or libraries: its imports are host functions bound at instantiation";
    }
    return f;
  }

  LibcFacts libc(const Image& image, const LinkageFacts&, const OsFacts&, const GoFacts* go) const override {
    LibcFacts f;
    if (!image.wasm) return f;
    const bool wasi = !first_module(image, [](const std::string& m) { return m == kWasiPreview1; }).empty();
    if (go != nullptr) {
      f.flavour = LibcFlavour::none;
      f.evidence.push_back(wasi ? "Go's wasip1 runtime calls WASI directly; WASI is a system interface, not a C library"
                                : "Go's js runtime calls its JavaScript host directly; no C library is linked");
    } else if (image.wasm->import_count == 0) {
      f.flavour = LibcFlavour::none;
      f.evidence.push_back("the module imports nothing: no C library is provided by its host");
    } else {
      // wasi-libc and emscripten's libc are compiled into the module: its imports do not show them.
      f.evidence.push_back("a C library would be compiled into the module, which its imports do not show");
    }
    return f;
  }

  HardeningFacts hardening(const Image& image, const LinkageFacts&) const override {
    HardeningFacts h;
    // The name section is wasm's symbol table (function names for stack traces and debuggers).
    h.stripped = !image.has_symtab;
    h.dwarf = image.has_debug_info;
    return h;
  }

  std::vector<Finding> checks(const Image& image, const TargetFacts&, const OsFacts&,
                              const GoFacts*) const override {
    std::vector<Finding> out;
    if (!image.wasm) return out;
    const std::string js = first_module(image, is_gojs_module);
    if (!js.empty() && !first_module(image, [](const std::string& m) { return m == kWasiPreview1; }).empty()) {
      out.push_back(Finding{
          .code = Code::CG850,
          .message = "the module imports from both \"" + js + "\" (GOOS=js) and \"" + kWasiPreview1 +
                     "\" (GOOS=wasip1): no single host provides both, so it cannot be instantiated as built",
      });
    }
    return out;
  }
};

}  // namespace

const FormatAnalyzer& wasm_analyzer() {
  static const WasmAnalyzer a;
  return a;
}

}  // namespace crossgo::analysis
