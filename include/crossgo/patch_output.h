// Renderers for crossgo patch (src/output/patch_*.cc). JSON follows docs/patch.schema.json.
#pragma once

#include <string>

#include "crossgo/patch.h"

namespace crossgo::output {

inline constexpr int kPatchSchemaVersion = 1;

// What changed (or would, with --dry-run): values before and after, then the plan's steps,
// the new segment and the byte ranges written.
std::string patch_text(const patch::FileResult& result, bool dry_run);
std::string patch_json(const patch::FileResult& result, bool dry_run);

}  // namespace crossgo::output
