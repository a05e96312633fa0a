# The two promises of the README: `make demo` and `make check`, on a fresh Debian 12.
# Everything else is a convenience around CMake presets (see CMakePresets.json).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
MH := build/dev/src/molehunt

.PHONY: all deps build release asan demo check test test-asan fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh
	@scripts/web-deps.sh

build: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

demo: build
	@scripts/demo.sh $(MH)

test: build
	@ctest --preset dev -j $(JOBS)

test-asan: asan
	@ctest --preset asan -j $(JOBS)

# The whole suite in a warnings-as-errors build, then again under ASan+UBSan.
check: test test-asan
	@echo "make check: all suites passed"

fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

bench: release
	@scripts/bench.sh build/release

clean:
	rm -rf build
