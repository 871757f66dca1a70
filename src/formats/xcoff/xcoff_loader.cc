// The XCOFF loader section (.loader, STYP_LOADER): its header and the import file ID table, the
// list of shared objects the system loader must find. Layout per IBM's "XCOFF Object File Format",
// "Loader Section" (loader header, import file IDs), as Go reads it in
// src/internal/xcoff/file.go (readImportIDs) and writes it in cmd/link/internal/ld/xcoff.go
// (writeLdrScn: "/usr/lib:/lib" then one entry per imported archive member).
#include <string>
#include <string_view>

#include "crossgo/limits.h"
#include "formats/xcoff/xcoff_internal.h"
#include "formats/xcoff/xcoff_structs.h"

namespace crossgo::xcoff {
namespace {

// Import file IDs walked; each is three strings of up to limits::kMaxStringBytes. Go binaries
// import two or three archive members, large C programs a few dozen.
constexpr uint64_t kMaxImportIds = 4096;

struct LoaderFields {
  uint64_t version = 0, nsyms = 0, nreloc = 0, istlen = 0, nimpid = 0, impoff = 0;
  uint64_t istlen_at = 0, nimpid_at = 0, impoff_at = 0;
};

LoaderFields loader_fields(ByteSource& source, uint64_t at, bool is64) {
  LoaderFields f;
  if (is64) {
    const auto h = source.get<LoaderHeader64>(at, Endian::big, "XCOFF loader header");
    f = {h[h->l_version], h[h->l_nsyms], h[h->l_nreloc], h[h->l_istlen], h[h->l_nimpid],
         h[h->l_impoff], h.at(h->l_istlen), h.at(h->l_nimpid), h.at(h->l_impoff)};
  } else {
    const auto h = source.get<LoaderHeader32>(at, Endian::big, "XCOFF loader header");
    f = {h[h->l_version], h[h->l_nsyms], h[h->l_nreloc], h[h->l_istlen], h[h->l_nimpid],
         h[h->l_impoff], h.at(h->l_istlen), h.at(h->l_nimpid), h.at(h->l_impoff)};
  }
  return f;
}

}  // namespace

void read_loader_section(ByteSource& source, const Section& loader, bool is64, Image& image) {
  XcoffDetails& d = *image.xcoff;
  const uint64_t header_size = is64 ? sizeof(LoaderHeader64) : sizeof(LoaderHeader32);
  if (!loader.has_file_data || loader.size < header_size) {
    warn(image, "XCOFF loader section " + loader.name + " (" + std::to_string(loader.size) +
                    " bytes at " + hex(loader.offset) + ") cannot hold the " +
                    std::to_string(header_size) + "-byte loader header; imports not read");
    return;
  }
  try {
    const LoaderFields f = loader_fields(source, loader.offset, is64);
    d.loader_version = static_cast<uint32_t>(f.version);
    d.loader_symbols = static_cast<uint32_t>(f.nsyms);
    d.loader_relocations = static_cast<uint32_t>(f.nreloc);
    if (f.nimpid == 0) return;
    // Offsets in the loader header are relative to the loader section; the table must lie
    // inside the section (and so inside the file: has_file_data checked the section).
    if (f.impoff > loader.size || f.istlen > loader.size - f.impoff) {
      warn(image, "XCOFF loader import file ID table (l_impoff " + hex(f.impoff) + ", l_istlen " +
                      std::to_string(f.istlen) + ") at " + hex(f.impoff_at) +
                      " extends past the loader section (" + std::to_string(loader.size) +
                      " bytes); imports not read");
      return;
    }
    uint64_t count = f.nimpid;
    if (count > kMaxImportIds) {
      warn(image, "XCOFF loader l_nimpid " + std::to_string(count) + " at " + hex(f.nimpid_at) +
                      " exceeds the cap of " + std::to_string(kMaxImportIds) + "; the first " +
                      std::to_string(kMaxImportIds) + " are read");
      count = kMaxImportIds;
    }
    const ByteReader table = source.reader(loader.offset + f.impoff, f.istlen, Endian::big,
                                           "XCOFF loader import file IDs");
    uint64_t off = 0;
    for (uint64_t i = 0; i < count; ++i) {
      std::string_view parts[3];
      for (auto& part : parts) {
        if (off >= table.size()) {
          warn(image, "XCOFF loader import file ID " + std::to_string(i) + " at " +
                          hex(table.base() + off) + " runs past l_istlen (" +
                          std::to_string(f.istlen) + " bytes at " + hex(f.istlen_at) +
                          "); l_nimpid says " + std::to_string(f.nimpid));
          return;
        }
        part = table.cstr(off, limits::kMaxStringBytes);
        off += part.size() + 1;
      }
      const std::string_view path = parts[0], base = parts[1], member = parts[2];
      // The first ID is not a file: its path is the default library search path (LIBPATH).
      if (i == 0) {
        d.libpath = std::string(path);
        continue;
      }
      // "path/base(member)", appended piece by piece (GCC 12 -O3 warns falsely, -Wrestrict, on
      // the operator+ chain).
      std::string full;
      full.reserve(path.size() + base.size() + member.size() + 3);
      if (!path.empty()) full.append(path).push_back('/');
      full.append(base);
      if (!member.empty()) full.append("(").append(member).push_back(')');
      image.libraries.push_back(LibraryImport{full, LibraryImport::How::needed});
      d.import_files.push_back(std::move(full));
    }
  } catch (const ParseError& e) {
    warn(image, std::string("XCOFF loader section: ") + e.what() + " at " + hex(e.offset()));
  }
}

}  // namespace crossgo::xcoff
