// The `go list -json` stream: one JSON object per package, concatenated (cmd/go/internal/list,
// list.go, Go 1.19: each package is json.MarshalIndent'ed and written as it is loaded). It is
// parsed with simdjson's document stream (ondemand iterate_many) rather than nlohmann's SAX: on the
// same 10.8 MB stream (Go 1.23's `go list -deps -json std cmd`, five times) simdjson took 15-16 ms
// and nlohmann's SAX 95-111 ms, and both are libraries Debian ships. Fields crossgo does not read
// are skipped without being decoded.
#include <simdjson.h>

#include <map>
#include <tuple>

#include "crossgo/cgo.h"
#include "crossgo/limits.h"

namespace crossgo::cgo {
namespace {

namespace od = simdjson::ondemand;

// A parse step failed: carries simdjson's message; turned into an Error with the offset.
struct StreamError {
  std::string message;
};

void check(simdjson::error_code code, std::string_view what) {
  if (code != simdjson::SUCCESS) {
    std::string m(what);
    m.append(": ").append(simdjson::error_message(code));
    throw StreamError{std::move(m)};
  }
}

std::string get_string(od::value v, std::string_view field) {
  std::string_view s;
  check(v.get_string().get(s), field);
  if (s.size() > limits::kMaxGoListStringBytes) throw StreamError{std::string(field) + ": string too long"};
  return std::string(s);
}

bool get_bool(od::value v, std::string_view field) {
  bool b = false;
  check(v.get_bool().get(b), field);
  return b;
}

std::vector<std::string> get_strings(od::value v, std::string_view field) {
  std::vector<std::string> out;
  od::array a;
  check(v.get_array().get(a), field);
  for (auto element : a) {
    od::value e;
    check(element.get(e), field);
    if (out.size() >= limits::kMaxGoListListEntries) throw StreamError{std::string(field) + ": too many entries"};
    out.push_back(get_string(e, field));
  }
  return out;
}

ListedError get_error(od::value v, std::string_view field) {
  ListedError e;
  od::object o;
  check(v.get_object().get(o), field);
  for (auto f : o) {
    std::string_view key;
    check(f.unescaped_key().get(key), field);
    od::value val;
    check(f.value().get(val), field);
    if (key == "Err") e.message = get_string(val, "Error.Err");
    else if (key == "Pos") e.position = get_string(val, "Error.Pos");
  }
  return e;
}

ListedModule get_module(od::value v) {
  ListedModule m;
  od::object o;
  check(v.get_object().get(o), "Module");
  for (auto f : o) {
    std::string_view key;
    check(f.unescaped_key().get(key), "Module");
    od::value val;
    check(f.value().get(val), "Module");
    if (key == "Path") m.path = get_string(val, "Module.Path");
    else if (key == "Version") m.version = get_string(val, "Module.Version");
    else if (key == "Main") m.main = get_bool(val, "Module.Main");
    else if (key == "Dir") m.dir = get_string(val, "Module.Dir");
    else if (key == "Replace") {
      od::object r;
      check(val.get_object().get(r), "Module.Replace");
      for (auto rf : r) {
        std::string_view rkey;
        check(rf.unescaped_key().get(rkey), "Module.Replace");
        od::value rval;
        check(rf.value().get(rval), "Module.Replace");
        if (rkey == "Path") m.replace_path = get_string(rval, "Module.Replace.Path");
        else if (rkey == "Version") m.replace_version = get_string(rval, "Module.Replace.Version");
        else if (rkey == "Dir") m.dir = get_string(rval, "Module.Replace.Dir");
      }
    }
  }
  return m;
}

// The string-list fields, by their go list names (cmd/go/internal/load.PackagePublic).
std::vector<std::string> ListedPackage::*list_field(std::string_view key) {
  static const std::map<std::string_view, std::vector<std::string> ListedPackage::*> fields = {
      {"GoFiles", &ListedPackage::go_files},
      {"CgoFiles", &ListedPackage::cgo_files},
      {"IgnoredGoFiles", &ListedPackage::ignored_go_files},
      {"IgnoredOtherFiles", &ListedPackage::ignored_other_files},
      {"CFiles", &ListedPackage::c_files},
      {"CXXFiles", &ListedPackage::cxx_files},
      {"MFiles", &ListedPackage::m_files},
      {"HFiles", &ListedPackage::h_files},
      {"FFiles", &ListedPackage::f_files},
      {"SFiles", &ListedPackage::s_files},
      {"SwigFiles", &ListedPackage::swig_files},
      {"SwigCXXFiles", &ListedPackage::swig_cxx_files},
      {"SysoFiles", &ListedPackage::syso_files},
      {"CgoCFLAGS", &ListedPackage::cgo_cflags},
      {"CgoCPPFLAGS", &ListedPackage::cgo_cppflags},
      {"CgoCXXFLAGS", &ListedPackage::cgo_cxxflags},
      {"CgoFFLAGS", &ListedPackage::cgo_fflags},
      {"CgoLDFLAGS", &ListedPackage::cgo_ldflags},
      {"CgoPkgConfig", &ListedPackage::cgo_pkg_config},
      {"Imports", &ListedPackage::imports},
      {"Match", &ListedPackage::match},
  };
  auto it = fields.find(key);
  return it == fields.end() ? nullptr : it->second;
}

using ModuleKey = std::tuple<std::string, std::string, std::string, std::string>;

void read_package(od::object o, GoListResult& out, std::map<ModuleKey, size_t>& module_index) {
  ListedPackage p;
  for (auto f : o) {
    std::string_view key;
    check(f.unescaped_key().get(key), "package");
    od::value val;
    check(f.value().get(val), key);
    if (key == "ImportPath") p.import_path = get_string(val, key);
    else if (key == "Name") p.name = get_string(val, key);
    else if (key == "Dir") p.dir = get_string(val, key);
    else if (key == "Standard") p.standard = get_bool(val, key);
    else if (key == "DepOnly") p.dep_only = get_bool(val, key);
    else if (key == "Incomplete") p.incomplete = get_bool(val, key);
    else if (key == "Error") p.error = get_error(val, key);
    else if (key == "DepsErrors") {
      od::array a;
      check(val.get_array().get(a), key);
      for (auto element : a) {
        od::value e;
        check(element.get(e), key);
        if (p.deps_errors.size() < limits::kMaxGoListListEntries) p.deps_errors.push_back(get_error(e, key));
      }
    } else if (key == "Module") {
      ListedModule m = get_module(val);
      ModuleKey k{m.path, m.version, m.replace_path, m.replace_version};
      auto [it, added] = module_index.try_emplace(k, out.modules.size());
      if (added) out.modules.push_back(std::move(m));
      p.module = it->second;
    } else if (auto field = list_field(key)) {
      p.*field = get_strings(val, key);
    }
  }
  if (p.import_path.empty()) throw StreamError{"a package without ImportPath"};
  out.packages.push_back(std::move(p));
}

}  // namespace

Result<GoListResult> parse_go_list(std::string_view json_stream) {
  GoListResult out;
  if (json_stream.size() > limits::kMaxGoListBytes) return Error{"go list output is larger than crossgo reads", {}};
  // No packages at all (a pattern that matched nothing): simdjson's answer to an empty buffer
  // differs between its checked and release builds, so it is not asked.
  if (json_stream.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  simdjson::padded_string padded(json_stream);
  od::parser parser;
  od::document_stream stream;
  // The batch must hold the largest document; one package's JSON is far below 16 MiB.
  if (auto e = parser.iterate_many(padded, 16 << 20).get(stream); e != simdjson::SUCCESS)
    return Error{std::string("go list output: ") + simdjson::error_message(e), 0};
  std::map<ModuleKey, size_t> module_index;
  size_t offset = 0;
  try {
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      offset = it.current_index();
      if (out.packages.size() >= limits::kMaxGoListPackages) return Error{"go list listed more packages than crossgo reads", offset};
      od::document_reference doc;
      check((*it).get(doc), "package");
      od::object o;
      check(doc.get_object().get(o), "package");
      read_package(o, out, module_index);
    }
    if (stream.truncated_bytes() > 0)
      return Error{"go list output ends inside a JSON document", json_stream.size() - stream.truncated_bytes()};
  } catch (const StreamError& e) {
    return Error{"go list output: " + e.message, offset};
  }
  return out;
}

}  // namespace crossgo::cgo
