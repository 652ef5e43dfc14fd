# sakra — keeps an information security plan as a git-tracked Markdown tree.
#
#   make            build ./sakra
#   make check      unit and end-to-end tests, then again under ASan+UBSan
#   make check-offline  the same tests for a package build (no apt-get, no
#                   network, no browser), once
#   make mutate     known mutants of the guards, each must be killed
#   make demo       the main job end to end on a fresh example plan
#   make bench      benchmarks side by side with peer tools
#   make fuzz       each libFuzzer harness for FUZZ_SECONDS (default 60)
#   make install    PREFIX=/usr/local DESTDIR=
#   make man        the man page in Swedish and Finnish (po4a), which install installs
#
#   make deps       install the build's Debian packages (as root; else names them)
#
# check, demo, bench and fuzz install their own packages the same way, with
# src/tools/deps.sh.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= sakra
CC      ?= cc
CC_FOR_BUILD ?= $(CC)
CPPFLAGS ?=
CFLAGS  ?= -O2 -g
# warnings are errors where the tests run (make check, CI), not for packagers
WERROR  ?=
LDFLAGS ?=
# The version is said in one place: the first line of debian/changelog.
VERSION := $(shell sed -n '1{s/^sakra [(]//;s/[)].*//p;}' debian/changelog)
ifeq ($(VERSION),)
$(error debian/changelog does not give the version on its first line)
endif

# Debian packages are installed only by the goals that say so: make deps
# (the build's), check, demo, bench and fuzz (their own). A plain make or
# make install never runs apt-get; it names what is missing.
SELF_DEPS_GOALS := deps check demo bench fuzz clean help

PKGS := libgit2 libcmark-gfm yaml-0.1 libarchive zlib jansson libsodium libseccomp
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
	      $(shell pkg-config --cflags libgcrypt 2>/dev/null || libgcrypt-config --cflags)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions \
	    $(shell pkg-config --libs libgcrypt 2>/dev/null || libgcrypt-config --libs) -lpthread

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers $(WERROR)
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSAKRA_VERSION='"$(VERSION)"' -DSAKRA_LOCALEDIR='"$(PREFIX)/share/locale"' \
	-Iinclude $(WARN) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)

ifeq ($(filter $(SELF_DEPS_GOALS),$(MAKECMDGOALS)),)
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),ok)
$(error missing build dependencies: run 'make deps' (as root, or it names the packages))
endif
endif

MOD_SRC := $(sort $(wildcard src/*.c))
# Modules in a folder of their own (src/rules/ID.c, src/lsp/FEATURE.c, ...):
# objects named DIR_NAME.o, as some share a name with a module (config, doc,
# site) and ar keeps one member per name.
SUBDIRS := rules lsp bundle site doc approval repo
SUB_SRC := $(foreach d,$(SUBDIRS),$(sort $(wildcard src/$(d)/*.c)))
SUB_OBJ := $(foreach d,$(SUBDIRS),$(patsubst src/$(d)/%.c,$(BUILD)/$(d)_%.o,$(sort $(wildcard src/$(d)/*.c))))
LIB_SRC := $(MOD_SRC) $(SUB_SRC)
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(MOD_SRC:src/%.c=$(BUILD)/%.o) $(SUB_OBJ) $(BUILD)/embedded.o
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/cli/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED_FILES := $(shell find content-skeleton theme -type f 2>/dev/null | LC_ALL=C sort)

# Message catalogues (GNU gettext): po/LANG.po, compiled to
# $(BUILD)/locale/LANG/LC_MESSAGES/sakra.mo; 'make pot' extracts the
# messages of the sources into po/sakra.pot and merges it into each po/LANG.po.
LINGUAS := sv fi
MO := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/sakra.mo)
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
	--package-name=sakra --package-version=$(VERSION) --no-wrap --sort-by-file \
	--keyword=_ --keyword=N_ --keyword=sakra_tr --keyword=dngettext:2,3 --keyword=sakra_trn:1,2 \
	--keyword=ADD:6 --keyword=ADD_ABOUT:7 --keyword=ADD_AT:7 \
	--keyword=sakra_rule_report:7 --keyword=sakra_diags_add:7 --keyword=refuse:2 --keyword=sakra_error_set:6 \
	--keyword=cli_errorf:1 --keyword=cli_usage_error:2 \
	--flag=ADD:6:c-format --flag=ADD_ABOUT:7:c-format --flag=ADD_AT:7:c-format \
	--flag=sakra_rule_report:7:c-format --flag=sakra_diags_add:7:c-format \
	--flag=refuse:2:c-format \
	--flag=sakra_error_set:6:c-format --flag=cli_errorf:1:c-format \
	--flag=cli_usage_error:2:c-format --flag=dngettext:2:c-format --flag=sakra_trn:1:c-format

all: $(BIN) $(MO)

$(BUILD)/locale/%/LC_MESSAGES/sakra.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check --statistics -o $@ $< 2>&1 | sed 's|^|$*: |'
	@test -s $@

pot:
	xgettext $(XGETTEXT_FLAGS) -o po/sakra.pot $(LIB_SRC) $(CLI_SRC) src/cli/cli.h
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching po/$$l.po po/sakra.pot; done
	po4a --no-translations --porefs none --msgmerge-opt --no-fuzzy-matching po/man/po4a.cfg

# The man page in Swedish and Finnish, translated with po4a from doc/sakra.1
# and po/man/LANG.po. A translation that does not cover every paragraph of
# the English page is an error, never a page half in English: run 'make
# pot' and translate what po/man/LANG.po then lacks.
MAN_LINGUAS := sv fi
MAN_L10N := $(MAN_LINGUAS:%=$(BUILD)/man/%/sakra.1)

$(MAN_L10N) &: doc/sakra.1 po/man/po4a.cfg $(MAN_LINGUAS:%=po/man/%.po)
	@command -v po4a >/dev/null || { echo "po4a is needed to translate the man page: apt-get install po4a (or 'make deps')" >&2; exit 1; }
	rm -f $(MAN_L10N)
	po4a --no-update --destdir $(BUILD) --keep 100 po/man/po4a.cfg
	@for f in $(MAN_L10N); do test -s $$f || { echo "$$f: po/man/*.po does not translate all of doc/sakra.1; run 'make pot' and translate it" >&2; exit 1; }; done

man: $(MAN_L10N)

$(BIN): $(CLI_OBJ) $(BUILD)/libsakra.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libsakra.a $(PKG_LIBS)

$(BUILD)/libsakra.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

# Each object depends on the headers it includes (-MMD writes them down).
$(BUILD)/%.o: src/%.c | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

define SUBDIR_RULES
$$(BUILD)/$(1)_%.o: src/$(1)/%.c | $$(BUILD)/cli
	$$(CC) $$(ALL_CFLAGS) -MMD -MP -c -o $$@ $$<

$$(FUZZ_DIR)/obj/$(1)_%.o: src/$(1)/%.c
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $$@ $$<
endef

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# SAKRA_VERSION is compiled in: a new version in debian/changelog rebuilds.
$(LIB_OBJ) $(CLI_OBJ): debian/changelog

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(ALL_CFLAGS) -w -c -o $@ $<

# The generator runs on the build machine: no sanitizers, no extra flags.
$(BUILD)/embed: src/tools/embed.c | $(BUILD)/cli
	$(CC_FOR_BUILD) -O1 -o $@ $<

$(BUILD)/embedded.c: $(BUILD)/embed $(EMBED_FILES)
	$(BUILD)/embed $@ $(EMBED_FILES)

$(BUILD)/cli:
	mkdir -p $(BUILD)/cli $(BUILD)/tests

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libsakra.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libsakra.a $(PKG_LIBS) -lcmocka

unit: $(UNIT_BIN)
	@for b in $(basename $(notdir $(MOD_SRC))) rules; do test -f tests/unit/test_$$b.c || \
		{ echo "src/$$b has no unit test file tests/unit/test_$$b.c" >&2; exit 1; }; done
	@set -e; for t in $(UNIT_BIN); do $$t; done

e2e: $(BIN) $(MO)
	SAKRA_LOCALEDIR=$(abspath $(BUILD)/locale) bash tests/e2e/run.sh $(abspath $(BIN))

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all

deps:
	@sh src/tools/deps.sh build

check:
	@sh src/tools/deps.sh check
	$(MAKE) WERROR=-Werror unit e2e install-test fuzz-check
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) WERROR=-Werror BUILD=build/san BIN=build/san/sakra CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" unit e2e

# For a package build (dh_auto_test): the unit and end-to-end tests with
# what the build installed, no apt-get, no network; what needs a headless
# browser is reported as skipped.
check-offline:
	$(MAKE) unit
	SAKRA_E2E_OFFLINE=1 $(MAKE) e2e

demo:
	@sh src/tools/deps.sh build
	$(MAKE) $(BIN)
	bash tests/demo.sh $(abspath $(BIN))

$(BUILD)/parse_floor: tests/bench/parse_floor.c | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

# Known mutants (tests/mutate/mutants.txt), each applied to a copy of the
# tree: fails unless the tests named for each kill it.
mutate: $(BIN)
	python3 tests/mutate/run.py $(CURDIR)

bench:
	@sh src/tools/deps.sh bench
	$(MAKE) $(BIN) $(BUILD)/parse_floor
	bash tests/bench/run.sh $(abspath $(BIN)) $(abspath $(BUILD)/parse_floor)
	bash tests/bench/bundle.sh $(abspath $(BIN))
	bash tests/bench/versions.sh $(abspath $(BIN))
	bash tests/bench/inbox.sh $(abspath $(BIN))

# --- fuzzing: libFuzzer harnesses (tests/fuzz/), clang, ASan and UBSan ----------
# make fuzz runs each for FUZZ_SECONDS on its committed seed corpus plus what
# it finds (kept under build/fuzz/found/, not in the repository); make
# fuzz-check (part of make check) replays every committed corpus, then runs
# each harness for FUZZ_CHECK_SECONDS.

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 5
FUZZ_DIR := build/fuzz
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_SAN := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSAKRA_VERSION='"$(VERSION)"' -Iinclude $(PKG_CFLAGS) $(FUZZ_SAN)
FUZZ_OBJ := $(MOD_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o) \
	$(SUB_OBJ:$(BUILD)/%=$(FUZZ_DIR)/obj/%) $(FUZZ_DIR)/obj/embedded.o
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
FUZZ_ARGS := -timeout=20 -rss_limit_mb=2560 -max_len=1048576

# (after FUZZ_DIR: a rule's target is expanded as it is read)
$(foreach d,$(SUBDIRS),$(eval $(call SUBDIR_RULES,$(d))))

$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

-include $(FUZZ_OBJ:.o=.d)

$(FUZZ_DIR)/obj/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -w -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

fuzz:
	@sh src/tools/deps.sh fuzz
	$(MAKE) fuzz-run

fuzz-run: $(FUZZ_BIN)
	@set -e; for n in $(FUZZ_NAMES); do \
		mkdir -p $(FUZZ_DIR)/found/$$n $(FUZZ_DIR)/crashes; \
		echo "fuzz_$$n: $(FUZZ_SECONDS) s"; \
		$(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n $(FUZZ_ARGS) -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_DIR)/crashes/$$n- -print_final_stats=1 \
			$(FUZZ_DIR)/found/$$n tests/fuzz/corpus/$$n 2>$(FUZZ_DIR)/$$n.log || \
			{ tail -40 $(FUZZ_DIR)/$$n.log; exit 1; }; \
		grep -E '^stat::number_of_executed_units' $(FUZZ_DIR)/$$n.log; \
	done

# Every committed input once, then a short run of each harness.
fuzz-check: $(FUZZ_BIN)
	@set -e; for n in $(FUZZ_NAMES); do \
		$(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n $(FUZZ_ARGS) tests/fuzz/corpus/$$n/* \
			>$(FUZZ_DIR)/$$n-replay.log 2>&1 || { tail -40 $(FUZZ_DIR)/$$n-replay.log; exit 1; }; \
		rm -rf $(FUZZ_DIR)/check/$$n && mkdir -p $(FUZZ_DIR)/check/$$n $(FUZZ_DIR)/crashes; \
		$(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$n $(FUZZ_ARGS) -max_total_time=$(FUZZ_CHECK_SECONDS) \
			-artifact_prefix=$(FUZZ_DIR)/crashes/$$n- $(FUZZ_DIR)/check/$$n \
			tests/fuzz/corpus/$$n >$(FUZZ_DIR)/$$n-check.log 2>&1 || \
			{ tail -40 $(FUZZ_DIR)/$$n-check.log; exit 1; }; \
		echo "fuzz_$$n: $$(ls tests/fuzz/corpus/$$n | wc -l) inputs replayed, $(FUZZ_CHECK_SECONDS) s clean"; \
	done

# The completion scripts are generated from the option tables and kept in
# completions/ (so that installing never runs the binary it installs, as a
# cross build could not); 'make completions' writes them again, and the
# end-to-end test basics/completion_files fails when they are out of date.
completions: $(BIN)
	LC_ALL=C LANGUAGE= ./$(BIN) completion bash >completions/sakra.bash
	LC_ALL=C LANGUAGE= ./$(BIN) completion zsh >completions/_sakra
	LC_ALL=C LANGUAGE= ./$(BIN) completion fish >completions/sakra.fish

install: $(BIN) $(MO) $(MAN_L10N)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/doc/sakra
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/sakra
	install -m 644 doc/sakra.1 $(DESTDIR)$(PREFIX)/share/man/man1/sakra.1
	for l in $(MAN_LINGUAS); do \
		install -d $(DESTDIR)$(PREFIX)/share/man/$$l/man1 && \
		install -m 644 $(BUILD)/man/$$l/sakra.1 $(DESTDIR)$(PREFIX)/share/man/$$l/man1/sakra.1 || exit 1; \
	done
	install -m 644 README.md LICENSE doc/*.md $(DESTDIR)$(PREFIX)/share/doc/sakra/
	install -d $(DESTDIR)$(PREFIX)/share/doc/sakra/editors
	install -m 644 doc/editors/* $(DESTDIR)$(PREFIX)/share/doc/sakra/editors/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/vendor-completions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 644 completions/sakra.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/sakra
	install -m 644 completions/_sakra $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_sakra
	install -m 644 completions/sakra.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/sakra.fish
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/sakra.mo \
			$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/sakra.mo || exit 1; \
	done

# Installs into a scratch DESTDIR and checks what landed there.
install-test: $(BIN)
	rm -rf $(BUILD)/inst
	$(MAKE) install DESTDIR=$(abspath $(BUILD)/inst) PREFIX=/usr
	test -x $(BUILD)/inst/usr/bin/sakra
	man -l $(BUILD)/inst/usr/share/man/man1/sakra.1 >/dev/null 2>&1 || \
		test -s $(BUILD)/inst/usr/share/man/man1/sakra.1
	# man -L sv / fi open the installed translations, every section translated
	bash tests/man_l10n.sh $(abspath $(BUILD)/inst/usr/share/man)
	# nothing dead: the skeletons and the theme are compiled in
	test ! -e $(BUILD)/inst/usr/share/sakra
	test -f $(BUILD)/inst/usr/share/doc/sakra/README.md
	test -f $(BUILD)/inst/usr/share/doc/sakra/manual.md
	test -f $(BUILD)/inst/usr/share/doc/sakra/rules.md
	cmp doc/editors/sakra.lua $(BUILD)/inst/usr/share/doc/sakra/editors/sakra.lua
	test -f $(BUILD)/inst/usr/share/doc/sakra/editors/helix-languages.toml
	bash -n $(BUILD)/inst/usr/share/bash-completion/completions/sakra
	grep -q '^#compdef sakra' $(BUILD)/inst/usr/share/zsh/vendor-completions/_sakra
	grep -q '^complete -c sakra' $(BUILD)/inst/usr/share/fish/vendor_completions.d/sakra.fish
	# the version is debian/changelog's
	test "$$($(BUILD)/inst/usr/bin/sakra --version)" = "sakra $(VERSION)"
	test -f $(BUILD)/inst/usr/share/locale/sv/LC_MESSAGES/sakra.mo
	test -f $(BUILD)/inst/usr/share/locale/fi/LC_MESSAGES/sakra.mo
	# the installed binary finds the installed catalogues beside it
	env -u LC_ALL -u SAKRA_LOCALEDIR LANGUAGE=sv LC_MESSAGES=C.UTF-8 \
		$(BUILD)/inst/usr/bin/sakra check --no-such-option 2>&1 | grep -q 'okänd flagga' 
	@echo "install-test: ok"

clean:
	rm -rf build sakra

help:
	@sed -n '3,10p' Makefile

.PHONY: all completions man pot deps unit e2e check check-offline demo bench mutate fuzz fuzz-run fuzz-build fuzz-check install install-test clean help
.DELETE_ON_ERROR:
