// libFuzzer harness for the Plan 9 a.out reader, its Go layout adapter and its format analyzer, then the whole
// inspect pipeline (fuzz/format_harness.h).
#include "format_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return crossgo::fuzz_format_reader(crossgo::kPlan9Reader, crossgo::analysis::plan9_analyzer(), "plan9", data, size);
}
