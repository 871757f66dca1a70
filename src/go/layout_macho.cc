// PLACEHOLDER until the macho adapter lands.
#include "crossgo/go_layout.h"

namespace crossgo {

GoLayout go_layout_macho(const Image&) { return {}; }

}  // namespace crossgo
