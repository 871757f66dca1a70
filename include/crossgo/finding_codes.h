// The finding codes, as a compile-time-checked enum: a call site names `Code::CG401`, so a typo
// or a code missing from the registry does not compile. The numbers are the documented codes;
// their meaning, severity and name are the registry's (finding_registry.h, src/findings/).
// Adding a code: append its number here (ascending), then its row in src/findings/registry.cc
// (a static_assert checks both lists agree) and its section in docs/findings.md (a test checks).
#pragma once

#include <cstdint>

// CG1xx target, CG2xx where settings live, CG3xx cgo (CG31x crossgo cgo's source analysis), CG4xx C toolchain,
// CG5xx external linking, CG6xx toolchain selection, CG7xx GOFLAGS, CG8xx artifacts (inspect; CG86x-CG87x verify;
// CG88x rootfs; CG89x patch), CG9xx confidence.
#define CROSSGO_FINDING_CODES(X)                                                                  \
  X(101) X(102) X(103) X(104) X(105) X(106)                                                       \
  X(201) X(202) X(203) X(204) X(205) X(206) X(207) X(208) X(209)                                  \
  X(301) X(302) X(303)                                                                            \
  X(310) X(311) X(312) X(313) X(314) X(315)                                                       \
  X(401) X(402) X(403) X(404) X(405) X(406) X(407) X(408) X(409)                                  \
  X(410) X(411) X(412) X(413) X(414) X(415) X(416)                                                \
  X(501) X(502) X(503) X(504)                                                                     \
  X(601) X(602) X(603) X(604) X(605) X(606) X(607)                                                \
  X(701) X(702) X(703) X(704) X(705)                                                              \
  X(800) X(801) X(802)                                                                            \
  X(810) X(811) X(812)                                                                            \
  X(820) X(821) X(822) X(823) X(824)                                                              \
  X(830) X(831)                                                                                   \
  X(840)                                                                                          \
  X(850)                                                                                          \
  X(860) X(861) X(862) X(863) X(864) X(865) X(866) X(867) X(868)                                  \
  X(869) X(870) X(871) X(872) X(873) X(874) X(875) X(876) X(877)                                  \
  X(880) X(881) X(882) X(883) X(884) X(885)                                                       \
  X(890) X(891) X(892) X(893) X(894) X(895) X(896)                                                \
  X(901) X(902) X(903) X(904) X(905)

namespace crossgo {

enum class Code : std::uint16_t {
#define CROSSGO_CODE_ENUMERATOR(n) CG##n = n,
  CROSSGO_FINDING_CODES(CROSSGO_CODE_ENUMERATOR)
#undef CROSSGO_CODE_ENUMERATOR
};

}  // namespace crossgo
