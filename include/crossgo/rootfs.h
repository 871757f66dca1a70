// rootfs: will this ELF file load in that root filesystem? The interpreter and every DT_NEEDED
// are resolved inside the root, recursively, by the rules of the root's own loader (glibc's
// elf/dl-load.c _dl_map_object, musl's ldso/dynlink.c load_library), and every symbol version a
// file needs is checked against the library that resolved. Nothing is executed: the answer comes
// from the files' headers and the root's loader configuration (root_fs.h, ld_config.h).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/finding.h"
#include "crossgo/image.h"
#include "crossgo/ld_config.h"
#include "crossgo/root_fs.h"

namespace crossgo::rootfs {

enum class Libc { glibc, musl, bionic, freebsd, unknown };
const char* libc_name(Libc l);  // "glibc", "musl", …

// Which rule of the loader found a library.
enum class SearchRule {
  path,             // DT_NEEDED holds a '/': opened as it is (relative to the working directory)
  rpath,            // DT_RPATH of the object or of an object that loaded it (glibc: no DT_RUNPATH)
  ld_library_path,  // --env LD_LIBRARY_PATH=…
  runpath,          // DT_RUNPATH of the object that needs it
  cache,            // /etc/ld.so.cache
  system_dirs,      // the loader's built-in directories
  musl_path,        // /etc/ld-musl-$ARCH.path
  musl_default,     // musl's built-in "/lib:/usr/local/lib:/usr/lib"
  loader,           // the loader itself (musl's libc.so, libpthread.so …: one object with libc)
};
const char* search_rule_name(SearchRule r);  // "rpath", "ld_library_path", …

// A file on the path that the loader would open and then reject.
struct Skipped {
  std::string path;
  std::string reason;  // "ELF64 x86-64, not ELF64 AArch64", "not an ELF file", "symlink loop"
};

// One object the loader maps, each soname once, in load order (breadth first).
struct LoadedLibrary {
  std::string soname;                 // the DT_NEEDED string
  std::optional<std::string> path;    // the path the loader opens (directory + name, or the cache's); nullopt: not found
  std::string real_path;              // `path` with symbolic links followed inside the root
  std::optional<SearchRule> rule;
  std::vector<std::string> needed_by;  // every object that names it (first one first)
  int depth = 1;                      // 1: needed by the file itself
  std::vector<std::string> searched;   // every path tried, in order
  std::vector<Skipped> skipped;
  std::vector<std::string> needed;     // its own DT_NEEDED, for the tree
  std::vector<std::string> versions_defined;  // its version definitions (GLIBC_2.17 …)
};

struct InterpreterResolution {
  std::string requested;             // PT_INTERP as written
  std::optional<std::string> path;   // as found (nullopt: missing or unusable)
  std::string real_path;
};

struct FileLoadReport {
  std::string path;        // as given
  bool in_root = false;    // a path inside the root (else a file outside, about to be copied in)
  bool loads = false;
  bool is_static = false;  // no PT_INTERP and no DT_NEEDED
  Libc libc = Libc::unknown;  // whose loader's rules were followed
  std::optional<std::string> error;  // the file itself could not be read
  std::optional<InterpreterResolution> interpreter;
  std::vector<std::string> needed;   // the file's own DT_NEEDED
  std::vector<LoadedLibrary> libraries;
  std::vector<Finding> findings;
};

struct Options {
  // --env LD_LIBRARY_PATH=a:b (glibc and musl read it only when it is given explicitly).
  std::optional<std::string> ld_library_path;
  // Where a file from outside the root will be installed (--dest /usr/local/bin): its $ORIGIN.
  // Unset, $ORIGIN entries of such a file are not searched (nothing says where it will be).
  std::optional<std::string> dest_dir;
};

// The C library of a root, for a file that names no interpreter (a shared library): musl when
// /lib holds musl's loader and no glibc loader configuration exists, else glibc.
Libc root_libc(const RootFs& root);

// What the root tells its loader, read once per run: ld.so.conf, ld.so.cache, musl's path file,
// and every object header read so far (each library is read once however many files need it).
class Loader {
 public:
  Loader(const RootFs& root, Options options);
  ~Loader();
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // The root's loader configuration as read (for the report).
  struct Config {
    std::vector<std::string> ld_so_conf_dirs;
    std::vector<std::string> ld_so_conf_files;
    std::optional<std::string> cache_path;  // "/etc/ld.so.cache" when present and parsed
    size_t cache_entries = 0;
    std::optional<std::string> cache_error;
    std::vector<std::string> warnings;
  };
  const Config& config();

  // `path` inside the root (in_root) or on the host.
  FileLoadReport check(const std::string& path, bool in_root);

  // Every ELF executable and shared library in the root (for --all), sorted, capped.
  std::vector<std::string> all_elf_files(size_t cap, bool& capped);

  struct Impl;  // opaque (src/rootfs/loader.cc)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace crossgo::rootfs
