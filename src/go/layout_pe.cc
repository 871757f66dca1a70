// PLACEHOLDER until the pe adapter lands.
#include "crossgo/go_layout.h"

namespace crossgo {

GoLayout go_layout_pe(const Image&) { return {}; }

}  // namespace crossgo
