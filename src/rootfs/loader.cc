// The loader model: the interpreter and every DT_NEEDED of a file, breadth first, each soname
// once, found by the rules of the file's own loader:
//   glibc (elf/dl-load.c _dl_map_object, glibc 2.36): a name with '/' as it is; else DT_RPATH of
//     the requester and of each object up the chain that loaded it, then of the executable (only
//     when the requester has no DT_RUNPATH; an object with DT_RUNPATH has no DT_RPATH,
//     elf/get-dynamic-info.h); LD_LIBRARY_PATH; the requester's own DT_RUNPATH; /etc/ld.so.cache;
//     the built-in directories. DF_1_NODEFLIB on the requester skips the last two for system
//     directories. A file of another class, byte order, machine or float ABI is skipped and the
//     search goes on (open_verify).
//   musl (ldso/dynlink.c load_library, musl 1.2): a name with '/' as it is; libc's own names
//     (libc.so, libpthread.so …) are the loader itself; LD_LIBRARY_PATH; DT_RUNPATH, or DT_RPATH
//     when there is none, of the requester and each object up the chain; /etc/ld-musl-$ARCH.path
//     or "/lib:/usr/local/lib:/usr/lib". The first file that opens is taken, whatever it is.
// Then every version a loaded object needs must be defined by the library it names.
#include <algorithm>
#include <deque>
#include <map>

#include "analysis/elf_analysis.h"
#include "crossgo/elf_constants.h"
#include "crossgo/limits.h"
#include "crossgo/rootfs.h"
#include "rootfs/loader_internal.h"

namespace crossgo::rootfs {
namespace {

constexpr size_t kMaxObjects = 4096;  // objects loaded for one file

std::string dir_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string join_path(const std::string& dir, const std::string& name) {
  return !dir.empty() && dir.back() == '/' ? dir + name : dir + "/" + name;
}

// musl's reserved names (ldso/dynlink.c load_library): libc and the libraries folded into it.
bool musl_builtin(const std::string& name) {
  static const char* const kFolded[] = {"c", "pthread", "rt", "m", "dl", "util", "xnet"};
  if (base_of(name).starts_with("ld-musl-")) return true;
  if (!name.starts_with("lib")) return false;
  for (const char* lib : kFolded) {
    const std::string prefix = std::string("lib") + lib + ".";
    if (name.starts_with(prefix)) return true;
  }
  return name.starts_with("libc.musl-");
}

// The interpreter's musl ARCH ("/lib/ld-musl-aarch64.so.1" -> "aarch64").
std::string musl_arch(const std::string& interpreter) {
  std::string base = base_of(interpreter);
  if (!base.starts_with("ld-musl-")) return "";
  base = base.substr(std::string("ld-musl-").size());
  const size_t dot = base.find(".so");
  return dot == std::string::npos ? base : base.substr(0, dot);
}

}  // namespace

Libc root_libc(const RootFs& root) {
  if (resolve(root, "/etc/ld.so.cache") || resolve(root, "/etc/ld.so.conf")) return Libc::glibc;
  for (const auto& name : root.list("/lib"))
    if (name.starts_with("ld-musl-")) return Libc::musl;
  return Libc::glibc;
}

const char* libc_name(Libc l) {
  switch (l) {
    case Libc::glibc: return "glibc";
    case Libc::musl: return "musl";
    case Libc::bionic: return "bionic";
    case Libc::freebsd: return "freebsd";
    case Libc::unknown: break;
  }
  return "unknown";
}

const char* search_rule_name(SearchRule r) {
  switch (r) {
    case SearchRule::path: return "path";
    case SearchRule::rpath: return "rpath";
    case SearchRule::ld_library_path: return "ld_library_path";
    case SearchRule::runpath: return "runpath";
    case SearchRule::cache: return "cache";
    case SearchRule::system_dirs: return "system_dirs";
    case SearchRule::musl_path: return "musl_path";
    case SearchRule::musl_default: return "musl_default";
    case SearchRule::loader: return "loader";
  }
  return "path";
}

struct Loader::Impl {
  const RootFs& root;
  Options options;
  bool configured = false;
  Config config;
  std::optional<LdCache> cache;
  std::map<std::string, ObjectFacts> objects;  // by real path: each header read once per run

  Impl(const RootFs& r, Options o) : root(r), options(std::move(o)) {}

  void configure() {
    if (configured) return;
    configured = true;
    const LdSoConf conf = read_ld_so_conf(root);
    config.ld_so_conf_dirs = conf.directories;
    config.ld_so_conf_files = conf.files_read;
    for (const auto& w : conf.warnings) config.warnings.push_back(w);
    const auto where = resolve(root, "/etc/ld.so.cache");
    if (!where || where->type != EntryType::regular) return;
    auto source = root.open(where->path);
    if (!source) {
      config.cache_error = source.error().to_string();
      return;
    }
    try {
      ByteSource& src = **source;
      const auto bytes = src.read(0, src.size(), "ld.so.cache");
      auto parsed = parse_ld_cache(bytes);
      if (!parsed) {
        config.cache_error = parsed.error().to_string();
        return;
      }
      cache = std::move(*parsed);
      config.cache_path = "/etc/ld.so.cache";
      config.cache_entries = cache->entries.size();
      for (const auto& w : cache->warnings) config.warnings.push_back("/etc/ld.so.cache: " + w);
    } catch (const ParseError& e) {
      config.cache_error = e.error().to_string();
    }
  }

  // The facts of the object at a resolved path inside the root, read once.
  const ObjectFacts& facts_at(const std::string& real_path) {
    auto it = objects.find(real_path);
    if (it != objects.end()) return it->second;
    ObjectFacts f;
    auto source = root.open(real_path);
    if (!source) f.error = source.error().to_string();
    else f = read_object_facts(**source);
    return objects.emplace(real_path, std::move(f)).first->second;
  }
};

namespace {

// One object mapped for the file being checked.
struct Node {
  std::string path;       // as opened
  std::string real_path;  // inside the root
  const ObjectFacts* facts = nullptr;
  int parent = -1;        // the object that loaded it (glibc's l_loader); -1 for the file itself
  int depth = 0;
  int library = -1;       // index into the report's libraries; -1 for the file and the interpreter
};

class Resolution {
 public:
  Resolution(Loader::Impl& impl, FileLoadReport& report, const ObjectFacts& main, Libc libc,
             std::optional<InterpreterResolution> root_loader)
      : impl_(impl), report_(report), main_(main), libc_(libc), loader_(std::move(root_loader)) {
    if (!loader_ && report_.interpreter && report_.interpreter->path) loader_ = report_.interpreter;
    if (libc_ == Libc::glibc) {
      system_dirs_ = glibc_system_dirs(impl_.root, main_);
      dst_lib_ = glibc_dst_lib(system_dirs_);
      platform_ = at_platform(main_);
      default_id_ = ld_cache_default_id(main_.machine, main_.bits, main_.e_flags);
    }
  }

  void run(Node file, const std::optional<Node>& interpreter) {
    nodes_.push_back(std::move(file));
    if (interpreter) {
      // The loader is mapped before anything it loads: a DT_NEEDED naming it (libc.so.6 needs
      // ld-linux-x86-64.so.2) is already satisfied, by file name or soname.
      loaded_[base_of(interpreter->path)] = -2;
      if (interpreter->facts->soname) loaded_[*interpreter->facts->soname] = -2;
      loaded_real_[interpreter->real_path] = -2;
      interpreter_facts_ = interpreter->facts;
    }
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (nodes_.size() > kMaxObjects) {
        report_.findings.push_back({.code = Code::CG884, .subject = report_.path,
                                    .message = "more than " + std::to_string(kMaxObjects) +
                                               " objects would be loaded; the rest were not followed"});
        break;
      }
      const std::vector<std::string> needed = nodes_[i].facts->needed;
      for (const auto& name : needed) need(static_cast<int>(i), name);
    }
    check_versions();
  }

 private:
  void need(int requester, const std::string& name) {
    if (auto it = loaded_.find(name); it != loaded_.end()) {
      if (it->second >= 0) add_needed_by(report_.libraries[static_cast<size_t>(it->second)], requester);
      return;
    }
    if (libc_ == Libc::musl && musl_builtin(name) && loader_) {
      // musl's libc is its loader: the name resolves to the interpreter, nothing is searched.
      LoadedLibrary self;
      self.soname = name;
      self.path = loader_->path;
      self.real_path = loader_->real_path;
      self.rule = SearchRule::loader;
      self.depth = nodes_[static_cast<size_t>(requester)].depth + 1;
      add_needed_by(self, requester);
      loaded_[name] = static_cast<int>(report_.libraries.size());
      report_.libraries.push_back(std::move(self));
      return;
    }
    LoadedLibrary lib;
    lib.soname = name;
    lib.depth = nodes_[static_cast<size_t>(requester)].depth + 1;
    add_needed_by(lib, requester);
    const auto found = search(requester, name, lib);
    report_skips(lib);
    const int index = static_cast<int>(report_.libraries.size());
    loaded_[name] = index;
    if (found) {
      // The same file under another name (a second soname, a symlink) is mapped once.
      if (auto same = loaded_real_.find(found->real_path); same != loaded_real_.end()) {
        lib.path = found->path;
        lib.real_path = found->real_path;
        lib.rule = found->rule;
        report_.libraries.push_back(std::move(lib));
        return;
      }
      lib.path = found->path;
      lib.real_path = found->real_path;
      lib.rule = found->rule;
      lib.needed = found->facts->needed;
      lib.versions_defined = found->facts->version_definitions;
      loaded_real_[found->real_path] = index;
      if (found->facts->soname) loaded_.emplace(*found->facts->soname, index);
      Node node{found->path, found->real_path, found->facts, requester, lib.depth, index};
      nodes_.push_back(std::move(node));
    } else {
      missing(lib, requester);
    }
    report_.libraries.push_back(std::move(lib));
  }

  void add_needed_by(LoadedLibrary& lib, int requester) {
    const std::string& who = nodes_[static_cast<size_t>(requester)].path;
    if (std::find(lib.needed_by.begin(), lib.needed_by.end(), who) == lib.needed_by.end()) lib.needed_by.push_back(who);
  }

  struct Found {
    std::string path;
    std::string real_path;
    const ObjectFacts* facts = nullptr;
    SearchRule rule = SearchRule::path;
  };

  // Tries one candidate path: nullopt when absent or rejected (recorded in lib).
  std::optional<Found> try_path(const std::string& candidate, SearchRule rule, LoadedLibrary& lib) {
    lib.searched.push_back(candidate);
    std::string why;
    const auto where = resolve(impl_.root, candidate, &why);
    if (!where) {
      if (why.find("symlink loop") != std::string::npos) lib.skipped.push_back({candidate, why});
      return std::nullopt;
    }
    if (where->type != EntryType::regular) return std::nullopt;
    const ObjectFacts& f = impl_.facts_at(where->path);
    if (const auto bad = incompatibility(main_, f)) {
      lib.skipped.push_back({candidate, *bad});
      if (libc_ == Libc::musl) {
        // musl opens the first file it finds and does not look further.
        return Found{candidate, where->path, &f, rule};
      }
      return std::nullopt;
    }
    return Found{candidate, where->path, &f, rule};
  }

  // One search list. A candidate that cannot be opened for a reason other than its absence (a
  // link loop: ELOOP) ends the list for glibc (open_path returns on it; the cache and the
  // built-in directories are still tried) and the whole search for musl (path_open's -2).
  std::optional<Found> try_dirs(const std::vector<std::string>& dirs, const std::string& name, SearchRule rule,
                                LoadedLibrary& lib) {
    for (const auto& dir : dirs) {
      if (abandoned_) return std::nullopt;
      const size_t skipped_before = lib.skipped.size();
      if (auto f = try_path(join_path(dir, name), rule, lib)) return f;
      if (lib.skipped.size() > skipped_before && lib.skipped.back().reason.find("symlink loop") != std::string::npos) {
        if (libc_ == Libc::musl) abandoned_ = true;
        return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // An object's DT_RPATH or DT_RUNPATH entries with $ORIGIN (the directory it was opened from;
  // for the executable its real path's, as the kernel's /proc/self/exe gives it) expanded.
  std::vector<std::string> expanded(const Node& n, const std::vector<std::string>& entries) {
    const bool outside = n.parent < 0 && !report_.in_root;
    const std::optional<std::string>& dest = impl_.options.dest_dir;
    const std::string origin = outside ? dest.value_or("") : dir_of(n.parent < 0 ? n.real_path : n.path);
    std::vector<std::string> out;
    for (const auto& e : entries) {
      if (e.empty()) continue;
      if (outside && !dest && (e.find("$ORIGIN") != std::string::npos || e.find("${ORIGIN}") != std::string::npos)) {
        unknown_origin_ = true;
        continue;
      }
      if (auto x = expand_tokens(e, origin, dst_lib_, platform_, libc_ == Libc::musl)) out.push_back(*x);
    }
    return out;
  }

  std::optional<Found> search(int requester, const std::string& name, LoadedLibrary& lib) {
    abandoned_ = false;
    if (name.find('/') != std::string::npos) {
      const std::string p = name[0] == '/' ? name : "/" + name;
      return try_path(p, SearchRule::path, lib);
    }
    switch (libc_) {
      case Libc::musl: return search_musl(requester, name, lib);
      case Libc::freebsd: return search_freebsd(requester, name, lib);
      case Libc::bionic: return search_bionic(requester, name, lib);
      default: return search_glibc(requester, name, lib);
    }
  }

  std::optional<Found> search_glibc(int requester, const std::string& name, LoadedLibrary& lib) {
    const Node& who = nodes_[static_cast<size_t>(requester)];
    if (who.facts->runpath.empty()) {
      bool did_main = false;
      for (int l = requester; l >= 0; l = nodes_[static_cast<size_t>(l)].parent) {
        const Node& n = nodes_[static_cast<size_t>(l)];
        if (!n.facts->runpath.empty() || n.facts->rpath.empty()) continue;
        if (auto f = try_dirs(expanded(n, n.facts->rpath), name, SearchRule::rpath, lib)) return f;
        did_main = did_main || l == 0;
      }
      const Node& main = nodes_.front();
      if (!did_main && main.facts->runpath.empty() && !main.facts->rpath.empty()) {
        if (auto f = try_dirs(expanded(main, main.facts->rpath), name, SearchRule::rpath, lib)) return f;
      }
    }
    if (impl_.options.ld_library_path) {
      if (auto f = try_dirs(split_path_list(*impl_.options.ld_library_path), name, SearchRule::ld_library_path, lib))
        return f;
    }
    if (!who.facts->runpath.empty()) {
      if (auto f = try_dirs(expanded(who, who.facts->runpath), name, SearchRule::runpath, lib)) return f;
    }
    const bool nodeflib = (who.facts->flags_1 & kDf1NoDefLib) != 0;
    if (impl_.cache) {
      // _dl_load_cache_lookup: among the entries for the name that this loader accepts, the one
      // with its default flags wins, else the first; glibc-hwcaps entries need a CPU level
      // crossgo cannot know and are passed over. The answer is opened like any other candidate.
      const LdCacheEntry* best = nullptr;
      for (const auto& e : impl_.cache->entries) {
        if (e.soname != name || e.hwcaps_subdir) continue;
        if (!ld_cache_flags_accepted(e.flags, main_.machine, main_.bits, main_.e_flags)) continue;
        if (best == nullptr) best = &e;
        if (default_id_ && e.flags == *default_id_) {
          best = &e;
          break;
        }
      }
      if (best != nullptr && !(nodeflib && in_system_dirs(best->path))) {
        if (auto f = try_path(best->path, SearchRule::cache, lib)) return f;
      }
    }
    if (!nodeflib) return try_dirs(system_dirs_, name, SearchRule::system_dirs, lib);
    return std::nullopt;
  }

  std::optional<Found> search_musl(int requester, const std::string& name, LoadedLibrary& lib) {
    if (impl_.options.ld_library_path) {
      if (auto f = try_dirs(split_path_list(*impl_.options.ld_library_path), name, SearchRule::ld_library_path, lib))
        return f;
    }
    for (int l = requester; l >= 0; l = nodes_[static_cast<size_t>(l)].parent) {
      const Node& n = nodes_[static_cast<size_t>(l)];
      const auto& entries = !n.facts->runpath.empty() ? n.facts->runpath : n.facts->rpath;
      if (entries.empty()) continue;
      const SearchRule rule = !n.facts->runpath.empty() ? SearchRule::runpath : SearchRule::rpath;
      if (auto f = try_dirs(expanded(n, entries), name, rule, lib)) return f;
    }
    if (!musl_path_read_) {
      musl_path_read_ = true;
      const std::string interp = loader_ ? loader_->requested : "";
      musl_path_ = read_musl_path(impl_.root, musl_arch(interp), interp);
    }
    if (musl_path_) return try_dirs(*musl_path_, name, SearchRule::musl_path, lib);
    return try_dirs(split_path_list(std::string(kMuslDefaultPath)), name, SearchRule::musl_default, lib);
  }

  bool in_system_dirs(const std::string& path) const {
    const std::string dir = dir_of(path);
    return std::find(system_dirs_.begin(), system_dirs_.end(), dir) != system_dirs_.end();
  }

  // FreeBSD's rtld (libexec/rtld-elf/rtld.c find_library, FreeBSD 14): DT_RPATH of the
  // referencing object unless it has DT_RUNPATH, then the program's; LD_LIBRARY_PATH; DT_RUNPATH;
  // the directories of ldconfig's hints file; "/lib/casper:/lib:/usr/lib" unless -z nodefaultlib.
  std::optional<Found> search_freebsd(int requester, const std::string& name, LoadedLibrary& lib) {
    const Node& who = nodes_[static_cast<size_t>(requester)];
    const Node& main = nodes_.front();
    if (who.facts->runpath.empty()) {
      if (auto f = try_dirs(expanded(who, who.facts->rpath), name, SearchRule::rpath, lib)) return f;
      if (requester != 0 && main.facts->runpath.empty()) {
        if (auto f = try_dirs(expanded(main, main.facts->rpath), name, SearchRule::rpath, lib)) return f;
      }
    }
    if (impl_.options.ld_library_path) {
      if (auto f = try_dirs(split_path_list(*impl_.options.ld_library_path), name, SearchRule::ld_library_path, lib))
        return f;
    }
    if (auto f = try_dirs(expanded(who, who.facts->runpath), name, SearchRule::runpath, lib)) return f;
    const bool nodeflib = (who.facts->flags_1 & kDf1NoDefLib) != 0;
    const std::vector<std::string> defaults{"/lib/casper", "/lib", "/usr/lib"};
    if (!hints_read_) {
      hints_read_ = true;
      if (const auto where = resolve(impl_.root, main_.bits == 32 && main_.machine == elf::EM_386 ? "/var/run/ld-elf32.so.hints"
                                                                                                : "/var/run/ld-elf.so.hints");
          where && where->type == EntryType::regular) {
        if (auto source = impl_.root.open(where->path)) {
          try {
            ByteSource& src = **source;
            if (auto dirs = parse_elf_hints(src.read(0, std::min<uint64_t>(src.size(), 1 << 20), "ld-elf.so.hints")))
              hints_ = std::move(*dirs);
          } catch (const ParseError&) {
          }
        }
      }
    }
    std::vector<std::string> hinted;
    for (const auto& d : hints_)
      if (!nodeflib || std::find(defaults.begin(), defaults.end(), d) == defaults.end()) hinted.push_back(d);
    if (auto f = try_dirs(hinted, name, SearchRule::cache, lib)) return f;
    if (!nodeflib) return try_dirs(defaults, name, SearchRule::system_dirs, lib);
    return std::nullopt;
  }

  // Android's linker (bionic linker/linker.cpp, open_library): LD_LIBRARY_PATH, DT_RUNPATH (bionic
  // ignores DT_RPATH), then the default directories of the ABI. The linker namespaces of
  // /system/etc/ld.config*.txt, which narrow what apps may load, are not modelled.
  std::optional<Found> search_bionic(int requester, const std::string& name, LoadedLibrary& lib) {
    const Node& who = nodes_[static_cast<size_t>(requester)];
    if (impl_.options.ld_library_path) {
      if (auto f = try_dirs(split_path_list(*impl_.options.ld_library_path), name, SearchRule::ld_library_path, lib))
        return f;
    }
    if (auto f = try_dirs(expanded(who, who.facts->runpath), name, SearchRule::runpath, lib)) return f;
    const std::string suffix = main_.bits == 64 ? "lib64" : "lib";
    return try_dirs({"/system/" + suffix, "/odm/" + suffix, "/vendor/" + suffix}, name, SearchRule::system_dirs, lib);
  }

  // What the search stepped over: a file of another ABI (glibc skips it and goes on, musl takes
  // it and fails), or a link chain that loops.
  void report_skips(const LoadedLibrary& lib) {
    for (const auto& s : lib.skipped) {
      if (s.reason.find("symlink loop") != std::string::npos) {
        report_.findings.push_back({.code = Code::CG884, .subject = lib.soname,
                                    .message = s.path + " cannot be opened: " + s.reason,
                                    .fix = "fix the symbolic links so that " + s.path + " leads to the library"});
      } else if (libc_ == Libc::musl) {
        report_.findings.push_back({.code = Code::CG883, .subject = lib.soname,
                                    .message = s.path + " is " + s.reason + "; musl's loader opens the first " +
                                               lib.soname + " on its path and fails on it instead of looking further",
                                    .fix = "remove it from the search path, or put the right library before it"});
      } else {
        report_.findings.push_back({.code = Code::CG883, .downgraded = true, .subject = lib.soname,
                                    .message = s.path + " is skipped by the loader: " + s.reason});
      }
    }
  }

  void missing(LoadedLibrary& lib, int requester) {
    const std::string& who = nodes_[static_cast<size_t>(requester)].path;
    std::string searched;
    for (const auto& s : lib.searched) searched += (searched.empty() ? "" : ", ") + s;
    bool loop = false;
    for (const auto& s : lib.skipped) loop = loop || s.reason.find("symlink loop") != std::string::npos;
    Finding f{.code = Code::CG881, .subject = lib.soname};
    f.message = lib.soname + " (needed by " + who + ") is not found" + (loop ? " (a symlink loop is in the way)" : "") +
                "; searched in order: " + (searched.empty() ? std::string("nothing") : searched);
    f.fix = "install the package that provides " + lib.soname + " in the root, or build without it (static, or CGO_ENABLED=0 for Go)";
    if (unknown_origin_) f.message += " ($ORIGIN entries were not searched: give --dest DIR, where the file will be installed)";
    f.expected = lib.soname;
    f.actual = "not found";
    report_.findings.push_back(std::move(f));
  }

  void check_versions() {
    for (const auto& n : nodes_) {
      for (const auto& need : n.facts->version_needs) {
        const auto it = loaded_.find(need.file);
        if (it == loaded_.end()) continue;
        const ObjectFacts* lib = nullptr;
        std::string lib_path;
        if (it->second == -2) {
          lib = interpreter_facts_;
          lib_path = report_.interpreter && report_.interpreter->path ? *report_.interpreter->path : need.file;
        } else {
          const auto& l = report_.libraries[static_cast<size_t>(it->second)];
          if (!l.path) continue;  // missing: already a finding
          lib = &impl_.facts_at(l.real_path);
          lib_path = *l.path;
        }
        if (lib == nullptr || lib->version_definitions.empty()) continue;  // no versions: glibc only warns
        const auto& defs = lib->version_definitions;
        if (std::find(defs.begin(), defs.end(), need.version) != defs.end()) continue;
        std::string newest;
        const size_t us = need.version.find('_');
        const std::string prefix = us == std::string::npos ? "" : need.version.substr(0, us + 1);
        for (const auto& d : defs) {
          if (!prefix.empty() && !d.starts_with(prefix)) continue;
          if (newest.empty() ||
              analysis::compare_dotted_versions(std::string_view(d).substr(prefix.size()),
                                                std::string_view(newest).substr(prefix.size())) > 0)
            newest = d;
        }
        Finding f{.code = Code::CG882, .subject = need.file};
        f.message = n.path + " needs " + need.version + " from " + need.file +
                    (need.symbol.empty() ? "" : " (for " + need.symbol + ")") + ", which " + lib_path +
                    " does not define" + (newest.empty() ? "" : "; the newest it has is " + newest);
        f.fix = "build against an older " + need.file + " (a sysroot or image as old as the target), or use a newer base image";
        f.expected = need.version;
        f.actual = newest.empty() ? "not defined" : newest;
        report_.findings.push_back(std::move(f));
      }
    }
  }

  static constexpr uint64_t kDf1NoDefLib = 0x800;

  Loader::Impl& impl_;
  FileLoadReport& report_;
  const ObjectFacts& main_;
  Libc libc_;
  std::vector<Node> nodes_;
  std::map<std::string, int> loaded_;       // name or soname -> library index (-2: the loader itself)
  std::map<std::string, int> loaded_real_;  // real path -> library index
  const ObjectFacts* interpreter_facts_ = nullptr;
  std::vector<std::string> system_dirs_;
  std::string dst_lib_, platform_;
  std::optional<int32_t> default_id_;
  std::optional<InterpreterResolution> loader_;  // the loader in charge (PT_INTERP, or the root's for a library)
  bool musl_path_read_ = false;
  bool hints_read_ = false;
  std::vector<std::string> hints_;  // FreeBSD's ld-elf.so.hints directories
  bool unknown_origin_ = false;
  bool abandoned_ = false;  // musl gave up this name's search
  std::optional<std::vector<std::string>> musl_path_;
};

}  // namespace

Loader::Loader(const RootFs& root, Options options) : impl_(std::make_unique<Impl>(root, std::move(options))) {}
Loader::~Loader() = default;

const Loader::Config& Loader::config() {
  impl_->configure();
  return impl_->config;
}

FileLoadReport Loader::check(const std::string& path, bool in_root) {
  impl_->configure();
  FileLoadReport report;
  report.path = path;
  report.in_root = in_root;
  const auto unreadable = [&](const std::string& why) {
    report.error = why;
    report.findings.push_back({.code = Code::CG884, .subject = path, .message = path + ": " + why});
    return report;
  };

  // The file itself: inside the root (resolved there), or on the host.
  ObjectFacts host_facts;
  const ObjectFacts* main = nullptr;
  std::string real_path = path;
  if (in_root) {
    std::string why;
    const auto where = resolve(impl_->root, path, &why);
    if (!where) return unreadable(why);
    if (where->type != EntryType::regular) return unreadable("not a regular file");
    real_path = where->path;
    main = &impl_->facts_at(real_path);
  } else {
    auto source = FileSource::open(path);
    if (!source) return unreadable(source.error().to_string());
    host_facts = read_object_facts(**source);
    main = &host_facts;
  }
  if (main->error) return unreadable(*main->error);
  if (main->type != elf::ET_EXEC && main->type != elf::ET_DYN)
    return unreadable("not an executable or shared library (e_type " + std::to_string(main->type) + ")");
  report.needed = main->needed;

  if (!main->interpreter && main->needed.empty()) {
    report.is_static = true;
    report.loads = true;
    report.findings.push_back(
        {.code = Code::CG885, .subject = path,
         .message = path + " is statically linked (no interpreter, no needed libraries): it loads on any " +
                    main->describe() + " Linux kernel, whatever the root holds"});
    return report;
  }

  Libc libc = Libc::unknown;
  std::optional<Node> interp_node;
  std::optional<InterpreterResolution> musl_loader;  // the root's loader, for a musl library
  if (main->interpreter) {
    const std::string& requested = *main->interpreter;
    libc = libc_of_interpreter(requested);
    report.interpreter = InterpreterResolution{requested, std::nullopt, ""};
    std::string why;
    const auto where = resolve(impl_->root, requested, &why);
    std::optional<std::string> problem;
    if (!where) problem = why;
    else if (where->type != EntryType::regular) problem = requested + " is not a regular file";
    const ObjectFacts* f = nullptr;
    if (!problem) {
      f = &impl_->facts_at(where->path);
      if (const auto bad = incompatibility(*main, *f)) problem = requested + " is " + *bad;
    }
    if (problem) {
      Finding finding{.code = Code::CG880, .subject = requested};
      finding.message = "the interpreter " + requested + " is not usable in " + impl_->root.describe() + " (" + *problem +
                        "): the kernel cannot start " + path + " and exec reports \"no such file or directory\" although the file is there";
      finding.fix = libc == Libc::glibc ? "use a glibc-based image for it, or build it statically (CGO_ENABLED=0 for Go)"
                                        : "install the C library the program was linked against, or build it statically";
      finding.expected = requested;
      finding.actual = "missing";
      report.findings.push_back(std::move(finding));
    } else {
      report.interpreter->path = requested;
      report.interpreter->real_path = where->path;
      interp_node = Node{requested, where->path, f, -1, 0, -1};
    }
  } else {
    // A shared library (or a static-pie needing libraries): the root's own loader decides. For
    // musl that loader is also the libc the library's libc.so names: the root's ld-musl-* of
    // the library's architecture.
    libc = root_libc(impl_->root);
    if (libc == Libc::musl) {
      for (const auto& name : impl_->root.list("/lib")) {
        if (!name.starts_with("ld-musl-")) continue;
        const auto where = resolve(impl_->root, "/lib/" + name);
        if (!where || where->type != EntryType::regular) continue;
        const ObjectFacts* f = &impl_->facts_at(where->path);
        if (incompatibility(*main, *f)) continue;
        musl_loader = InterpreterResolution{"/lib/" + name, "/lib/" + name, where->path};
        interp_node = Node{"/lib/" + name, where->path, f, -1, 0, -1};
        break;
      }
    }
  }
  if (libc == Libc::unknown) libc = Libc::glibc;
  report.libc = libc;

  Resolution resolution(*impl_, report, *main, libc, musl_loader);
  resolution.run(Node{path, real_path, main, -1, 0, -1}, interp_node);
  sort_findings(report.findings);
  report.loads = !has_errors(report.findings);
  return report;
}

std::vector<std::string> Loader::all_elf_files(size_t cap, bool& capped) {
  std::vector<std::string> out;
  capped = false;
  std::vector<std::string> dirs{"/"};
  size_t visited = 0;
  while (!dirs.empty()) {
    const std::string dir = dirs.back();
    dirs.pop_back();
    if (dir == "/proc" || dir == "/sys" || dir == "/dev") continue;
    for (const auto& name : impl_->root.list(dir)) {
      if (++visited > limits::kMaxWalkEntries) {
        capped = true;
        return out;
      }
      const std::string p = dir == "/" ? "/" + name : dir + "/" + name;
      const auto t = impl_->root.lstat(p);
      if (!t) continue;
      if (*t == EntryType::directory) {
        dirs.push_back(p);
      } else if (*t == EntryType::regular) {
        auto source = impl_->root.open(p);
        if (!source) continue;
        try {
          const auto head = (*source)->read_up_to(0, 18, "ELF header");
          if (head.size() < 18 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') continue;
          const uint16_t type = head[5] == 2 ? static_cast<uint16_t>(head[16] << 8 | head[17])
                                             : static_cast<uint16_t>(head[17] << 8 | head[16]);
          if (type != elf::ET_EXEC && type != elf::ET_DYN) continue;
        } catch (const ParseError&) {
          continue;
        }
        if (out.size() >= cap) {
          capped = true;
          break;
        }
        out.push_back(p);
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace crossgo::rootfs
