// What each format contributes to the analysis: the facts that only its own details can decide
// (OS evidence in its headers, how it links, which C runtime it uses, its hardening flags and
// version floors). The generic analyzers combine these with Go's evidence; one file per format
// (format_<format>.cc), registered in format_analyzer.cc.
#pragma once

#include <vector>

#include "crossgo/facts.h"
#include "crossgo/finding.h"
#include "crossgo/image.h"

namespace crossgo::analysis {

class FormatAnalyzer {
 public:
  virtual ~FormatAnalyzer() = default;
  // Architecture flags beyond GOARCH (ARM float ABI, MIPS ABI, arm64e …).
  virtual void arch_flags(const Image&, TargetFacts&) const {}
  // OS evidence from the format's own headers (notes, load commands, subsystem, imports …).
  virtual std::vector<OsVote> os_votes(const Image&) const = 0;
  virtual LinkageFacts linkage(const Image&) const = 0;
  // The C library / runtime. `go` is set for Go binaries, `os` is the decided OS.
  virtual LibcFacts libc(const Image&, const LinkageFacts&, const OsFacts& os, const GoFacts* go) const = 0;
  virtual HardeningFacts hardening(const Image&, const LinkageFacts&) const = 0;
  virtual std::vector<Floor> floors(const Image&) const { return {}; }
  // Format-specific findings about the combination of facts (e.g. arm64 macOS without a code
  // signature), coded CG8xx; the report lists them and shows their messages as warnings or notes.
  virtual std::vector<Finding> checks(const Image&, const TargetFacts&, const OsFacts&, const GoFacts*) const {
    return {};
  }
  // Checks that need every fact (linkage and libc too). Info findings become the report's notes:
  // true facts a user should know that do not make the binary wrong for its usual targets.
  struct AllFacts {
    const TargetFacts& target;
    const OsFacts& os;
    const LinkageFacts& linkage;
    const LibcFacts& libc;
    const GoFacts* go;
  };
  virtual void late_checks(const Image&, const AllFacts&, std::vector<Finding>& /*findings*/) const {}
};

const FormatAnalyzer& elf_analyzer();
const FormatAnalyzer& macho_analyzer();
const FormatAnalyzer& pe_analyzer();
const FormatAnalyzer& xcoff_analyzer();
const FormatAnalyzer& plan9_analyzer();
const FormatAnalyzer& wasm_analyzer();
const FormatAnalyzer& goobj_analyzer();

// The analyzer for image.format (a neutral one that decides nothing for unknown formats).
const FormatAnalyzer& format_analyzer(const Image& image);

// GOARCH for an architecture as the format states it; nullptr when it is not a Go target.
const char* goarch_for(CpuArch arch, int bits, Endian endian);

}  // namespace crossgo::analysis
