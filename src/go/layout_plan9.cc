// PLACEHOLDER until the plan9 adapter lands.
#include "crossgo/go_layout.h"

namespace crossgo {

GoLayout go_layout_plan9(const Image&) { return {}; }

}  // namespace crossgo
