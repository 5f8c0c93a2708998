# catalogd -- one-screen Makefile.
#   make            build build/catalogd, libcatalog, build/catalogctl (installs missing Debian packages first)
#   make run        build and start catalogd on ./catalog.db (127.0.0.1:8049)
#   make test       every test: unit (cmocka, also under valgrind), schema check, integration
#                   (boto3, AWS CLI), libcatalog (cmocka, README example), all again under
#                   ASan/UBSan, and a short fuzz run
#   make client     libcatalog against a live catalogd (tests/client) + the README example
#   make install    PREFIX=/usr/local DESTDIR=: catalog.h, libcatalog.{so,a}, libcatalog.pc
#   make headertest client/catalog.h alone under -std=c99 -pedantic -Werror
#   make asan       unit + integration + client tests on an ASan/UBSan build (build-asan/)
#   make valgrind   unit and client tests under valgrind --leak-check=full
#   make fuzz       libFuzzer targets (clang) for FUZZ_RUNS executions each
#   make bench      benchmark vs moto_server and a bare libmicrohttpd responder (not a test)
#   make clean
CC       ?= cc
CFLAGS   ?= -O2 -g
B        ?= build
PORT     ?= 8049
DB       ?= ./catalog.db
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings -Wvla -Wformat=2
CPPFLAGS += -D_GNU_SOURCE -Iclient -Iserver -Itests
DEB_PKGS := libmicrohttpd-dev libsqlite3-dev libjansson-dev uuid-dev libcmocka-dev \
            libcurl4-openssl-dev pkg-config clang libclang-rt-14-dev valgrind
PC_MODS  := libmicrohttpd sqlite3 jansson uuid
# Install missing build dependencies once (we run as root on Debian).
DEPS_OK  := $(shell for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo missing; done)
ifneq ($(DEPS_OK),)
$(info installing missing Debian packages: $(DEB_PKGS))
$(shell (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS)) >&2)
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PC_MODS) libcurl cmocka)
SRV_LIBS   := $(shell pkg-config --libs $(PC_MODS)) -lpthread
CLI_LIBS   := $(shell pkg-config --libs libcurl jansson) -lpthread
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
TEST_LIBS  := $(shell pkg-config --libs cmocka)
ifdef SANITIZE
CFLAGS   += -O1 -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
SRV_OBJ := $(patsubst %.c,$(B)/%.o,$(filter-out server/main.c,$(wildcard server/*.c))) \
           $(B)/migrations.o
UNIT    := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))

LIBCAT  := $(B)/libcatalog.a $(B)/libcatalog.so $(B)/libcatalog.pc

all: $(B)/catalogd $(LIBCAT) $(B)/catalogctl
$(B)/catalogd: $(B)/server/main.o $(SRV_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(SRV_LIBS)
$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
# The migrations, embedded as one C string per file, in file-name order.
$(B)/migrations.c: $(MIGRATIONS) Makefile
	@mkdir -p $(@D)
	{ echo '#include "migrate.h"'; echo 'const char *const migrations[] = {'; \
	  for f in $(MIGRATIONS); do sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $$f; echo ','; done; \
	  echo '0 };'; echo 'const char *const migration_names[] = {'; \
	  for f in $(MIGRATIONS); do echo "\"$$(basename $$f)\","; done; echo '0 };'; } > $@
$(B)/tests/unit/%: tests/unit/%.c $(SRV_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $^ $(SRV_LIBS) $(TEST_LIBS)

# libcatalog: position-independent objects for both the archive and the shared library.
$(B)/client/%.o: CFLAGS += -fPIC
$(B)/libcatalog.a: $(B)/client/catalog.o
	rm -f $@ && $(AR) rcs $@ $^
$(B)/libcatalog.so.0: $(B)/client/catalog.o
	$(CC) -shared -Wl,-soname,libcatalog.so.0 $(LDFLAGS) -o $@ $^ $(CLI_LIBS)
$(B)/libcatalog.so: $(B)/libcatalog.so.0
	ln -sf libcatalog.so.0 $@
# catalogctl: the command-line tool, on the public API only (the static library).
$(B)/catalogctl: $(B)/client/catalogctl.o $(B)/libcatalog.a
	$(CC) $(LDFLAGS) -o $@ $^ $(CLI_LIBS)
# pkg-config file for prefix $(1) and library directory $(2).
pcfile = printf '%s\n' 'prefix=$(1)' 'libdir=$(2)' 'includedir=$${prefix}/include' '' \
	'Name: libcatalog' 'Description: C client for catalogd and AWS Glue (Glue JSON protocol)' \
	'Version: 0.1.0' 'Requires: jansson' 'Requires.private: libcurl' \
	'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lcatalog' 'Libs.private: -lpthread'
$(B)/libcatalog.pc: Makefile
	@mkdir -p $(@D)
	$(call pcfile,$(PREFIX),$(LIBDIR)) > $@
install: $(LIBCAT)
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 client/catalog.h $(DESTDIR)$(PREFIX)/include/catalog.h
	install -m 644 $(B)/libcatalog.a $(DESTDIR)$(LIBDIR)/libcatalog.a
	install -m 755 $(B)/libcatalog.so.0 $(DESTDIR)$(LIBDIR)/libcatalog.so.0
	ln -sf libcatalog.so.0 $(DESTDIR)$(LIBDIR)/libcatalog.so
	$(call pcfile,$(PREFIX),$(LIBDIR)) > $(DESTDIR)$(LIBDIR)/pkgconfig/libcatalog.pc
headertest:      # the public header must stand alone under strict C99
	echo '#include "catalog.h"' | $(CC) -std=c99 -pedantic -Wall -Wextra -Werror \
	    -Iclient $(shell pkg-config --cflags jansson) -fsyntax-only -x c -
CLIENT_T := $(B)/tests/client/test_client
$(CLIENT_T): tests/client/test_client.c $(B)/libcatalog.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $^ $(CLI_LIBS) $(TEST_LIBS)
# the README's example program, built like a user would: installed, through pkg-config
STAGE := $(abspath $(B))/stage
$(B)/tests/client/example: README.md $(LIBCAT)
	@mkdir -p $(@D)
	$(MAKE) --no-print-directory install PREFIX=$(STAGE) DESTDIR= >/dev/null
	awk '/^<!-- example program -->/{f=1; next} f && /^```c/{p=1; next} p && /^```/{exit} p' \
	    README.md > $(B)/tests/client/example.c
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(B)/tests/client/example.c -Wl,-rpath,$(STAGE)/lib \
	    $$(PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig pkg-config --cflags --libs libcatalog)
client: $(B)/catalogd $(CLIENT_T) $(B)/tests/client/example
	$(CLIENT_T) $(B)/catalogd
	sh tests/client/run_example.sh $(B)/catalogd $(B)/tests/client/example
unit: $(UNIT)
	@for t in $(UNIT); do echo "== $$t"; (cd tests/unit && ../../$$t) || exit 1; done
integ: $(B)/catalogd $(B)/catalogctl
	CATALOGD=$(B)/catalogd CATALOGCTL=$(B)/catalogctl python3 tests/integ/run.py
test: all
	$(MAKE) unit
	$(MAKE) integ
	$(MAKE) client
	$(MAKE) headertest
	$(MAKE) valgrind
	$(MAKE) asan
	$(MAKE) fuzz
asan:
	$(MAKE) B=build-asan SANITIZE=address,undefined unit integ client
valgrind: $(UNIT) $(CLIENT_T) $(B)/catalogd
	@for t in $(UNIT); do (cd tests/unit && valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=1 ../../$$t) || exit 1; done
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
	    $(CLIENT_T) $(B)/catalogd
run: $(B)/catalogd
	$(B)/catalogd --listen 127.0.0.1:$(PORT) --db $(DB)
# libFuzzer targets (clang): every tests/fuzz/fuzz_*.c, FUZZ_RUNS executions each.
FUZZ_RUNS ?= 20000
FUZZ_SRC  := $(filter-out server/main.c,$(wildcard server/*.c))
build-fuzz/%: tests/fuzz/%.c $(FUZZ_SRC) build/migrations.c
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -Ibuild -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(PKG_CFLAGS) -o $@ $^ $(SRV_LIBS)
fuzz: $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
	@for t in $^; do echo "== $$t ($(FUZZ_RUNS) runs)"; mkdir -p build-fuzz/corpus-$$(basename $$t); \
	    $$t -runs=$(FUZZ_RUNS) -max_len=4096 build-fuzz/corpus-$$(basename $$t) tests/fuzz/corpus || exit 1; done
# Benchmark (bench/run.py drives build/bench/loadgen, a libcurl Glue client, and wrk with
# bench/wrk_glue.lua against catalogd and build/bench/ceiling); never in make test.
$(B)/bench/loadgen: bench/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(shell pkg-config --libs libcurl jansson) -lpthread -lm
$(B)/bench/ceiling: bench/ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(SRV_LIBS)
bench: $(B)/catalogd $(B)/bench/loadgen $(B)/bench/ceiling
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq wrk) >&2
	CATALOGD=$(B)/catalogd BENCH_BIN=$(B)/bench python3 bench/run.py
checksrc:        # banned calls (cf. curl's checksrc)
	! grep -nE '\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol)\(' server/*.c client/*.c
clean:
	rm -rf build build-asan build-fuzz
.PHONY: all unit integ client test asan valgrind fuzz run bench install headertest checksrc clean
.SECONDARY:
-include $(wildcard $(B)/*/*.d $(B)/*/*/*.d)
