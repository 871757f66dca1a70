// libFuzzer harness for the XCOFF reader, its Go layout adapter and its format analyzer, then the whole
// inspect pipeline (fuzz/format_harness.h).
#include "format_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return crossgo::fuzz_format_reader(crossgo::kXcoffReader, crossgo::analysis::xcoff_analyzer(), "xcoff", data, size);
}
