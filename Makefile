# The two commands of the contract: `make demo` and `make test`. Each installs what it needs
# (Debian packages only), builds, then runs. Everything else here is a step of those two.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
FIXTURES ?= $(CURDIR)/.cache/fixtures
# The root filesystems of crossgo rootfs's oracle tests: next to the fixtures, where they look.
ROOTFS ?= $(dir $(FIXTURES))rootfs
FUZZ_SECONDS ?= 20

PREFIX ?= /usr/local
# The project's own builds treat every warning as an error; a plain `cmake -S . -B b` does not.
OWN := -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DCROSSGO_TESTS=ON

.PHONY: all deps build build-asan build-fuzz build-clang-release fixtures test test-release test-asan fuzz-smoke \
  demo bench install clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ $(OWN) \
	  -DCROSSGO_FIXTURES=$(FIXTURES) >/dev/null
	@ninja -C build -j $(JOBS)

# The same suite under ASan+UBSan, built with Clang so both compilers must stay warning-free.
build-asan: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 $(OWN) \
	  -DCROSSGO_SANITIZE=ON -DCROSSGO_FIXTURES=$(FIXTURES) >/dev/null
	@ninja -C build-asan -j $(JOBS)

build-fuzz: deps
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DCROSSGO_FUZZ=ON >/dev/null
	@ninja -C build-fuzz -j $(JOBS)

# Clang 14 at -O3 as well, so both compilers' optimised builds stay warning-free (build only:
# the suite runs on the GCC Release build and the Clang ASan+UBSan build).
build-clang-release: deps
	@cmake -S . -B build-clang-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DCROSSGO_TESTS=OFF >/dev/null
	@ninja -C build-clang-release -j $(JOBS)

# The fixtures, the root filesystems (Debian trees, a musl tree, OCI images) crossgo rootfs is
# checked in, and the official SARIF 2.1.0 schema verify's SARIF is validated against (npm).
fixtures: deps
	@tests/fixtures/build-fixtures.sh $(FIXTURES)
	@tests/rootfs/build-rootfs.sh $(ROOTFS)
	@/usr/bin/python3 scripts/fetch-sarif-schema.py $(CURDIR)/.cache/sarif

test-release: build fixtures
	@cd build && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan fixtures
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz-smoke: build-fuzz
	@scripts/fuzz-smoke.sh build-fuzz $(FUZZ_SECONDS)

test: test-release test-asan build-clang-release fuzz-smoke
	@echo "make test: all suites passed"

demo: build
	@scripts/demo.sh build/crossgo

bench: build fixtures
	@bench/inspect.sh build/crossgo $(FIXTURES)
	@bench/rootfs.sh build/crossgo
	@bench/cgo.sh build/crossgo
	@bench/patch.sh build/crossgo

install: build
	@cmake --install build --prefix "$(PREFIX)"

clean:
	rm -rf build build-asan build-fuzz build-clang-release
