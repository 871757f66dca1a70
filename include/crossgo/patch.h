// crossgo patch: change an ELF file's program interpreter, RPATH/RUNPATH and DT_NEEDED names,
// with the smallest change that does it. Data flows bytes → edit model (what the change touches:
// program headers, dynamic array, dynamic string table, PT_INTERP, section headers) → plan (the
// byte ranges to write and, when something must move, one new PT_LOAD at the end of the file) →
// writer (into memory, or a temporary file renamed over the original) → re-verification with
// crossgo's own ELF reader. Nothing here prints; crossgo never runs the file it patches.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/finding.h"

namespace crossgo::patch {

enum class SearchPathOp { none, set_rpath, set_runpath, remove, add };

struct Request {
  std::optional<std::string> interpreter;      // --set-interpreter PATH
  std::optional<std::string> interpreter_for;  // --interpreter-for glibc|musl
  SearchPathOp search_path = SearchPathOp::none;
  std::string search_path_value;  // for set_rpath, set_runpath and add
  std::vector<std::pair<std::string, std::string>> replace_needed;  // OLD, NEW
};

// One range of the output that differs from the input (or lies past its end).
struct Write {
  uint64_t offset = 0;
  std::vector<uint8_t> bytes;
  std::string what;  // "PT_INTERP string", "dynamic entry 12", "program header table" …
};

struct NewSegment {
  uint64_t offset = 0, vaddr = 0, size = 0, align = 0;
  uint32_t flags = 0;                // PF_R, plus PF_W when the dynamic array moved into it
  std::vector<std::string> contents;  // ".dynstr", ".interp", ".dynamic", "program headers", in file order
};

// The values before and after, as the loader reads them.
struct Values {
  std::optional<std::string> interpreter;
  std::optional<std::string> rpath, runpath;  // DT_RPATH / DT_RUNPATH strings, nullopt when absent
  std::vector<std::string> needed;
};

struct Plan {
  bool changes = false;  // false: the file already says what was asked; nothing is written
  bool in_place = true;  // no layout change: only bytes inside existing structures change
  Values before, after;
  std::vector<std::string> steps;  // why each decision was taken, in order, for --dry-run
  std::optional<NewSegment> new_segment;
  std::vector<Write> writes;  // sorted by offset, non-overlapping
  uint64_t old_size = 0, new_size = 0;
  int bits = 0;
  bool big_endian = false;
  std::string machine;
};

// Either a plan or why not (a finding in CG890–CG899).
struct Outcome {
  std::optional<Plan> plan;
  std::optional<Finding> refusal;
  // The file could not be read as ELF at all (truncated header, a table past its end): the
  // reader's error, for exit 3. Not set when refusal is.
  std::optional<Error> unreadable;
};

// Plans the change for the bytes in `src` (the file named `file`, for messages).
Outcome plan_patch(ByteSource& src, const Request& request, const std::string& file);

// The input with the plan applied (tests, fuzzing, and what the file writer does on disk).
std::vector<uint8_t> apply_in_memory(std::span<const uint8_t> input, const Plan& plan);

// Reads the patched bytes back with crossgo's ELF reader and checks them: the values are what
// the plan promised, no segment is writable and executable, every SHF_ALLOC section is inside a
// PT_LOAD, PT_PHDR is covered by a PT_LOAD, and the reader warns about nothing it did not already
// warn about in the input. Returns the first problem, or nullopt.
std::optional<std::string> reverify(ByteSource& input, ByteSource& patched, const Plan& plan);

struct FileOptions {
  std::string output;   // -o: write here instead of replacing the input ("" = in place)
  bool dry_run = false;
};

// What happened to a file, for the renderer and the exit code.
struct FileResult {
  std::string file;
  std::string output;  // where the result went (the input itself, or -o)
  Outcome outcome;
  bool written = false;
  uint64_t bytes_written = 0;  // bytes pwritten after the copy (the plan's writes)
  std::optional<Finding> reverify_failure;  // CG896: nothing was written
  std::optional<std::string> io_error;      // the temporary file or the rename failed (exit 4)
};

// Plans, writes to a temporary file beside the target, re-verifies, fsyncs and renames; the
// original is untouched unless the rename happened.
FileResult patch_file(const std::string& path, const Request& request, const FileOptions& options);

}  // namespace crossgo::patch
