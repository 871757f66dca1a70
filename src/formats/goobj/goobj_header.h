// The first line of a Go object file (the _go_.o member of a Go package archive, an assembled
// .o in it) and of Go's export data (__.PKGDEF). cmd/internal/objabi/util.go HeaderString (Go
// 1.19 … 1.23) writes it as
//   "go object " GOOS " " GOARCH " " buildcfg.Version [" " GO<ARCH>=<level>] " X:" experiments "\n"
// e.g. "go object linux amd64 go1.19.8 X:regabiwrappers,regabiargs" and, from Go 1.21 on,
// "go object linux amd64 go1.23.5 GOAMD64=v1 X:regabiwrappers,regabiargs,coverageredesign".
// A development toolchain's version has spaces ("devel go1.22-5f4ba3c Tue Jan 2 … +0000").
// cmd/internal/archive/archive.go (parseObject) recognises objects by the "go object " prefix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crossgo/byte_source.h"
#include "crossgo/error.h"
#include "crossgo/image.h"

namespace crossgo::goobj {

inline constexpr std::string_view kHeaderPrefix = "go object ";
// The line is short (under 200 bytes for every release); a longer one is not a Go header.
inline constexpr uint64_t kMaxHeaderLine = 1024;

struct GoObjectHeader {
  std::string goos;        // "linux"
  std::string goarch;      // "amd64"
  // The toolchain's version (buildcfg.Version): "go1.19.8", "devel go1.22-… +0000". Not in Image:
  // kept here until Image has a field for a toolchain version that is not from build info.
  std::string go_version;
  std::string arch_level;  // "GOAMD64=v1", "GOARM=7" … when written (Go 1.21+), else ""
  std::string experiments; // the text after "X:" ("regabiwrappers,regabiargs"), "" when none
  bool has_experiments = false;  // the "X:" field is there (every release since Go 1.5)
  uint64_t line_length = 0;      // bytes of the line, '\n' included
};

// Parses the header line at the start of `source`. Errors name the file offset of the field.
Result<GoObjectHeader> read_go_object_header(ByteSource& source);

// GOARCH as the neutral architecture (Go's internal/syslist knownArch; cmd/internal/sys/arch.go
// for width and byte order). nullopt for names that are no Go architecture.
struct GoArch {
  CpuArch arch = CpuArch::unknown;
  int bits = 0;
  Endian endian = Endian::little;
};
std::optional<GoArch> go_arch(std::string_view goarch);

}  // namespace crossgo::goobj
