# sakra — keeps an information security plan as a git-tracked Markdown tree.
#
#   make            build ./sakra
#   make check      unit and end-to-end tests, then again under ASan+UBSan
#   make demo       the main job end to end on a fresh example plan
#   make bench      benchmarks side by side with peer tools
#   make install    PREFIX=/usr/local DESTDIR=
#
# Missing Debian packages are installed (as root) or named (otherwise) by
# src/tools/deps.sh.

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= sakra
CC      ?= cc
CFLAGS  ?= -O2 -g
WERROR  ?= -Werror
LDFLAGS ?=
VERSION := 0.1.0

NODEPS_GOALS := clean help
ifeq ($(filter $(NODEPS_GOALS),$(MAKECMDGOALS)),)
ifeq ($(SAKRA_DEPS_CHECKED),)
DEPS_STATUS := $(shell sh src/tools/deps.sh build 1>&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error missing build dependencies (see the message above))
endif
export SAKRA_DEPS_CHECKED := 1
endif
endif

PKGS := libgit2 libcmark-gfm yaml-0.1 libarchive zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
	      $(shell pkg-config --cflags libgcrypt 2>/dev/null || libgcrypt-config --cflags)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions \
	    $(shell pkg-config --libs libgcrypt 2>/dev/null || libgcrypt-config --libs) -lpthread

WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers $(WERROR)
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-DSAKRA_VERSION='"$(VERSION)"' -Iinclude $(WARN) $(PKG_CFLAGS) $(CFLAGS)

LIB_SRC := $(sort $(wildcard src/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/cli/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED_FILES := $(shell find content-skeleton theme -type f 2>/dev/null | LC_ALL=C sort)

all: $(BIN)

$(BIN): $(CLI_OBJ) $(BUILD)/libsakra.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libsakra.a $(PKG_LIBS)

$(BUILD)/libsakra.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: src/%.c $(wildcard include/sakra/*.h) | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/embedded.o: $(BUILD)/embedded.c
	$(CC) $(ALL_CFLAGS) -w -c -o $@ $<

# The generator runs on the build machine: no sanitizers, no extra flags.
$(BUILD)/embed: src/tools/embed.c | $(BUILD)/cli
	$(CC) -O1 -o $@ $<

$(BUILD)/embedded.c: $(BUILD)/embed $(EMBED_FILES)
	$(BUILD)/embed $@ $(EMBED_FILES)

$(BUILD)/cli:
	mkdir -p $(BUILD)/cli $(BUILD)/tests

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libsakra.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libsakra.a $(PKG_LIBS) -lcmocka

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

e2e: $(BIN)
	bash tests/e2e/run.sh $(abspath $(BIN))

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all

check:
	@sh src/tools/deps.sh check
	$(MAKE) unit e2e install-test
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) BUILD=build/san BIN=build/san/sakra CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" unit e2e

demo: $(BIN)
	bash tests/demo.sh $(abspath $(BIN))

$(BUILD)/parse_floor: tests/bench/parse_floor.c | $(BUILD)/cli
	$(CC) $(ALL_CFLAGS) -o $@ $< $(PKG_LIBS)

bench: $(BIN) $(BUILD)/parse_floor
	@sh src/tools/deps.sh bench
	bash tests/bench/run.sh $(abspath $(BIN)) $(abspath $(BUILD)/parse_floor)
	bash tests/bench/bundle.sh $(abspath $(BIN))

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/sakra
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/sakra
	install -m 644 doc/sakra.1 $(DESTDIR)$(PREFIX)/share/man/man1/sakra.1
	cp -R content-skeleton theme $(DESTDIR)$(PREFIX)/share/sakra/
	chmod -R u=rwX,go=rX $(DESTDIR)$(PREFIX)/share/sakra

# Installs into a scratch DESTDIR and checks what landed there.
install-test: $(BIN)
	rm -rf $(BUILD)/inst
	$(MAKE) install DESTDIR=$(abspath $(BUILD)/inst) PREFIX=/usr
	test -x $(BUILD)/inst/usr/bin/sakra
	man -l $(BUILD)/inst/usr/share/man/man1/sakra.1 >/dev/null 2>&1 || \
		test -s $(BUILD)/inst/usr/share/man/man1/sakra.1
	test -f $(BUILD)/inst/usr/share/sakra/content-skeleton/frameworks/thl-3-2024.yml
	test -f $(BUILD)/inst/usr/share/sakra/content-skeleton/thl-3-2024/plan/03-allmanna-rutiner.md
	$(BUILD)/inst/usr/bin/sakra --version
	@echo "install-test: ok"

clean:
	rm -rf build sakra

help:
	@sed -n '3,9p' Makefile

.PHONY: all unit e2e check demo bench install install-test clean help
.DELETE_ON_ERROR:
