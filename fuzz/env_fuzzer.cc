// libFuzzer harness for the readers doctor feeds with text it does not control: the go env -w
// file and $GOROOT/go.env (read from a file, as doctor does, through a memfd), `go env -json`
// output, GOFLAGS, cmd/go's quoted-word splitting, target spellings, and the classifier of C
// compiler errors. The first byte chooses the reader; the rest is its input.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "crossgo/env.h"
#include "crossgo/platform.h"
#include "env/internal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace crossgo::env;
  switch (data[0] % 6) {
    case 0: {
      const int fd = memfd_create("goenv", 0);
      if (fd < 0) return 0;
      if (write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size())) {
        const EnvFile f = load_env_file("/proc/self/fd/" + std::to_string(fd), "fuzz");
        for (const auto& [k, v] : f.values)
          if (k.empty() || k[0] < 'A' || k[0] > 'Z') std::abort();  // cmd/go's rule for keys
      }
      close(fd);
      break;
    }
    case 1: {
      EnvMap out;
      std::string error;
      if (!parse_go_env_json(text, out, &error) && error.empty()) std::abort();
      break;
    }
    case 2: {
      std::string error;
      (void)parse_goflags(text, &error);
      break;
    }
    case 3: {
      std::string error;
      (void)split_quoted(text, &error);
      break;
    }
    case 4: {
      auto parsed = crossgo::parse_target(text);
      if (!parsed.target && parsed.error.empty()) std::abort();
      break;
    }
    case 5: {
      std::string missing, first;
      (void)classify_compiler_failure(text.size() % 2 == 0 ? "compile" : "link", text, &missing, &first);
      break;
    }
  }
  return 0;
}
