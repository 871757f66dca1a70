// Parsing of the Go object header line (goobj_header.h) and GOARCH → architecture.
#include "formats/goobj/goobj_header.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

namespace crossgo::goobj {
namespace {

struct Token {
  std::string_view text;
  uint64_t offset = 0;  // file offset
};

std::string byte_hex(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", b);
  return buf;
}

// GOOS and GOARCH values are lower-case letters and digits (internal/syslist).
void require_name(const Token& t, const char* what) {
  if (t.text.empty()) throw ParseError(t.offset, std::string("Go object header: ") + what + " is empty");
  for (char c : t.text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      throw ParseError(t.offset, std::string("Go object header: ") + what + " \"" + std::string(t.text) +
                                     "\" is not a Go " + what + " name");
    }
  }
}

// "GOAMD64=v1", "GOARM=7", "GO386=sse2" …: buildcfg.GOGOARCH's name=value, written since Go 1.21.
bool is_arch_level(std::string_view t) {
  const size_t eq = t.find('=');
  if (!t.starts_with("GO") || eq == std::string_view::npos || eq < 3) return false;
  return std::all_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(eq),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

}  // namespace

Result<GoObjectHeader> read_go_object_header(ByteSource& source) {
  try {
    const auto head = source.read_up_to(0, kMaxHeaderLine, "Go object header");
    const std::string_view text(reinterpret_cast<const char*>(head.data()), head.size());
    if (!text.starts_with(kHeaderPrefix)) {
      return Error{"not a Go object: the file does not start with \"go object \"", 0};
    }
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) {
      throw ParseError(head.size(), "Go object header: no end of line within the first " +
                                        std::to_string(std::min<uint64_t>(kMaxHeaderLine, head.size())) +
                                        " bytes");
    }
    for (size_t i = 0; i < nl; ++i) {
      const auto c = static_cast<uint8_t>(text[i]);
      if (c < 0x20 || c > 0x7e) {
        throw ParseError(i, "Go object header: byte " + byte_hex(c) + " is not printable text");
      }
    }
    std::vector<Token> tokens;
    for (size_t pos = kHeaderPrefix.size();;) {
      const size_t sp = text.find(' ', pos);
      const size_t end = sp == std::string_view::npos || sp > nl ? nl : sp;
      tokens.push_back(Token{text.substr(pos, end - pos), pos});
      if (end == nl) break;
      pos = end + 1;
    }
    GoObjectHeader h;
    h.line_length = nl + 1;
    if (tokens.size() < 2) throw ParseError(nl, "Go object header: no GOARCH after the GOOS");
    require_name(tokens[0], "GOOS");
    require_name(tokens[1], "GOARCH");
    h.goos = std::string(tokens[0].text);
    h.goarch = std::string(tokens[1].text);
    size_t i = 2;
    for (; i < tokens.size(); ++i) {
      const std::string_view t = tokens[i].text;
      if (t.starts_with("X:") || is_arch_level(t)) break;
      if (!h.go_version.empty()) h.go_version += ' ';
      h.go_version += t;
    }
    if (h.go_version.empty()) {
      throw ParseError(i < tokens.size() ? tokens[i].offset : nl, "Go object header: no Go version after the GOARCH");
    }
    if (i < tokens.size() && is_arch_level(tokens[i].text)) h.arch_level = std::string(tokens[i++].text);
    if (i < tokens.size() && tokens[i].text.starts_with("X:")) {
      h.has_experiments = true;
      h.experiments = std::string(tokens[i].text.substr(2));
    }
    return h;
  } catch (const ParseError& e) {
    return e.error();
  }
}

std::optional<GoArch> go_arch(std::string_view goarch) {
  struct Entry {
    std::string_view name;
    GoArch arch;
  };
  constexpr Endian le = Endian::little, be = Endian::big;
  // cmd/internal/sys/arch.go (PtrSize, ByteOrder) for the ports; internal/syslist for the names
  // Go reserves without a port (armbe, arm64be, ppc, riscv, s390, sparc …).
  static constexpr std::array<Entry, 24> kArches = {{
      {"386", {CpuArch::x86, 32, le}},          {"amd64", {CpuArch::x86_64, 64, le}},
      {"amd64p32", {CpuArch::x86_64, 32, le}},  {"arm", {CpuArch::arm, 32, le}},
      {"armbe", {CpuArch::arm, 32, be}},        {"arm64", {CpuArch::arm64, 64, le}},
      {"arm64be", {CpuArch::arm64, 64, be}},    {"loong64", {CpuArch::loong64, 64, le}},
      {"mips", {CpuArch::mips, 32, be}},        {"mipsle", {CpuArch::mips, 32, le}},
      {"mips64", {CpuArch::mips64, 64, be}},    {"mips64le", {CpuArch::mips64, 64, le}},
      {"mips64p32", {CpuArch::mips64, 32, be}}, {"mips64p32le", {CpuArch::mips64, 32, le}},
      {"ppc", {CpuArch::ppc, 32, be}},          {"ppc64", {CpuArch::ppc64, 64, be}},
      {"ppc64le", {CpuArch::ppc64, 64, le}},    {"riscv", {CpuArch::riscv32, 32, le}},
      {"riscv64", {CpuArch::riscv64, 64, le}},  {"s390", {CpuArch::s390, 32, be}},
      {"s390x", {CpuArch::s390x, 64, be}},      {"sparc", {CpuArch::sparc, 32, be}},
      {"sparc64", {CpuArch::sparc64, 64, be}},
      // GOARCH=wasm is the wasm32 machine (memory addresses are 32-bit); Go's PtrSize there is 8.
      {"wasm", {CpuArch::wasm32, 32, le}},
  }};
  for (const Entry& e : kArches)
    if (e.name == goarch) return e.arch;
  return std::nullopt;
}

}  // namespace crossgo::goobj
