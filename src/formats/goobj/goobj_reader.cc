// Go object files (cmd/internal/goobj/objfile.go; the header line: goobj_header.h). What a
// relocatable Go object says about its target is all in its first line: GOOS, GOARCH and the
// toolchain's version. The binary object after "\n!\n" (magic "\x00go1…ld") is the linker's and
// not read: its symbol and relocation tables describe nothing crossgo reports.
#include "crossgo/format_registry.h"
#include "formats/goobj/goobj_header.h"

namespace crossgo {
namespace {

bool matches(std::span<const uint8_t> head) {
  const std::string_view prefix = goobj::kHeaderPrefix;
  return head.size() >= prefix.size() &&
         std::string_view(reinterpret_cast<const char*>(head.data()), prefix.size()) == prefix;
}

Result<Image> read(ByteSource& source) {
  auto header = goobj::read_go_object_header(source);
  if (!header) return header.error();
  Image image;
  image.format = Format::goobj;
  image.source = &source;
  image.kind = ObjectKind::relocatable;
  image.machine = "go object " + header->goos + "/" + header->goarch;
  image.toolchain_version = header->go_version;
  if (const auto arch = goobj::go_arch(header->goarch)) {
    image.arch = arch->arch;
    image.bits = arch->bits;
    image.endian = arch->endian;
  } else {
    // Checked as a name by the header parser; a name Go has never used is left unknown.
    image.warnings.push_back("Go object header: GOARCH \"" + header->goarch + "\" is not a known Go architecture");
  }
  return image;
}

}  // namespace

const FormatReader kGoObjectReader = {Format::goobj, matches, read};

}  // namespace crossgo
