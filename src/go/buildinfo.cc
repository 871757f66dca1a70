// Go build info: the blob the Go linker writes (cmd/link (*Link).buildinfo) and debug/buildinfo
// reads. We follow debug/buildinfo's search rules so crossgo and `go version -m` look in the same
// place, but we are stricter about damage: where Go silently answers "not a Go executable" for a
// blob that is there but broken, we say what is broken and at which file offset.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <tuple>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"
#include "crossgo/hex.h"

namespace crossgo {
namespace {

constexpr std::string_view kMagic = "\xff Go buildinf:";
constexpr uint64_t kAlign = 16;       // the blob is a 16-byte aligned symbol
constexpr uint64_t kHeaderSize = 32;  // magic, pointer size, flags, two pointer slots
constexpr uint8_t kFlagBigEndian = 0x1;
constexpr uint8_t kFlagInlineStrings = 0x2;  // Go >= 1.18: strings follow the header

// cmd/go/internal/modload infoStart/infoEnd: the modinfo text is framed by these 16 bytes each.
constexpr size_t kSentinelSize = 16;

std::string_view as_chars(std::span<const uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// One uvarint-length-prefixed string of the inline (Go >= 1.18) layout.
std::string_view read_inline_string(const ByteReader& r, uint64_t& off, const char* what,
                                    uint64_t cap) {
  const uint64_t at = off;
  uint64_t len = 0;
  try {
    len = read_uleb128(r, off);
  } catch (const ParseError& e) {
    const bool overflow = std::string_view(e.what()).find("overflow") != std::string_view::npos;
    throw ParseError(r.base() + at, std::string("length of ") + what + ": " +
                                        (overflow ? "varint overflows 64 bits" : "truncated varint"));
  }
  if (len > cap) {
    throw ParseError(r.base() + at, std::string(what) + " length " + std::to_string(len) +
                                        " exceeds the limit of " + std::to_string(cap) + " bytes");
  }
  if (!r.contains(off, len)) {
    throw ParseError(r.base() + at, std::string(what) + " length " + std::to_string(len) +
                                        " runs past the end of the build info region (" +
                                        std::to_string(r.size() - off) + " bytes left)");
  }
  const std::string_view s = r.str(off, len);
  off += len;
  return s;
}

// A Go string header {data, len} at addr, resolved through the image's load map (pre-1.18 layout).
// Returns the text and its file offset.
std::pair<std::string_view, uint64_t> read_pointer_string(const Image& image, uint64_t addr,
                                                          int ptr_size, Endian endian,
                                                          uint64_t field_offset, const char* what,
                                                          uint64_t cap) {
  const uint64_t n = static_cast<uint64_t>(ptr_size);
  const auto hdr_at = image.file_offset_of(addr, 2 * n);
  if (!hdr_at) {
    throw ParseError(field_offset, std::string(what) + " pointer " + hex(addr) +
                                       " does not point into file-backed data of the image");
  }
  const ByteReader h = image.source->reader(*hdr_at, 2 * n, endian, what);
  const uint64_t data = h.word(0, n == 8);
  const uint64_t len = h.word(n, n == 8);
  const uint64_t hdr_offset = *hdr_at;
  if (len > cap) {
    throw ParseError(hdr_offset, std::string(what) + " length " + std::to_string(len) +
                                     " exceeds the limit of " + std::to_string(cap) + " bytes");
  }
  if (len == 0) return {std::string_view(), hdr_offset};
  const auto data_at = image.file_offset_of(data, len);
  if (!data_at) {
    throw ParseError(hdr_offset, std::string(what) + " data " + hex(data) + " (+" +
                                     std::to_string(len) +
                                     " bytes) is not backed by file data of the image");
  }
  return {as_chars(image.source->read(*data_at, len, what)), *data_at};
}

GoBuildInfo decode_blob(const ByteReader& r, uint64_t at, const Image* image) {
  GoBuildInfo info;
  info.offset = r.base() + at;
  const uint8_t ptr_size = r.u8(at + kMagic.size());
  const uint8_t flags = r.u8(at + kMagic.size() + 1);
  if (ptr_size != 4 && ptr_size != 8) {
    throw ParseError(r.base() + at + kMagic.size(),
                     "build info pointer size is " + std::to_string(ptr_size) + ", not 4 or 8");
  }
  info.pointer_size = ptr_size;
  info.endian = (flags & kFlagBigEndian) != 0 ? Endian::big : Endian::little;
  info.inline_strings = (flags & kFlagInlineStrings) != 0;

  std::string_view version;
  std::string_view mod;
  uint64_t mod_offset = 0;
  if (info.inline_strings) {
    uint64_t off = at + kHeaderSize;
    version = read_inline_string(r, off, "Go version", limits::kMaxStringBytes);
    mod = read_inline_string(r, off, "module info", limits::kMaxBuildInfoBytes);
    mod_offset = r.base() + (off - mod.size());
  } else {
    if (image == nullptr) {
      throw ParseError(r.base() + at + 16,
                       "pre-Go 1.18 build info holds pointers, but no image was given to resolve them");
    }
    const ByteReader p(r.data(), info.endian, r.base());
    const uint64_t vers_ptr = p.word(at + 16, ptr_size == 8);
    const uint64_t mod_ptr = p.word(at + 16 + ptr_size, ptr_size == 8);
    version = read_pointer_string(*image, vers_ptr, ptr_size, info.endian, r.base() + at + 16,
                                  "runtime.buildVersion", limits::kMaxStringBytes)
                  .first;
    std::tie(mod, mod_offset) =
        read_pointer_string(*image, mod_ptr, ptr_size, info.endian, r.base() + at + 16 + ptr_size,
                            "runtime.modinfo", limits::kMaxBuildInfoBytes);
  }
  if (version.empty()) {
    throw ParseError(r.base() + at, "build info has an empty Go version");
  }
  info.go_version = std::string(version);

  // debug/buildinfo: only text framed by the two sentinels counts as module info; anything else
  // (GOPATH-mode builds have none) means "no module info", not an error.
  if (mod.size() >= 2 * kSentinelSize + 1 && mod[mod.size() - kSentinelSize - 1] == '\n') {
    const std::string_view text = mod.substr(kSentinelSize, mod.size() - 2 * kSentinelSize);
    auto parsed = parse_modinfo(text, info, mod_offset + kSentinelSize);
    if (!parsed) throw ParseError(parsed.error().offset.value_or(info.offset), parsed.error().message);
  }
  return info;
}

}  // namespace

Result<GoBuildInfo> decode_buildinfo_region(std::span<const uint8_t> region, uint64_t region_offset,
                                            const Image* image) {
  try {
    if (region.size() > limits::kMaxBuildInfoScan) region = region.first(limits::kMaxBuildInfoScan);
    const ByteReader r(region, Endian::little, region_offset);
    // Like debug/buildinfo, skip copies of the magic that are not 16-byte aligned (a string
    // constant holding it, say) and decode the first aligned one.
    const std::string_view hay = as_chars(region);
    const size_t first = hay.find(kMagic);
    if (first == std::string_view::npos) return Error{"no Go build info magic found", region_offset};
    for (size_t at = first; at != std::string_view::npos; at = hay.find(kMagic, at + 1)) {
      if (at % kAlign != 0) continue;
      if (!r.contains(at, kHeaderSize)) {
        return Error{"Go build info magic is followed by only " + std::to_string(region.size() - at) +
                         " bytes, the header needs " + std::to_string(kHeaderSize),
                     region_offset + at};
      }
      return decode_blob(r, at, image);
    }
    return Error{"Go build info magic is not 16-byte aligned (offset " + std::to_string(first) +
                     " into the search region)",
                 region_offset + first};
  } catch (const ParseError& e) {
    return e.error();
  }
}

BuildInfoResult read_go_buildinfo(const Image& image, const GoLayout& layout) {
  BuildInfoResult result;
  // debug/buildinfo searches one place: the first the format's DataStart names.
  if (layout.buildinfo.empty()) return result;
  const FileRegion& region = layout.buildinfo.front();
  if (region.size == 0) return result;
  ByteSource& src = *image.source;
  if (!src.contains(region.offset, region.size)) {
    // The section the Go linker made for the blob is there but cut off: a truncated file.
    result.not_go = false;
    result.error = Error{region.where + " (" + std::to_string(region.size) + " bytes) lies outside the file",
                         region.offset};
    return result;
  }
  // The first 16-byte aligned magic (relative to the region, as debug/buildinfo aligns it),
  // streamed: the region can be a whole data segment.
  const uint64_t searched = std::min(region.size, limits::kMaxBuildInfoScan);
  std::optional<uint64_t> magic_at, unaligned_at;
  src.scan(region.offset, searched, kMagic.size() - 1, [&](std::span<const uint8_t> bytes, uint64_t at) {
    const std::string_view hay = as_chars(bytes);
    for (size_t i = hay.find(kMagic); i != std::string_view::npos; i = hay.find(kMagic, i + 1)) {
      if ((at + i - region.offset) % kAlign == 0) {
        magic_at = at + i;
        return true;
      }
      if (!unaligned_at) unaligned_at = at + i;
    }
    return false;
  });
  if (!magic_at && !unaligned_at) return result;
  result.not_go = false;
  if (!magic_at) {
    result.error = Error{"Go build info magic is not 16-byte aligned (offset " +
                             std::to_string(*unaligned_at - region.offset) + " into " + region.where + ")",
                         *unaligned_at};
    return result;
  }
  const uint64_t rest = region.offset + searched - *magic_at;
  const auto bytes = src.read(*magic_at, std::min(rest, kHeaderSize + limits::kMaxBuildInfoBytes + 32), "build info");
  auto decoded = decode_buildinfo_region(bytes, *magic_at, &image);
  if (decoded) result.info = std::move(decoded.value());
  else result.error = decoded.error();
  return result;
}

}  // namespace crossgo
