# The two commands of the contract: `make demo` and `make test`. Each installs what it needs
# (Debian packages only), builds, then runs. Everything else here is a step of those two.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
FIXTURES ?= $(CURDIR)/.cache/fixtures
FUZZ_SECONDS ?= 20

.PHONY: all deps build build-asan build-fuzz fixtures test test-release test-asan fuzz-smoke demo bench clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ \
	  -DCROSSGO_FIXTURES=$(FIXTURES) >/dev/null
	@ninja -C build -j $(JOBS)

# The same suite under ASan+UBSan, built with Clang so both compilers must stay warning-free.
build-asan: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCROSSGO_SANITIZE=ON -DCROSSGO_FIXTURES=$(FIXTURES) >/dev/null
	@ninja -C build-asan -j $(JOBS)

build-fuzz: deps
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCROSSGO_FUZZ=ON >/dev/null
	@ninja -C build-fuzz -j $(JOBS)

fixtures: deps
	@tests/fixtures/build-fixtures.sh $(FIXTURES)

test-release: build fixtures
	@cd build && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan fixtures
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz-smoke: build-fuzz
	@scripts/fuzz-smoke.sh build-fuzz $(FUZZ_SECONDS)

test: test-release test-asan fuzz-smoke
	@echo "make test: all suites passed"

demo: build
	@scripts/demo.sh build/crossgo

bench: build fixtures
	@bench/inspect.sh build/crossgo $(FIXTURES)

clean:
	rm -rf build build-asan build-fuzz
