// What the gosrc files share and the public header does not promise.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/go_source.h"

namespace crossgo::gosrc::detail {

// The build constraints of a file header, found as go/build's parseFileHeader finds them
// (build.go, Go 1.19 and 1.23 agree): a //go:build line anywhere in the leading run of comments
// and blank lines (not inside /* */), and the `// +build` lines only up to the last blank line
// before the first non-comment text.
struct HeaderConstraints {
  std::optional<std::string> go_build;  // the expression after "//go:build"
  Position go_build_where;
  std::vector<std::string> plus_build;  // each line's text after "+build"
  Position plus_build_where;
  std::string error;                    // "multiple //go:build comments"
};
// Positions are those of `text`, which starts at line 1 of the file.
HeaderConstraints parse_file_header(std::string_view text);

// Where go/build's readComments stops in a non-Go file: the first byte that is not space, ';'
// or part of a comment (read.go: importReader.peekByte(true)).
size_t leading_comments_end(std::string_view text);

// scan_go_source, also telling whether the header ended on a token inside `text` (false when the
// text ran out first, so a caller that read a prefix of the file must read more).
GoScanResult scan_go_source_prefix(std::string_view text, ScanDepth depth, bool* header_complete);

bool is_space(char c);
std::string_view trim_space(std::string_view s);
Position position_at(std::string_view text, size_t offset);

}  // namespace crossgo::gosrc::detail
