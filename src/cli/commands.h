// Each command file adds its subcommand to the app and returns the function that runs it. The CLI
// stays thin: commands parse flags, call libcrossgo and hand results to a renderer in src/output.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "crossgo/finding_codes.h"
#include "crossgo/platform.h"

namespace crossgo::cli {

using RunCommand = std::function<int()>;

// Documented exit codes (docs/exit-codes.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;  // doctor / verify found errors; patch refused
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreadable = 3;  // a named file could not be read or parsed
inline constexpr int kExitOutput = 4;      // the output could not be written (full disk, closed pipe)

RunCommand add_inspect_command(CLI::App& app);
RunCommand add_doctor_command(CLI::App& app);
RunCommand add_explain_command(CLI::App& app);
RunCommand add_verify_command(CLI::App& app);
RunCommand add_rootfs_command(CLI::App& app);
RunCommand add_cgo_command(CLI::App& app);
RunCommand add_patch_command(CLI::App& app);

// Parses a target in any accepted spelling (linux/arm64, linux/arm/v7, linux_arm_7 …); on failure
// prints the error with spelling suggestions to stderr and returns nullopt. Shared by doctor/explain.
std::optional<Target> parse_target_or_report(const std::string& text);

// --ignore values as codes; on a value that is no finding code, prints why with the nearest
// existing code to stderr and returns nullopt (a usage error).
std::optional<std::vector<Code>> parse_ignored_codes(const std::vector<std::string>& args);

// Flushes stdout; a write error turns `rc` into kExitOutput with a message on stderr.
int finish_output(int rc);

// True when colour may be used on stdout: a TTY and NO_COLOR unset (https://no-color.org).
bool use_colour();

}  // namespace crossgo::cli
