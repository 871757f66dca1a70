// The eight-combination matrix for `explain --matrix`: the host's own pair, another GOOS, another
// GOARCH and both, each with cgo off and on, predicted in this environment.
#include <future>

#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {

std::vector<MatrixCase> explain_matrix(const CollectOptions& options) {
  // Learn the host from the selected go (or the machine) first.
  CollectOptions host_opt = options;
  host_opt.target.reset();
  host_opt.cgo_probe = CollectOptions::CgoProbe::never;
  Environment host = collect(host_opt);
  const std::string hos = host.go.host_goos, harch = host.go.host_goarch;
  const std::string other_os = hos == "linux" ? "windows" : "linux";
  const std::string other_arch = harch == "amd64" ? "arm64" : "amd64";
  // The four targets are independent: collected at the same time; tools' answers are shared
  // through run_tool's per-run cache.
  std::vector<std::pair<bool, bool>> pairs{{true, true}, {true, false}, {false, true}, {false, false}};
  std::vector<std::future<Environment>> envs;
  for (auto [same_os, same_arch] : pairs) {
    CollectOptions o = options;
    o.target = Target{same_os ? hos : other_os, same_arch ? harch : other_arch, ""};
    o.cgo_probe = CollectOptions::CgoProbe::always;  // the cgo=1 prediction needs the proof
    envs.push_back(std::async(std::launch::async, [o] { return collect(o); }));
  }
  std::vector<MatrixCase> out;
  for (size_t i = 0; i < pairs.size(); ++i) {
    Environment e = envs[i].get();
    for (bool cgo : {false, true}) {
      MatrixCase c;
      c.same_goos = pairs[i].first;
      c.same_goarch = pairs[i].second;
      c.cgo = cgo;
      c.prediction = predict(e, cgo);
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace crossgo::env
