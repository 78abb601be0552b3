# abidrift build. `make` builds ./abidrift and libabidrift (static and shared);
# `make check` runs every test; `make demo` shows a drifting struct on x86_64 and i386.

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
INCDIR = $(PREFIX)/include
MANDIR = $(PREFIX)/share/man

CC ?= cc
PKGS = libdw libelf libxxhash jansson
CSTD = -std=c17 -D_GNU_SOURCE
WARN = -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT ?= -O2 -g
SANITIZE ?=
ifeq ($(SANITIZE),1)
  SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
# The library flags come from pkg-config, which only works once the -dev packages are
# installed. $(BUILD)/pkg.mk installs what is missing and records the flags; it is an
# included makefile, so on a fresh machine make builds it first and then restarts itself
# with the flags known (a $(shell pkg-config) here would be empty for the whole first run).
# It is remade on every run but only rewritten when the flags change, so no restart then.
BUILD = build
ifeq ($(filter-out clean,$(or $(MAKECMDGOALS),all)),)
else
include $(BUILD)/pkg.mk
endif
$(BUILD)/pkg.mk: FORCE
	@scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@set -e; pkg-config --exists --print-errors $(PKGS); \
	{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	  echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; } >$@.new; \
	if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi
ALL_CFLAGS = $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -fPIC -fvisibility=hidden -Iinclude -Isrc \
	-DABIDRIFT_VERSION='"$(VERSION)"' $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS := $(sort $(wildcard src/util/*.c src/model/*.c src/elf/*.c src/dwarf/*.c \
	src/baseline/*.c src/layout/*.c src/input/*.c src/compare/*.c src/report/*.c src/api/*.c))
CLI_SRCS := $(sort $(wildcard src/cli/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

STATIC_LIB = $(BUILD)/libabidrift.a
SHARED_LIB = $(BUILD)/libabidrift.so.0

.PHONY: all check unit e2e demo install clean deps abi-check abi-update fuzz fuzz-smoke
all: abidrift $(SHARED_LIB)

# Installs missing build dependencies (quiet when all are present).
deps:
	@scripts/install-deps.sh

# Objects remember the compiler and flags they were built with: a change (CC=clang,
# SANITIZE=1) rebuilds everything rather than mixing objects of two configurations.
BUILD_FLAGS = $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(BUILD_FLAGS)' | cmp -s - $@ || echo '$(BUILD_FLAGS)' > $@
.PHONY: FORCE
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(STATIC_LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(SHARED_LIB): $(LIB_OBJS) src/libabidrift.map
	$(CC) -shared -Wl,-soname,libabidrift.so.0 -Wl,--version-script=src/libabidrift.map \
		$(ALL_LDFLAGS) -o $@ $(LIB_OBJS) $(PKG_LIBS)

abidrift: $(CLI_OBJS) $(STATIC_LIB) $(BUILD)/flags
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(STATIC_LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(STATIC_LIB) $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(STATIC_LIB) $(PKG_LIBS) -lcmocka $(ALL_LDFLAGS)

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

e2e: abidrift $(SHARED_LIB)
	@tests/e2e/run.sh
	@tests/e2e/diff.sh
	@tests/e2e/drift.sh
	@tests/e2e/regress.sh
	@tests/e2e/bad.sh
	@tests/e2e/determinism.sh

# libabidrift's own public ABI against the committed baseline for this machine.
ABI_ARCH := $(shell uname -m)
ABI_BASELINE = baselines/libabidrift.$(ABI_ARCH).json
abi-check: abidrift $(SHARED_LIB)
	@if [ ! -f $(ABI_BASELINE) ]; then \
		echo "SKIP abi-check: no baseline for $(ABI_ARCH) ($(ABI_BASELINE))"; exit 0; fi; \
	./abidrift diff $(ABI_BASELINE) $(SHARED_LIB); rc=$$?; \
	if [ $$rc -ne 0 ]; then \
		echo "abi-check: libabidrift's ABI differs from $(ABI_BASELINE) (exit $$rc);" \
			"if the change is intended, run 'make abi-update' and commit the baseline" >&2; \
		exit 1; fi; echo "PASS abi-check: libabidrift matches $(ABI_BASELINE)"

abi-update: abidrift $(SHARED_LIB)
	./abidrift dump -o $(ABI_BASELINE) $(SHARED_LIB)

check:
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory abi-check

demo: abidrift
	@testdata/demo/run.sh ./abidrift

# Fuzzing: libFuzzer targets built with clang and ASan+UBSan in their own directory.
FUZZ_BUILD = build-fuzz
FUZZ_TARGETS = fuzz_elf fuzz_baseline fuzz_suppress
FUZZ_CFLAGS = $(CSTD) $(WARN) -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -Iinclude -Isrc -Itests/fuzz \
	-DABIDRIFT_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
FUZZ_OBJS := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)

fuzz: $(addprefix $(FUZZ_BUILD)/,$(FUZZ_TARGETS))

# Each target for FUZZ_SECONDS (default 60) on seeds made from testdata/.
fuzz-smoke: fuzz
	@scripts/fuzz-smoke.sh $(FUZZ_BUILD) $(FUZZ_TARGETS)

install: abidrift $(STATIC_LIB) $(SHARED_LIB)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR)/abidrift \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 abidrift $(DESTDIR)$(BINDIR)/abidrift
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/libabidrift.a
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/libabidrift.so.0
	ln -sf libabidrift.so.0 $(DESTDIR)$(LIBDIR)/libabidrift.so
	install -m 644 include/abidrift/*.h $(DESTDIR)$(INCDIR)/abidrift/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) abidrift

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)
