# PlanWise Navigator. Every target does the set-up it needs (idempotent):
# apt packages and the pinned DuckDB fetch (scripts/setup.sh), then the build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
JOBS       ?= 2
CMAKE_FLAGS ?= -DPLANWISE_WERROR=ON

.PHONY: all setup build build-asan asan-compile test test-release release-ctest test-asan asan-ctest test-tsan test-concurrency run bench bench-tuning bench-dashboard bench-governance bench-ensemble screenshots golden-update format clean

all: build

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja: | setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# The sanitizer build is clang's: AddressSanitizer + UBSan on src/, and
# libFuzzer's coverage instrumentation too (PLANWISE_FUZZ), so the one build
# runs both the test suites and the fuzz targets (issue 15 items 3 and 7).
SAN_CXX ?= clang++-14

# Only the test binary and the fuzz targets: the CLI is exercised by the
# integration suites, which the sanitizer build does not run
# (tests/CMakeLists.txt). A sanitizer build configured before it was clang's
# (no PLANWISE_FUZZ) is configured again.
build-asan: setup
	@$(MAKE) --no-print-directory asan-compile

# build-asan without the set-up, which `make test` has already done.
asan-compile:
	@if [ -f $(ASAN_BUILD)/CMakeCache.txt ] && ! grep -q '^PLANWISE_FUZZ:BOOL=ON' $(ASAN_BUILD)/CMakeCache.txt; then \
	  echo "build-asan: $(ASAN_BUILD) is an older g++ sanitizer build; configuring it again with $(SAN_CXX)"; \
	  rm -rf $(ASAN_BUILD); fi
	test -f $(ASAN_BUILD)/build.ninja || cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPLANWISE_SANITIZE=ON -DCMAKE_CXX_COMPILER=$(SAN_CXX) -DPLANWISE_FUZZ=ON -DPLANWISE_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS) --target planwise_tests planwise_test_suites fuzz_targets

# Every test in the release build; again under AddressSanitizer + UBSan,
# except the slow, end-to-end integration and heavy suites
# (tests/CMakeLists.txt); then every fuzz target for FUZZ_SMOKE_SECONDS.
#
# The sanitizer build runs beside the release tests at the lowest CPU
# priority (nice 19): it gets only the cycles the tests leave idle (a
# browser waiting for a page, a killed command's replacement starting), so
# it neither slows the tests nor waits for them (issue 15 item 7). Its log
# is $(BUILD)/asan-build.log, shown when it fails.
test: build
	@echo "make test: the sanitizer build runs beside the release tests (log: $(BUILD)/asan-build.log)"
	@start=$$(date +%s); \
	nice -n 19 $(MAKE) --no-print-directory asan-compile > $(BUILD)/asan-build.log 2>&1 & asan=$$!; \
	status=0; $(MAKE) --no-print-directory release-ctest || status=$$?; \
	echo "make test: release tests done after $$(( $$(date +%s) - start )) s; waiting for the sanitizer build"; \
	built=0; wait $$asan || built=$$?; \
	echo "make test: sanitizer build done after $$(( $$(date +%s) - start )) s (exit $$built)"; \
	if [ $$built -ne 0 ]; then tail -n 60 $(BUILD)/asan-build.log; exit $$built; fi; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	$(MAKE) --no-print-directory asan-ctest

test-release: build
	@$(MAKE) --no-print-directory release-ctest

release-ctest:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	@$(MAKE) --no-print-directory asan-ctest

asan-ctest:
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -LE 'slow|integration|heavy'
	FUZZ_JOBS=$(JOBS) tests/fuzz/run.sh $(ASAN_BUILD) $(FUZZ_SMOKE_SECONDS)

# Issue 15 item 4: the threaded suites under ThreadSanitizer (not part of
# `make test`: a third build would not fit its time budget). The filter
# picks the thread-count tests of the ensemble runner, sweeps and ensembles
# (1 against 2 threads), the job queue, and the store's write turns.
TSAN_FILTER ?= *Thread*:JobQueue.*:WriteTurn.*:LeverStoreTest.*
$(TSAN_BUILD)/build.ninja: | setup
	cmake -S . -B $(TSAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLANWISE_TSAN=ON \
	  -DPLANWISE_BUILD_BENCH=OFF $(CMAKE_FLAGS)

test-tsan: setup $(TSAN_BUILD)/build.ninja
	cmake --build $(TSAN_BUILD) -j $(JOBS) --target planwise_tsan_tests
	TSAN_OPTIONS=halt_on_error=1:detect_deadlocks=0:suppressions=$(CURDIR)/tests/tsan.supp $(TSAN_BUILD)/bin/planwise_tsan_tests \
	  --gtest_filter='$(TSAN_FILTER)'

# Issue 15 item 4: the concurrent-writers test alone (CONCURRENT_SECONDS=60).
CONCURRENT_SECONDS ?= 60
test-concurrency: build
	python3 tests/concurrency/concurrent_writers.py --binary $(BUILD)/bin/planwise --seconds $(CONCURRENT_SECONDS)

# The analyst dashboard on the bundled data at http://127.0.0.1:8787 (Ctrl-C stops).
run: build
	$(BUILD)/bin/planwise serve --port 8787

# Issue 13's figures (docs/performance.md): the reference cases in process with
# their roofline and per-case peak RSS, then the `planwise simulate` command as
# a whole process under /usr/bin/time; median of 5 each.
bench: build
	$(BUILD)/bin/planwise bench --repeat 5 --work-dir $(BUILD)/bench-data
	bench/whole_process.sh $(BUILD)/bin/planwise $(BUILD)/bench-data 5
	$(BUILD)/bin/planwise_bench --benchmark_min_time=0.2

# Issue 4's comparison of the tuning algorithms, on the bundled census and
# on a generated 60,000-employee one (Markdown tables; needs python3).
CENSUS_60K = $(BUILD)/bench-data/census_60000.csv

# The generated 60,000-employee census both comparisons use (made once).
$(CENSUS_60K): | build
	mkdir -p $(BUILD)/bench-data
	$(BUILD)/bin/planwise gen-census --employees 60000 --seed 20261127 --out $@

bench-tuning: build $(CENSUS_60K)
	python3 bench/tuning_table.py --planwise $(BUILD)/bin/planwise
	python3 bench/tuning_table.py --planwise $(BUILD)/bin/planwise --census $(CENSUS_60K)

# Issue 5's dashboard figures (page load, edit-to-impact, run-to-results,
# 50-client load test) on the bundled census and on 60,000 employees.
bench-dashboard: build $(CENSUS_60K)
	bench/dashboard_bench.sh $(BUILD)/bin
	bench/dashboard_bench.sh $(BUILD)/bin $(CENSUS_60K)

# Issue 11's governance reports on a database of 1,000 change requests and
# 100 runs (docs/governance.md "Timing"); goal: every report under 1 s.
bench-governance: build
	$(BUILD)/bin/planwise_governance_bench --work-dir $(BUILD)/bench-data/governance --repeat 3

# Issue 12's ensemble speed goals and the figures of docs/uncertainty.md
# (25 seeds on the bundled census; 100 seeds on 60,000 employees; paired merit).
bench-ensemble: build
	$(BUILD)/bin/planwise_ensemble_bench --work-dir $(BUILD)/bench-data --repeat 5

# The user guide's screenshots (docs/images), taken by the browser test.
screenshots: build
	tests/e2e/run.sh $(BUILD)/bin/planwise docs/images

# Rewrites tests/golden from this build and prints every changed line
# (issue 15 item 5). GoldenPins.MakeGoldenUpdateRunsEveryGoldenTestAndNoOther
# checks that this filter selects exactly the tests of golden_outputs_test.cpp.
GOLDEN_TESTS = Golden*
golden-update: build
	@n=$$($(BUILD)/bin/planwise_tests --gtest_list_tests --gtest_filter='$(GOLDEN_TESTS)' | grep -c '^  '); \
	  if [ "$$n" -eq 0 ]; then echo "golden-update: no test matches '$(GOLDEN_TESTS)'" >&2; exit 1; fi
	PLANWISE_GOLDEN_UPDATE=1 $(BUILD)/bin/planwise_tests --gtest_filter='$(GOLDEN_TESTS)'
	@git status --short -- tests/golden || true

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)

# Issue 15 items 1 and 2 (docs/reliability.md): 200 SIGKILLs spread over the
# write paths (a random seed, printed; KILL_SEED=N replays one), then every
# write path under a file-size limit and on a full tmpfs.
.PHONY: faults
KILLS ?= 200
faults: build
	python3 tests/faults/kill_campaign.py --planwise $(BUILD)/bin/planwise --kills $(KILLS) $(if $(KILL_SEED),--seed $(KILL_SEED))
	python3 tests/faults/full_disk.py --planwise $(BUILD)/bin/planwise

# Issue 15 item 3: the libFuzzer targets (tests/fuzz; docs/reliability.md
# "Fuzzing"), built in the sanitizer build. `make fuzz` runs each for
# FUZZ_SECONDS, FUZZ_JOBS at a time; `make fuzz-smoke` (part of `make test`)
# for FUZZ_SMOKE_SECONDS each: enough to replay every seed and mutate them a
# little (a regression check); the searches are the 10-minute runs.
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_JOBS    ?= 1

.PHONY: fuzz fuzz-smoke

fuzz: build-asan
	FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run.sh $(ASAN_BUILD) $(FUZZ_SECONDS)

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) FUZZ_JOBS=$(JOBS)
