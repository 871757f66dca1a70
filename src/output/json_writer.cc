#include "output/json_writer.h"

#include <array>
#include <charconv>

namespace crossgo::output {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at s[i] (Unicode 15, table 3-7), or 0 when the bytes
// there are ill-formed; `maximal` is then the length of the maximal subpart to replace by one
// U+FFFD (at least 1), which is what nlohmann's replace handler and most decoders do.
size_t utf8_sequence(std::string_view s, size_t i, size_t& maximal) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  maximal = 1;
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  for (size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return 0;
    const unsigned char lo_k = k == 1 ? lo : 0x80, hi_k = k == 1 ? hi : 0xBF;
    if (b(i + k) < lo_k || b(i + k) > hi_k) return 0;
    maximal = k + 1;
  }
  return n;
}

// RFC 6901: '~' → "~0", '/' → "~1".
void append_pointer_token(std::string& p, std::string_view token) {
  for (char c : token) {
    if (c == '~') p += "~0";
    else if (c == '/') p += "~1";
    else p += c;
  }
}

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

void JsonWriter::newline_indent(size_t depth) {
  out_ += '\n';
  out_.append(2 * depth, ' ');
}

void JsonWriter::before_value() {
  if (stack_.empty() || stack_.back().object) return;  // a top-level value, or after key()
  Frame& f = stack_.back();
  if (f.count++ > 0) out_ += ',';
  newline_indent(stack_.size());
}

JsonWriter& JsonWriter::key(std::string_view k) {
  Frame& f = stack_.back();
  if (f.count++ > 0) out_ += ',';
  newline_indent(stack_.size());
  f.key = k;
  string(k, true);
  out_ += ": ";
  return *this;
}

void JsonWriter::open(char bracket, bool object) {
  before_value();
  out_ += bracket;
  stack_.push_back(Frame{object, 0, {}});
}

void JsonWriter::close(char bracket) {
  const bool empty = stack_.back().count == 0;
  stack_.pop_back();
  if (!empty) newline_indent(stack_.size());
  out_ += bracket;
}

void JsonWriter::scalar(std::string_view text) {
  before_value();
  out_ += text;
}

void JsonWriter::signed_value(int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  scalar(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

void JsonWriter::unsigned_value(uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  scalar(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

void JsonWriter::value(std::string_view s) {
  before_value();
  string(s, false);
}

void JsonWriter::value(const std::vector<std::string>& items) {
  begin_array();
  for (const auto& s : items) value(std::string_view(s));
  end_array();
}

void JsonWriter::value(const std::map<std::string, std::string>& members) {
  begin_object();
  for (const auto& [k, v] : members) field(k, v);
  end_object();
}

std::string JsonWriter::pointer() const {
  std::string p;
  for (const Frame& f : stack_) {
    p += '/';
    if (f.object) append_pointer_token(p, f.key);
    else p += std::to_string(f.count - 1);
  }
  return p;
}

// Bytes a string cannot hold as they are: control characters, '"', '\\', and every byte of a
// multi-byte sequence (checked, and replaced when ill-formed). Most strings have none.
constexpr std::array<bool, 256> kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  return t;
}();

void JsonWriter::string(std::string_view s, bool is_key) {
  out_ += '"';
  bool ill_formed = false;
  size_t plain = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kSpecial[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t maximal = 0;
      if (const size_t n = utf8_sequence(s, i, maximal); n != 0) {
        i += n;
        continue;
      }
      ill_formed = true;
      out_.append(s.substr(plain, i - plain));
      out_ += kReplacement;
      i += maximal;
      plain = i;
      continue;
    }
    out_.append(s.substr(plain, i - plain));
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
      }
    }
    ++i;
    plain = i;
  }
  out_.append(s.substr(plain));
  out_ += '"';
  if (ill_formed) non_utf8_.emplace_back(is_key ? pointer() + "#key" : pointer(), hex(s));
}

}  // namespace crossgo::output
