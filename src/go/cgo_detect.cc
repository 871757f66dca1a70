// Was runtime/cgo linked? CGO_ENABLED=1 in the build settings only means cgo was allowed; a
// program importing no cgo package gets no runtime/cgo. What the binary itself shows, measured on
// Go 1.19 linux/amd64 and linux/arm64 builds of a program importing net and os/user
// (CGO_ENABLED=0 vs 1; internal and external linking; PIE; -trimpath; -ldflags=-s -w):
//   - pclntab function "crosscall2" (runtime/cgo's asm, every GOARCH) and "runtime.cgocallback"
//     (kept alive only by runtime/cgo's linkname) appear exactly when runtime/cgo is linked;
//   - pclntab file "…/runtime/cgo/callbacks.go" likewise (the path is "runtime/cgo/callbacks.go"
//     under -trimpath);
//   - none of them appear in CGO_ENABLED=0 builds, nor in CGO_ENABLED=1 builds without cgo users.
// The pclntab survives -s -w and strip(1), so this works on stripped binaries; without a pclntab
// the symbol tables (runtime/cgo's C symbols x_cgo_init etc.) are the evidence.
#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <string_view>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr std::string_view kCgoFunctions[] = {"crosscall2", "runtime.cgocallback"};
constexpr std::string_view kCgoFile = "runtime/cgo/callbacks.go";
// C symbols that only exist when runtime/cgo is linked in (runtime/cgo/gcc_*.c and asm_*.s).
constexpr std::string_view kCgoSymbols[] = {"x_cgo_init", "crosscall2", "_cgo_topofstack", "x_cgo_thread_start",
                                            "_cgo_sys_thread_start"};

// A string of the table equal to `name`, or (with `suffix`) ending in "/name".
bool has_string(ByteSource& src, uint64_t offset, uint64_t size, std::string_view name, bool suffix) {
  bool found = false;
  for_each_string_containing(src, offset, size, name, [&](std::string_view s, uint64_t) {
    found = s == name || (suffix && s.size() > name.size() && s.ends_with(name) && s[s.size() - name.size() - 1] == '/');
    return found;
  });
  return found;
}

// Package paths in front of "._Cfunc_" / "._C2func_" in the function-name table, in one streamed
// pass over the table (the largest thing read from a Go binary, never held).
std::vector<std::string> cgo_packages(ByteSource& src, const GoPclntab& t) {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  constexpr std::string_view kMarker = "._C";
  for_each_string_containing(src, t.names_offset, t.names_size, kMarker, [&](std::string_view name, uint64_t) {
    for (size_t at = find_bytes(name, kMarker); at != std::string_view::npos; at = find_bytes(name, kMarker, at + 1)) {
      const std::string_view rest = name.substr(at + kMarker.size());
      if (!rest.starts_with("func_") && !rest.starts_with("2func_")) continue;
      const std::string_view pkg = name.substr(0, at);
      if (!pkg.empty() && seen.find(pkg) == seen.end()) {
        seen.emplace(pkg);
        out.emplace_back(pkg);
      }
      break;
    }
    return out.size() >= limits::kMaxCgoPackages;
  });
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

GoCgoEvidence detect_go_cgo(const Image& image, const std::optional<GoPclntab>& pclntab) {
  GoCgoEvidence out;
  ByteSource& src = *image.source;
  if (pclntab) {
    // The file table is small; the function-name table (megabytes in large programs) is only
    // searched for the 1.2 layout, whose file names are spread through the whole table anyway.
    if (has_string(src, pclntab->files_offset, pclntab->files_size, kCgoFile, true)) {
      out.evidence.push_back("pclntab file " + std::string(kCgoFile));
    } else if (pclntab->names_offset == pclntab->files_offset) {
      for (std::string_view fn : kCgoFunctions)
        if (has_string(src, pclntab->names_offset, pclntab->names_size, fn, false))
          out.evidence.push_back("pclntab function " + std::string(fn));
    }
    out.linked = !out.evidence.empty();
    if (*out.linked) out.packages = cgo_packages(src, *pclntab);
    else out.evidence.push_back("no runtime/cgo source files in the pclntab (" + pclntab->where + ")");
    return out;
  }
  // No pclntab: the symbol tables are the only evidence left.
  if (image.visit_symbols) {
    image.visit_symbols([&](const SymbolRef& s) {
      for (std::string_view m : kCgoSymbols) {
        if (s.name != m) continue;
        const std::string ev = "symbol " + std::string(m);
        if (std::find(out.evidence.begin(), out.evidence.end(), ev) == out.evidence.end()) out.evidence.push_back(ev);
      }
      return out.evidence.size() >= std::size(kCgoSymbols);
    });
  }
  if (!out.evidence.empty()) {
    out.linked = true;
  } else {
    // Absence from a symbol table (or no table at all) proves nothing: unknown.
    out.evidence.push_back(image.visit_symbols ? "no pclntab found, and the symbol tables have no runtime/cgo symbols"
                                               : "no pclntab and no symbol table found");
  }
  return out;
}

}  // namespace crossgo
