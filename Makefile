# syncplan: `make run` builds the package and lints the bundled examples; `make test` runs
# every test. Each target installs what it needs on a fresh machine and skips what is there.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

WASM_TARGET := wasm32-unknown-unknown
# The wasm-bindgen CLI must match the library exactly; read the pin from Cargo.toml.
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
WASM_OUT := target/$(WASM_TARGET)/release/syncplan.wasm
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_TIMEOUT=120

.PHONY: all build run test generated deps deps-rust deps-node deps-browser test-rust test-wasm test-node fuzz bench bench-jim bench-job bench-snapshot clean

all: build

deps-rust:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

# npm packages come from the committed lockfile; reinstall only when it changed.
deps-node: node_modules/.package-lock.json

node_modules/.package-lock.json: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

deps-browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  echo "installing Debian chromium and chromium-driver"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

deps: deps-rust deps-node

build: deps
	cargo build --release --target $(WASM_TARGET) --lib
	wasm-bindgen --target web --out-dir pkg --out-name syncplan $(WASM_OUT)
	node_modules/.bin/wasm-opt -O3 pkg/syncplan_bg.wasm -o pkg/syncplan_bg.wasm
	node scripts/build-package.mjs
	@node scripts/wasm-size.mjs pkg/syncplan_bg.wasm
	@node scripts/build-site.mjs
	@node scripts/site-weight.mjs site

# The main job: lint a clean and a faulty payload, plan three jobs against their previous
# state (an HRIS DIFF, an OVERRIDE with competing scopes, a CROSS_SCOPE job), lint and plan an
# integration SDK run's output folder, preview an identity synchronisation (JIM), then serve
# the page at http://127.0.0.1:8080 until stopped.
SYNCPLAN := node pkg/cli.js
# The integration instance of the SDK example (scripts/gen-sdk-example.mjs).
SDK_INSTANCE := 6f1d2b8a-3c4e-4f50-9a7b-2e8c1d0f4a65
run: build
	@echo
	@echo '$$ syncplan lint --scope hris-people examples/hris-people.json'
	@$(SYNCPLAN) lint --scope hris-people examples/hris-people.json
	@echo
	@echo '$$ syncplan lint --job examples/faulty-job.json examples/faulty-upload.json'
	@$(SYNCPLAN) lint --job examples/faulty-job.json examples/faulty-upload.json \
	  || echo "(exit status $$?: the job would fail)"
	@for example in hris override cross-scope; do \
	  uploads=$$(echo examples/$$example/upload*.json); \
	  echo; echo "$$ syncplan plan --job examples/$$example/job.json --snapshot examples/$$example/snapshot.json $$uploads"; \
	  $(SYNCPLAN) plan --job examples/$$example/job.json --snapshot examples/$$example/snapshot.json $$uploads \
	    || echo "(exit status $$?)"; \
	done
	@echo
	@echo '$$ syncplan lint examples/sdk-run/.j1-integration'
	@$(SYNCPLAN) lint examples/sdk-run/.j1-integration
	@echo
	@echo '$$ syncplan plan --instance $(SDK_INSTANCE) --snapshot examples/sdk-run/snapshot.json examples/sdk-run/.j1-integration'
	@$(SYNCPLAN) plan --instance $(SDK_INSTANCE) --snapshot examples/sdk-run/snapshot.json examples/sdk-run/.j1-integration \
	  | sed -n '/^Plan for/,$$p'
	@echo
	@echo '$$ syncplan jim preview --snapshot examples/jim/state.json examples/jim/config.json'
	@$(SYNCPLAN) jim preview --snapshot examples/jim/state.json examples/jim/config.json
	@echo
	@node scripts/serve.mjs site 8080

test-rust:
	cargo test

test-wasm: deps deps-browser
	$(WASM_TEST_ENV) cargo test --target $(WASM_TARGET) --test wasm
	$(WASM_TEST_ENV) WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$$(command -v chromedriver) \
	  cargo test --target $(WASM_TARGET) --test wasm

test-node: build deps-browser
	node --test tests/

test: test-rust test-wasm test-node

# Rewrites what is generated from the rule declarations and cases, for review: the catalogs
# and the README's rule tables first, then (built with the new catalog) each case's report.
generated:
	SYNCPLAN_WRITE_SNAPSHOTS=1 cargo test --test catalog
	SYNCPLAN_WRITE_SNAPSHOTS=1 cargo test --test rule_cases

# Benchmarks (not part of `make test`): syncplan against JSON.parse and the data model's Ajv
# validation, wasm and native, 1k to 1M entities, then the JIM preview (bench-jim) and a Job
# taking batch after batch (bench-job). BENCH_SIZES, BENCH_JIM_SIZES, BENCH_JOB_BATCHES and
# BENCH_RUNS narrow it. --expose-gc lets each sample start after a collection, so that one
# measurement's garbage is not collected during the next.
bench: build
	cargo build --release --benches
	node --expose-gc scripts/bench.mjs
	node --expose-gc scripts/bench-jim.mjs
	node --expose-gc scripts/bench-job.mjs

# The JIM preview alone: generated populations of 1k, 10k and 100k people, wasm and native.
bench-jim: build
	cargo build --release --benches
	node --expose-gc scripts/bench-jim.mjs

# A Job taking 1,000 uploads of 1,000 entities, wasm and native: the first upload's time, the
# last's, the median and last/first. BENCH_JOB_BATCHES and BENCH_JOB_SIZE change the job.
bench-job: build
	cargo build --release --benches
	node --expose-gc scripts/bench-job.mjs

# `syncplan snapshot -o` and `plan --snapshot-from-account` of a million entities and as many
# relationships from a JupiterOne stand-in on 127.0.0.1: wall time and peak RSS (not part of
# `make test`). BENCH_ENTITIES and BENCH_PAGE change the scope and the page size.
bench-snapshot: build
	node scripts/bench-snapshot.mjs

# Fuzzing (not part of `make test`): each target for FUZZ_SECONDS, from corpora seeded with the
# fixtures. Crashes land in fuzz/artifacts/<target>/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := json_front lint plan jim_expr jim_preview
fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	@scripts/fuzz-corpora.sh
	@for target in $(FUZZ_TARGETS); do \
	  echo "== $$target ($(FUZZ_SECONDS) s)"; \
	  (set -o pipefail; cd fuzz && cargo +nightly fuzz run $$target corpus/$$target -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 2>&1 | grep -E '^(Done [0-9]+ runs|==[0-9]+== ERROR|SUMMARY|thread .* panicked)') || exit 1; \
	done

clean:
	cargo clean
	rm -rf pkg site
