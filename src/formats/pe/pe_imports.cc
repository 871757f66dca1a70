// The DLLs an image imports: the Import Directory Table (".idata Section") and the Delay-Load
// Directory Table ("Delay-Load Import Tables"), both lists of descriptors ending at an all-zero
// entry. Like llvm-readobj and Go's debug/pe, the directory's Size is not trusted to bound the
// list; the terminator, the section the list lives in and a cap do.
#include <algorithm>
#include <string>

#include "formats/pe/pe_internal.h"

namespace crossgo::pe {
namespace {

// Descriptors walked per directory. A real program imports a few dozen DLLs (Go's runtime: one,
// kernel32.dll; large C++ programs: under 200); the cap only bounds hostile lists.
constexpr uint64_t kMaxImportDescriptors = 4096;

template <class D>
bool all_zero(const D& d) {
  const auto* p = reinterpret_cast<const uint8_t*>(&d);
  return std::all_of(p, p + sizeof(D), [](uint8_t b) { return b == 0; });
}

// Walks the descriptor list at `rva`; `visit(view)` handles one non-terminating descriptor.
template <class D, class F>
void walk(Context& ctx, const Context::Directory& dir, const char* what, F&& visit) {
  for (uint64_t i = 0;; ++i) {
    if (i == kMaxImportDescriptors) {
      ctx.warn(std::string(what) + ": more than " + std::to_string(kMaxImportDescriptors) +
               " descriptors without a terminating all-zero entry; the rest are ignored");
      return;
    }
    const uint64_t rva = dir.rva + i * sizeof(D);
    const auto off = ctx.rva_to_offset(rva, sizeof(D));
    if (!off) {
      throw ParseError(dir.at, std::string(what) + " descriptor " + std::to_string(i) + " at RVA " + hex(rva) +
                           " is not inside any section's file data");
    }
    const auto d = ctx.source.get<D>(*off, Endian::little, what);
    if (all_zero(d.raw())) return;
    visit(d);
  }
}

}  // namespace

void read_imports(Context& ctx) {
  const Context::Directory dir = ctx.directory(kDirImport);
  if (dir.rva == 0) return;
  walk<ImportDescriptor>(ctx, dir, "import directory", [&](const StructView<ImportDescriptor>& d) {
    ctx.image.libraries.push_back(
        {ctx.name_at_rva(d[d->NameRVA], d.at(d->NameRVA), "import DLL name"), LibraryImport::How::needed});
  });
}

void read_delay_imports(Context& ctx) {
  const Context::Directory dir = ctx.directory(kDirDelayImport);
  if (dir.rva == 0) return;
  walk<DelayImportDescriptor>(ctx, dir, "delay-load directory", [&](const StructView<DelayImportDescriptor>& d) {
    uint64_t name = d[d->NameRVA];
    // Visual C++ 6 wrote virtual addresses here and left Attributes 0 ("Delay-Load Directory
    // Table": Attributes "must be zero", but later tools set bit 0 for RVA-based tables).
    if ((d[d->Attributes] & kDelayRvaBased) == 0 && name >= ctx.image.image_base) name -= ctx.image.image_base;
    std::string dll = ctx.name_at_rva(name, d.at(d->NameRVA), "delay-load DLL name");
    ctx.details.delay_imports.push_back(dll);
    ctx.image.libraries.push_back({std::move(dll), LibraryImport::How::delay});
  });
}

}  // namespace crossgo::pe
