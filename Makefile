# Lagrange: the two commands are `make run` and `make test`; both install what is missing.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
CMAKE_FLAGS ?=

.PHONY: all deps build web run test test-release test-asan fuzz-build fuzz fuzz-smoke format \
  format-check bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	@$(MAKE) --no-print-directory web

# The dashboard (web/, docs/dashboard.md) into web/dist, which `lagrange serve` serves at /.
# deps has run `npm ci` from web/package-lock.json; nothing is downloaded here.
web:
	cd web && node_modules/.bin/vite build --logLevel error

# The main job on the built-in default scenario.
run: build
	@scripts/run-default.sh $(BUILD)/bin/lagrange

test: test-release test-asan fuzz-smoke

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer (no benchmarks; not
# the dashboard's tests, labels web and browser, which check JavaScript and the page, not the C++).
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DLAGRANGE_SANITIZE=ON \
	  -DLAGRANGE_BENCH=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -LE 'slow|browser|web'

# The libFuzzer harnesses of fuzz/ (docs/TESTING.md#fuzzing): clang, ASan + UBSan, their own
# build directory. `make fuzz` runs each for FUZZ_SECONDS; `make fuzz-smoke` (part of `make
# test`) for FUZZ_SMOKE_SECONDS each, from the committed seeds.
fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O2 -g -D_GLIBCXX_ASSERTIONS" -DLAGRANGE_FUZZ=ON \
	  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DLAGRANGE_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

bench: build
	@bench/run_all.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
