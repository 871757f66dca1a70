// Text from files and the environment (interpreter paths, build-info strings, file names) goes to
// a terminal only through these functions: a newline in PT_INTERP must not forge a report line,
// and an ESC in a file name must not reach the terminal.
#pragma once

#include <string>
#include <string_view>

namespace crossgo {

// C0 and C1 control characters, DEL, bytes that are not valid UTF-8, and Unicode bidirectional
// overrides become visible escapes (\n, \t, \x1b, \u{202e}); everything else is kept as is.
std::string escape_for_terminal(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace crossgo
