// libFuzzer harness for crossgo patch: the first bytes choose a request (which changes, and the
// lengths of the new strings), the rest is the file. The planner must refuse or report the file
// unreadable, or make a plan whose result crossgo's ELF reader reads back, without an error and
// with the requested interpreter and search path. Any crash, sanitizer report, leak or abort is
// a bug.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/patch.h"

namespace {

std::string path_of(uint8_t len, char fill) {
  std::string s = "/";
  for (unsigned i = 0; i < len; ++i) s += (i % 9 == 8) ? '/' : fill;
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace crossgo;
  if (size < 4) return 0;
  const uint8_t sel = data[0];
  patch::Request req;
  if (sel & 1) req.interpreter = path_of(data[1], 'i');
  const patch::SearchPathOp ops[] = {patch::SearchPathOp::none, patch::SearchPathOp::set_rpath,
                                     patch::SearchPathOp::set_runpath, patch::SearchPathOp::add,
                                     patch::SearchPathOp::remove};
  req.search_path = ops[(sel >> 1) % 5];
  req.search_path_value = path_of(data[2], 'r');
  if (sel & 0x40) req.replace_needed = {{"libc.so.6", "lib" + std::string(data[3] % 64, 'n') + ".so"}};
  const std::span<const uint8_t> file(data + 4, size - 4);
  MemorySource src(file);
  const patch::Outcome o = patch::plan_patch(src, req, "fuzz");
  if (!o.plan) {
    if (!o.refusal && !o.unreadable) std::abort();
    return 0;
  }
  const patch::Plan& plan = *o.plan;
  if (plan.new_size > (16u << 20)) return 0;  // a legal hole before the new segment; too big to copy here
  const auto out = patch::apply_in_memory(file, plan);
  MemorySource back(out);
  const auto img = kElfReader.read(back);
  if (!img) std::abort();  // the planner read this file; its own result must read too
  if (req.interpreter && img->interpreter != req.interpreter) std::abort();
  MemorySource again(file);
  (void)patch::reverify(again, back, plan);
  return 0;
}
