// The loaders' text configuration inside a root: glibc's /etc/ld.so.conf as ldconfig reads it
// (elf/ldconfig.c of glibc 2.42: parse_conf, parse_conf_include, add_dir_1; glibc 2.36 for the
// "=TYPE" suffix it still accepted), and musl's ld-musl-$ARCH.path as its loader reads it (musl
// 1.2.5 ldso/dynlink.c: load_library, path_open).
//
// ldconfig reads every line as one directory: there are no separators inside a line, only a
// '#' that ends it, leading blanks skipped and trailing blanks and slashes removed. ldconfig
// itself has no guard against an include cycle (it would recurse until it failed); here cycles
// are cut, and depth, files and bytes are capped.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/ld_config.h"
#include "crossgo/limits.h"
#include "rootfs/root_glob.h"

namespace crossgo::rootfs {
namespace {

// <ctype.h> in the C locale, without its undefined behaviour on negative chars.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool starts_with_word(std::string_view s, std::string_view word, bool ignore_case) {
  if (s.size() <= word.size() || !is_blank(s[word.size()])) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = s[i];
    if (ignore_case && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

std::string dirname_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string where(const std::string& file, size_t line) {
  std::string out = file;
  out += ':';
  out += std::to_string(line);
  return out;
}

class ConfReader {
 public:
  explicit ConfReader(const RootFs& root) : root_(root) {}

  void read(const std::string& path, int depth);
  LdSoConf take() { return std::move(out_); }

 private:
  void warn(std::string message) {
    if (out_.warnings.size() < limits::kMaxWarnings) out_.warnings.push_back(std::move(message));
    else if (out_.warnings.size() == limits::kMaxWarnings) out_.warnings.push_back("further ld.so.conf warnings suppressed");
  }
  void line(const std::string& file, size_t number, std::string_view text, int depth);
  void include(const std::string& file, size_t number, std::string_view pattern, int depth);
  void directory(const std::string& file, size_t number, std::string_view text);

  const RootFs& root_;
  LdSoConf out_;
  std::vector<std::string> reading_;  // real paths of the files being read, outermost first
  std::set<std::string> seen_dirs_;
  uint64_t bytes_ = 0;
  bool files_capped_ = false, dirs_capped_ = false;
};

void ConfReader::read(const std::string& path, int depth) {
  if (out_.files_read.size() >= limits::kMaxConfigFiles) {
    if (!files_capped_) warn(path + ": not read: more than " + std::to_string(limits::kMaxConfigFiles) + " configuration files");
    files_capped_ = true;
    return;
  }
  // As ldconfig: a file that is missing, or not a regular file (a directory a glob matched),
  // adds nothing and says nothing.
  const auto real = resolve(root_, path);
  if (!real || real->type != EntryType::regular) return;
  for (const auto& r : reading_) {
    if (r == real->path) {
      warn(path + ": include cycle (" + real->path + " is already being read); not read again");
      return;
    }
  }
  if (depth > limits::kMaxConfigIncludeDepth) {
    warn(path + ": not read: includes nested more than " + std::to_string(limits::kMaxConfigIncludeDepth) + " deep");
    return;
  }
  const uint64_t budget = limits::kMaxConfigBytes - bytes_;
  auto text = read_text(root_, path, std::min<uint64_t>(uint64_t{1} << 20, budget));
  if (!text) {
    warn(path + ": " + text.error().to_string());
    return;
  }
  if (!*text) return;
  const std::string& body = **text;
  bytes_ += body.size();
  out_.files_read.push_back(path);
  reading_.push_back(real->path);
  size_t number = 0, pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    line(path, ++number, std::string_view(body).substr(pos, end - pos), depth);
    pos = end + 1;
  }
  reading_.pop_back();
}

void ConfReader::line(const std::string& file, size_t number, std::string_view text, int depth) {
  // getline keeps NUL bytes, but every later step stops at the first one; '#' ends the line
  // wherever it is, the format having no quoting.
  text = text.substr(0, text.find('\0'));
  text = text.substr(0, text.find('#'));
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  if (text.empty()) return;
  if (starts_with_word(text, "include", false)) {
    // One blank after the word, then patterns separated by blanks (strsep on " \t").
    std::string_view rest = text.substr(8);
    while (!rest.empty()) {
      const size_t end = std::min(rest.find_first_of(" \t"), rest.size());
      if (end > 0) include(file, number, rest.substr(0, end), depth);
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  } else if (starts_with_word(text, "hwcap", true)) {
    warn(where(file, number) + ": hwcap directive ignored");
  } else {
    directory(file, number, text);
  }
}

void ConfReader::include(const std::string& file, size_t number, std::string_view pattern, int depth) {
  std::string full;
  if (pattern.front() != '/') {
    // Relative to the including file's directory (ldconfig prefixes dirname(config_file)).
    full = dirname_of(file);
    if (full != "/") full += '/';
  }
  full += pattern;
  bool truncated = false;
  const size_t room = limits::kMaxConfigFiles - std::min(limits::kMaxConfigFiles, out_.files_read.size());
  const auto matches = detail::glob(root_, full, room + 1, &truncated);
  if (truncated) warn(where(file, number) + ": include " + full + ": more matches than are read");
  for (const auto& m : matches) read(m, depth + 1);
}

void ConfReader::directory(const std::string& file, size_t number, std::string_view text) {
  // Up to glibc 2.36 a "=libc6"-style suffix named the library type and was cut off; 2.37 takes
  // the line literally. A known type name is cut, with a word about the difference.
  if (const size_t eq = text.find('='); eq != std::string_view::npos) {
    std::string_view type = text.substr(eq + 1);
    while (!type.empty() && is_space(type.back())) type.remove_suffix(1);
    if (type == "libc4" || type == "libc5" || type == "libc6" || type == "glibc2") {
      warn(where(file, number) + ": \"=" + std::string(type) +
           "\" suffix taken as glibc 2.36 and older do (2.37 and later read it as part of the path)");
      text = text.substr(0, eq);
    }
  }
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  if (text.empty()) return;  // "/" itself ends up empty and, as in ldconfig, adds nothing
  if (text.front() != '/') {
    warn(where(file, number) + ": \"" + std::string(text) +
         "\" is not an absolute path (ldconfig would take it from its working directory); ignored");
    return;
  }
  if (text.size() > limits::kMaxStringBytes) {
    warn(where(file, number) + ": a directory of " + std::to_string(text.size()) + " bytes; ignored");
    return;
  }
  std::string dir(text);
  // ldconfig keeps the first place of a directory given twice (add_single_dir).
  if (seen_dirs_.count(dir) != 0) return;
  if (out_.directories.size() >= limits::kMaxSearchPaths) {
    if (!dirs_capped_) warn(where(file, number) + ": more than " + std::to_string(limits::kMaxSearchPaths) + " directories; the rest are ignored");
    dirs_capped_ = true;
    return;
  }
  seen_dirs_.insert(dir);
  out_.directories.push_back(std::move(dir));
}

}  // namespace

LdSoConf read_ld_so_conf(const RootFs& root, const std::string& path) {
  ConfReader reader(root);
  reader.read(normalise(path), 0);
  return reader.take();
}

std::vector<std::string> parse_musl_path(std::string_view text) {
  // The loader holds the file as a C string, and path_open skips any run of ':' and '\n'.
  text = text.substr(0, text.find('\0'));
  std::vector<std::string> dirs;
  size_t pos = 0;
  while (pos < text.size() && dirs.size() < limits::kMaxSearchPaths) {
    const size_t end = std::min(text.find_first_of(":\n", pos), text.size());
    if (end > pos) dirs.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return dirs;
}

std::string musl_path_file(std::string_view loader, std::string_view arch) {
  // The prefix is the loader's path up to the slash before its directory: "/lib/ld-musl-…" has
  // none, "/usr/local/musl/lib/ld-musl-…" has "/usr/local/musl". A relative loader name has none.
  std::string prefix;
  if (!loader.empty() && loader.front() == '/') {
    const size_t last = loader.rfind('/');
    const size_t before = last == 0 ? std::string_view::npos : loader.rfind('/', last - 1);
    if (before != std::string_view::npos) prefix = std::string(loader.substr(0, before));
  }
  std::string out = prefix;
  out += "/etc/ld-musl-";
  out += arch;
  out += ".path";
  return out;
}

std::optional<std::vector<std::string>> read_musl_path(const RootFs& root, const std::string& arch,
                                                       const std::string& loader) {
  const std::string file = musl_path_file(loader, arch);
  const auto real = resolve(root, file);
  // Missing: the loader falls back to kMuslDefaultPath. (A link loop also lands here, where musl
  // would get ELOOP and search nothing: resolve does not say which it was.)
  if (!real) return std::nullopt;
  // A path file that exists but cannot be read (a directory, too large to hold here) leaves
  // musl with an empty system path, not the default.
  if (real->type != EntryType::regular) return std::vector<std::string>{};
  auto text = read_text(root, file);
  if (!text || !*text) return std::vector<std::string>{};
  return parse_musl_path(**text);
}

std::optional<std::vector<std::string>> read_musl_path(const RootFs& root, const std::string& arch) {
  std::string loader = "/lib/ld-musl-";  // appended: GCC 12 -O3 misfires -Wrestrict on "literal" + string
  loader += arch;
  loader += ".so.1";
  return read_musl_path(root, arch, loader);
}

}  // namespace crossgo::rootfs
