// glob(3) over a RootFs, for ld.so.conf's `include` lines: what glibc's glob(pattern, 0) gives
// ldconfig (parse_conf_include in elf/ldconfig.c), computed from the root's own listings so that
// links are followed inside the root and never out of it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crossgo/root_fs.h"

namespace crossgo::rootfs::detail {

// fnmatch(pattern, name, FNM_PERIOD) for one path component: '*', '?', bracket expressions
// ("[a-z]", "[!.]", "[[:digit:]]") and backslash escapes, in the C locale; a leading '.' in the
// name is matched only by a '.' in the pattern. Linear in the pattern times the name (no
// backtracking blow-up on "*a*a*a…b"), so a hostile pattern costs nothing.
bool match_component(std::string_view pattern, std::string_view name);

// Whether glob treats the component as a pattern: an unescaped '*' or '?', or an unescaped '['
// with a ']' after it.
bool has_wildcards(std::string_view component);

// The paths matching an absolute pattern, sorted as glob(3) sorts them for ldconfig: strcmp of
// the whole path (ldconfig has used the C collation for includes since glibc 2.27). A wildcard component is matched against the listing of each directory
// reached so far (links followed inside the root); a literal one is appended as written, and
// whether the last one exists is left to the caller, as glob leaves missing ones out. At most
// `max_results` paths and limits::kMaxGlobEntries listed names; `truncated` says when a cap
// stopped it.
std::vector<std::string> glob(const RootFs& root, std::string_view pattern, size_t max_results, bool* truncated);

}  // namespace crossgo::rootfs::detail
