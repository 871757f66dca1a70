// Was runtime/cgo linked? CGO_ENABLED=1 in the build settings only means cgo was allowed; a
// program importing no cgo package gets no runtime/cgo. What the binary itself shows, measured on
// Go 1.19 linux/amd64 and linux/arm64 builds of a program importing net and os/user
// (CGO_ENABLED=0 vs 1; internal and external linking; PIE; -trimpath; -ldflags=-s -w):
//   - pclntab function "crosscall2" (runtime/cgo's asm, every GOARCH) and "runtime.cgocallback"
//     (kept alive only by runtime/cgo's linkname) appear exactly when runtime/cgo is linked;
//   - pclntab file "…/runtime/cgo/callbacks.go" likewise (the path is "runtime/cgo/callbacks.go"
//     under -trimpath);
//   - none of them appear in CGO_ENABLED=0 builds, nor in CGO_ENABLED=1 builds without cgo users.
// The pclntab survives -s -w and strip(1), so this works on stripped binaries; the symbol table
// (Image::cgo_symbols, x_cgo_init etc.) adds evidence when it is present.
#include <algorithm>
#include <cstring>
#include <unordered_set>
#include <string>
#include <string_view>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr std::string_view kCgoFunctions[] = {"crosscall2", "runtime.cgocallback"};
constexpr std::string_view kCgoFile = "runtime/cgo/callbacks.go";

bool boundary(char c) { return c == '\0'; }

// `name` as a whole NUL-terminated string of the table.
bool has_string(std::string_view table, std::string_view name) {
  for (size_t at = find_bytes(table, name); at != std::string_view::npos; at = find_bytes(table, name, at + 1)) {
    const bool starts = at == 0 || boundary(table[at - 1]);
    const size_t end = at + name.size();
    if (starts && end < table.size() && table[end] == '\0') return true;
  }
  return false;
}

// A file path ending in "/runtime/cgo/callbacks.go" (or exactly it, under -trimpath).
bool has_file(std::string_view table, std::string_view suffix) {
  for (size_t at = find_bytes(table, suffix); at != std::string_view::npos; at = find_bytes(table, suffix, at + 1)) {
    const bool starts = at == 0 || boundary(table[at - 1]) || table[at - 1] == '/';
    const size_t end = at + suffix.size();
    if (starts && end < table.size() && table[end] == '\0') return true;
  }
  return false;
}

// Package paths in front of "._Cfunc_" / "._C2func_" in the function-name table, found in one
// pass over the table (it is the largest thing read from a Go binary).
// Linear in the table: the start of each name is the last NUL before the hit, found by scanning
// only the bytes since the previous hit (a table without NULs made a backwards search per hit
// quadratic), and packages already seen are looked up in a set.
std::vector<std::string> cgo_packages(std::string_view names) {
  std::vector<std::string> out;
  std::unordered_set<std::string_view> seen;
  constexpr std::string_view kMarker = "._C";
  size_t scanned = 0, name_start = 0;
  for (size_t at = find_bytes(names, kMarker); at != std::string_view::npos && out.size() < limits::kMaxCgoPackages;
       at = find_bytes(names, kMarker, at + 1)) {
    if (at > scanned) {
      const void* nul = memrchr(names.data() + scanned, '\0', at - scanned);
      if (nul != nullptr) name_start = static_cast<size_t>(static_cast<const char*>(nul) - names.data()) + 1;
      scanned = at;
    }
    const std::string_view rest = names.substr(at + kMarker.size());
    if (!rest.starts_with("func_") && !rest.starts_with("2func_")) continue;
    const std::string_view pkg = names.substr(name_start, at - name_start);
    if (pkg.empty() || pkg.size() > limits::kMaxStringBytes) continue;
    if (seen.insert(pkg).second) out.emplace_back(pkg);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

GoCgoEvidence detect_go_cgo(const Image& image) { return detect_go_cgo(image, find_go_pclntab(image)); }

GoCgoEvidence detect_go_cgo(const Image& image, const std::optional<GoPclntab>& pclntab) {
  GoCgoEvidence out;
  for (const auto& sym : image.cgo_symbols) out.evidence.push_back("symbol " + sym);

  if (pclntab) {
    const GoPclntabTables t = go_pclntab_tables(image, *pclntab);
    // The file table is small; the function-name table (megabytes in large programs) is only
    // searched when the file table had no answer, which in practice means "not linked".
    if (has_file(t.files, kCgoFile)) {
      out.evidence.push_back("pclntab file " + std::string(kCgoFile));
    } else if (t.names.data() == t.files.data()) {
      for (std::string_view fn : kCgoFunctions)
        if (has_string(t.names, fn)) out.evidence.push_back("pclntab function " + std::string(fn));
    }
  }

  if (!out.evidence.empty()) {
    out.linked = true;
    if (pclntab) out.packages = cgo_packages(go_pclntab_tables(image, *pclntab).names);
  } else if (pclntab) {
    out.linked = false;
    out.evidence.push_back("no runtime/cgo source files in the pclntab (" + pclntab->where + ")");
  } else {
    // Without a pclntab the only source read is .dynsym, where runtime/cgo's C symbols appear
    // only when exported; .symtab is not read. Their absence proves nothing: unknown.
    out.evidence.push_back(std::string("no pclntab found, and .dynsym has no runtime/cgo symbols") +
                           (image.has_symtab ? " (.symtab not read)" : ""));
  }
  return out;
}

bool go_links_runtime_cgo(const Image& image) { return detect_go_cgo(image).linked.value_or(false); }

}  // namespace crossgo
