// A streaming JSON writer for inspect's reports: values go straight into one string, in the
// order they are written, laid out as nlohmann::json's dump(2) lays them out (inspect's output
// stays byte-for-byte what it was when it was built as a document first).
//
// Why not nlohmann::ordered_json here: inspect writes one report per file and per container
// member — tens of thousands in one run over a library directory — and building each as a tree
// of heap nodes (with ordered_map's linear key search) and then walking it twice (once for the
// non-UTF-8 strings, once to dump) was half of inspect's time. The writer has none of that; it
// is small because the output needs only objects, arrays, strings, integers, booleans and null.
// doctor and explain, which write one document per run, keep nlohmann::json.
//
// Strings that are not valid UTF-8 (names read from hostile files) are written with U+FFFD in
// place of each ill-formed subsequence, as nlohmann's error_handler_t::replace does, and are
// remembered by JSON Pointer (RFC 6901), so a report can keep their bytes ("raw_hex").
#pragma once

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crossgo::output {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{', true); }
  void end_object() { close('}'); }
  void begin_array() { open('[', false); }
  void end_array() { close(']'); }

  // The next member's name (inside an object); the value written next belongs to it.
  JsonWriter& key(std::string_view k);

  void value(std::string_view s);
  void value(const char* s) { s == nullptr ? null() : value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(bool b) { scalar(b ? "true" : "false"); }
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
  void value(T v) {
    if constexpr (std::is_signed_v<T>) signed_value(static_cast<int64_t>(v));
    else unsigned_value(static_cast<uint64_t>(v));
  }
  void null() { scalar("null"); }

  template <class T>
  void value(const std::optional<T>& v) {
    if (v) value(*v);
    else null();
  }
  void value(const std::vector<std::string>& items);
  void value(const std::map<std::string, std::string>& members);

  // key(k) then value(v).
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  void null_field(std::string_view k) {
    key(k);
    null();
  }

  // JSON Pointer → the original bytes, for every key and string written that was not valid
  // UTF-8 (a key's pointer ends in "#key"), in the order they were written.
  const std::vector<std::pair<std::string, std::string>>& non_utf8() const { return non_utf8_; }

 private:
  struct Frame {
    bool object = false;
    size_t count = 0;       // members or elements written so far
    std::string_view key;   // the member being written (objects); valid until the next key()
  };

  void open(char bracket, bool object);
  void close(char bracket);
  void before_value();
  void newline_indent(size_t depth);
  void scalar(std::string_view text);
  void signed_value(int64_t v);
  void unsigned_value(uint64_t v);
  void string(std::string_view s, bool is_key);
  std::string pointer() const;

  std::string& out_;
  std::vector<Frame> stack_;
  std::vector<std::pair<std::string, std::string>> non_utf8_;
};

}  // namespace crossgo::output
