# saic-asn1: `make extract` runs the extractor on the bundled sample, `make test` runs the tests.
# Both install what they need: a virtualenv in .venv and, for the tests, Debian's smali, dexdump and asn1c.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
APK ?= samples/ismart-sample.apk
OUT ?= generated_schemas/sample
# `OUT=out/` as well as `OUT=out`: the client goes to out/python, not out//python.
override OUT := $(patsubst %/,%,$(OUT))
PACKAGE ?= ismart_sample
PYTEST_ARGS ?=

.PHONY: install tools extract test test-fast check lint check-sample sample conformance corpus-capture diff bench fuzz-app mutation clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null && \
	    $(PYTHON) -m venv $(VENV); \
	  else echo "error: '$(PYTHON) -m venv' failed; install python3-venv (Python >= 3.11)" >&2; exit 1; fi; }
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,mitm,bench]'
	@touch $@

# The test-APK factory needs smali (Debian libsmali-java); the factory tests also read dexdump's output;
# the toolchain tests compile every generated module with asn1c.
tools:
	@if ! command -v smali >/dev/null || ! command -v dexdump >/dev/null || ! command -v asn1c >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages libsmali-java dexdump asn1c"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsmali-java dexdump asn1c >/dev/null; \
	  else echo "error: smali, dexdump or asn1c is missing: run 'apt-get install libsmali-java dexdump asn1c' as root" >&2; exit 1; fi; \
	fi
	@# The docs site tests open the generated pages in chromium, headless (driven by playwright); Chrome serves too.
	@if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian package chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "error: chromium is missing: run 'apt-get install chromium' as root" >&2; exit 1; fi; \
	fi

# The typed Python client of the extraction goes to $(OUT)/python/$(PACKAGE)/ (see `saic-asn1 generate python`).
extract: install
	$(BIN)/saic-asn1 extract $(APK) --out $(OUT)
	$(BIN)/saic-asn1 generate python --schemas $(OUT) --out $(OUT)/python --package $(PACKAGE)

test: install tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The edit loop: every test but those marked slow (APK builds, fuzzing, bench, site and toolchain runs).
test-fast: install tools
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

check: lint check-sample

# The project's own code: lint, format and types (configured in pyproject.toml).
lint: install
	$(BIN)/ruff check extractor tests
	$(BIN)/ruff format --check extractor tests
	$(BIN)/mypy

# Fails when the committed generated schemas (and the sample's Python package) differ from what the tool makes of their input.
check-sample: install
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	$(BIN)/saic-asn1 extract samples/ismart-sample.apk --out "$$scratch/sample" --quiet && \
	$(BIN)/saic-asn1 generate python --schemas "$$scratch/sample" --out "$$scratch/sample/python" --package ismart_sample >/dev/null && \
	{ diff -r -x __pycache__ generated_schemas/sample "$$scratch/sample" || { \
	  echo "check-sample: the lines above are what changed in generated_schemas/sample (< committed, > made now)." >&2; \
	  echo "A golden file only shows that output changed. If it is a bug, add the behaviour test that catches it" >&2; \
	  echo "(tests/unit/<subpackage>/ or tests/cli/, expectation worked out by hand) and fix the code; if it is intended," >&2; \
	  echo "first state the new behaviour in such a test, then update the committed files." >&2; exit 1; }; } && \
	echo "generated_schemas/sample is what samples/ismart-sample.apk gives (with its Python client in python/ismart_sample)"

sample: install tools
	$(BIN)/python -m tests.factory.sample $(APK)
	$(BIN)/python -m tests.factory.sample_releases samples/releases

# What changed on the wire between two extraction outputs or APKs: make diff OLD=old.apk NEW=new.apk
# [DIFF_ARGS='--format markdown']. Changes found are a result, not a failure: the target fails only when
# saic-asn1 diff does (exit 2 and above); `saic-asn1 diff` itself exits 1 on changes, like diff(1).
diff: install
	@test -n "$(OLD)" -a -n "$(NEW)" || { echo "usage: make diff OLD=<output or APK> NEW=<output or APK> [DIFF_ARGS=...]" >&2; exit 2; }
	@$(BIN)/saic-asn1 diff $(OLD) $(NEW) $(DIFF_ARGS); status=$$?; [ $$status -le 1 ] || exit $$status

# Per corpus version: ground-truth types reproduced, captured payloads round-tripped (SAIC_CORPUS, else
# ../shared/corpus, else tests/vendor/corpus). The extracted schemas stay in $(CORPUS_SCHEMAS): the README's decode/encode/validate examples use them.
CORPUS_SCHEMAS ?= build/corpus-schemas
conformance: install tools
	@$(BIN)/python -m tests.conformance.check --out $(CORPUS_SCHEMAS)

# The corpus's payloads as a mitmproxy capture (requests with their responses, one truncated request) for the
# README's mitmdump examples (needs ../shared/corpus or SAIC_CORPUS).
CORPUS_CAPTURE ?= build/corpus-capture.flow
corpus-capture: install
	@$(BIN)/python -m tests.flows $(CORPUS_CAPTURE)

# extract on an app-sized APK (built by the test-APK factory, cached) against a floor and a naive androguard
# extractor; prints the table of the README's Performance section and where the time goes (takes minutes).
bench: install tools
	$(BIN)/python -m tests.bench

# saic-asn1 extract on 300 structure-preserving dex mutations of an app-shaped APK, each in its own process
# (takes minutes): every run must end within 60 s with exit 0, 3, 4 or 5, one stderr line, no traceback.
fuzz-app: install tools
	$(BIN)/python -m tests.hostile.mutate_app $(FUZZ_APP_ARGS)

# Mutation testing (mutmut, the `mutation` extra) of the modules whose bugs users meet first; prints the score and
# the surviving mutants (README "Mutation testing"). Takes tens of minutes; not part of `make test`.
# One module: make mutation MUTANTS='extractor.diff.uper*'
MUTANTS ?=
mutation: install
	@$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,mitm,bench,mutation]'
	$(BIN)/python -m tests.mutation $(MUTANTS)

clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis .mypy_cache .ruff_cache build dist mutants *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
