# catalogd's Makefile.  The loops, fastest first:
#   make check-fast [T=test_table] [K=pattern]   unit tests only (seconds after an edit)
#   make check      [T=test_tables] [K=pattern]  unit tests + integration suite on SQLite (minutes)
#   make test       the whole gate CI runs (.ci/run): both backends, valgrind, ASan, fuzz, style
#     T= unit binaries (tests/unit) and/or integration modules (tests/integ) by name, space or
#     comma separated; K= only the tests whose name contains the pattern.
#   make deps       install the missing Debian packages and the JavaScript tests' npm packages
#                   (tools/deps.sh; as root; quick no-op when all are there).  make test runs it
#                   first; make run runs only its run part (tools/deps.sh run: build libraries).
#   make            build build/catalogd, libcatalog, build/catalogctl
#   make run        install what building needs, build all three in parallel (-j nproc) and start
#                   catalogd on ./catalog.db (127.0.0.1:PORT, 8049), ./data as a crawl root when it
#                   exists; ARGS= more catalogd options (ARGS='--verbose --hms-listen 127.0.0.1:9083')
#   make pg         start a local PostgreSQL (tests/pgcluster.py) and print catalogd's --db for it;
#                   make pg-stop removes it
#   make test       install what is missing, then every test: unit (cmocka, also under valgrind),
#                   schema check, integration (boto3, AWS CLI; the REST pass also under valgrind),
#                   libcatalog (cmocka, README example), all again under ASan/UBSan, a
#                   ThreadSanitizer pass (make tsan), a short fuzz run, and the gates (checksrc,
#                   layercheck, openapi-check, format-check)
#   make integ-pg   the PostgreSQL pass: a throwaway cluster (tests/pgcluster.py), the PG unit
#                   tests and the whole integration suite again on it (make test runs it)
#   make integ-both the SQLite and PostgreSQL passes at once (tools/together.py), as make test
#                   and make asan run them; make valgrind-both likewise for valgrind, valgrind-pg
#   make client     libcatalog against a live catalogd (tests/client) + the README example
#   make install    PREFIX=/usr/local DESTDIR=: catalogd, catalogctl, their manual pages,
#                   catalog.h, libcatalog.{so,a}, libcatalog.pc (with an rpath off /usr)
#   make deb        Debian packages catalogd (systemd unit, own user), catalogctl, libcatalog0,
#                   libcatalog-dev in build/deb (tools/mkdeb.sh, packaging/)
#   make headertest client/catalog.h alone under -std=c99 -pedantic -Werror
#   make symcheck   libcatalog.so exports exactly catalog.h's CAT_EXTERN functions (run by client)
#   make asan       unit + integration (both backends) + client tests on an ASan/UBSan build
#   make tsan       a ThreadSanitizer build (build-tsan): the table cache's unit test and an
#                   integration subset on SQLite and on PostgreSQL at once; no suppressions
#   make valgrind   unit and client tests, and the REST, Iceberg and HTTP-limits (test_limits) integration tests, under valgrind
#   make fuzz       libFuzzer targets (clang) for FUZZ_RUNS executions each, over each target's corpus
#   make fuzz-long  each target in turn to FUZZ_LONG_RUNS (10^7) executions or FUZZ_LONG_TIME seconds,
#                   growing build-fuzz/corpus-<target>; a table of executions per target (not a test)
#   make fuzz-corpus-update  merge the grown corpus into tests/fuzz/corpus/<target>/ (to commit)
#   make bench      benchmark vs moto_server and a bare libmicrohttpd responder (not a test)
#   make bench-colstats  the batch column-statistics call vs 1,000 single calls (not a test)
#   make bench-auth GetTable throughput with SigV4 verification vs without auth (bench/auth_bench.py)
#   make bench-flood    a client's p99 during a flood of connections and big bodies vs without
#   make bench-crawl    a crawl of 100,000 partition folders vs find on the same tree (not a test)
#   make bench-iceberg  Iceberg loadTable vs Glue GetTable; commit p50, 10,000 snapshots vs 10
#   make bench-hms      HMS get_partitions_by_filter vs GetPartitions; get_table vs GetTable
#   make bench-balancer GetTable through nginx with two catalogd vs one catalogd direct (PostgreSQL)
#   make format     clang-format -i every C file (.clang-format); make format-check only checks
#   make clean
comma    := ,
CC       ?= cc
CFLAGS   ?= -O2 -g
B        ?= build
PORT     ?= 8049
DB       ?= ./catalog.db
WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings -Wvla -Wformat=2
CPPFLAGS += -D_GNU_SOURCE -Iclient -Iserver -Itests
PC_MODS  := libmicrohttpd gnutls sqlite3 libpq jansson uuid zlib nettle
# Goals that build nothing themselves (test and run build in sub-makes, after make deps).
SETUP_GOALS := deps clean test run format format-check checksrc layercheck openapi-check pg pg-stop
# Goals that build only what runs (make run's sub-make, install, deb): no cmocka needed.
RUN_GOALS   := all install deb $(B)/catalogd $(B)/catalogctl $(B)/libcatalog.so $(B)/libcatalog.a
PC_ALL   := $(PC_MODS) libcurl $(if $(filter-out $(SETUP_GOALS) $(RUN_GOALS),\
                                   $(or $(MAKECMDGOALS),all)),cmocka)
# Building needs the libraries; installing them is make deps' job, not the parser's.
ifneq ($(filter-out $(SETUP_GOALS),$(or $(MAKECMDGOALS),all)),)
ifneq ($(shell pkg-config --exists $(PC_ALL) 2>/dev/null && echo ok),ok)
$(error pkg-config does not find $(shell for m in $(PC_ALL); do pkg-config --exists $$m \
    2>/dev/null || printf '%s ' $$m; done)(or pkg-config itself is missing): run `make deps` \
    (installs the Debian packages, as root))
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PC_ALL))
SRV_LIBS   := $(shell pkg-config --libs $(PC_MODS)) -lpthread
CLI_LIBS   := $(shell pkg-config --libs libcurl jansson) -lpthread
TEST_LIBS  := $(shell pkg-config --libs cmocka 2>/dev/null)
endif
PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
ifdef SANITIZE
CFLAGS   += -O1 -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
MIGRATIONS    := $(sort $(wildcard migrations/sqlite/*.sql))
PG_MIGRATIONS := $(sort $(wildcard migrations/postgresql/*.sql))
# The server's sources, one folder per layer (docs/hacking.md): server/<layer>/*.c and the two
# backends under server/store/; main.c alone at the top.
SRV_SRC := $(wildcard server/*/*.c server/*/*/*.c)
SRV_OBJ := $(patsubst %.c,$(B)/%.o,$(SRV_SRC)) \
           $(B)/migrations.o $(B)/openapi.o $(B)/ui_assets.o
UNIT    := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))
# The unit tests that also run against PostgreSQL when CATALOG_TEST_PG is set (make unit-pg).
PG_UNIT := $(patsubst tests/unit/%.c,$(B)/tests/unit/%, \
             $(shell grep -l CATALOG_TEST_PG tests/unit/test_*.c 2>/dev/null))

LIBCAT  := $(B)/libcatalog.a $(B)/libcatalog.so $(B)/libcatalog.pc

all: $(B)/catalogd $(LIBCAT) $(B)/catalogctl
$(B)/catalogd: $(B)/server/main.o $(SRV_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(SRV_LIBS)
$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
# The migrations, embedded as one C string per file, in file-name order: one ordered list with
# one file per entry for each backend (the two folders must name the same files).
SQL2C = sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/'
# The list of migration files, rewritten when it changes, so that a file taken away also
# rebuilds what embeds them (a file added is newer than the build anyway).
MIGRATION_LIST := $(B)/migrations.list
$(shell mkdir -p $(B) && echo '$(MIGRATIONS) $(PG_MIGRATIONS)' | cmp -s - $(MIGRATION_LIST) || \
        echo '$(MIGRATIONS) $(PG_MIGRATIONS)' > $(MIGRATION_LIST))
$(B)/migrations.c: $(MIGRATIONS) $(PG_MIGRATIONS) $(MIGRATION_LIST) Makefile
	@mkdir -p $(@D)
	@if [ "$(notdir $(MIGRATIONS))" != "$(notdir $(PG_MIGRATIONS))" ]; then \
	    echo "migrations/sqlite and migrations/postgresql must hold the same file names" >&2; \
	    exit 1; fi
	{ echo '#include "store/migrate.h"'; echo 'const char *const sqlite_migrations[] = {'; \
	  for f in $(MIGRATIONS); do $(SQL2C) $$f; echo ','; done; \
	  echo '0 };'; echo 'const char *const pg_migrations[] = {'; \
	  for f in $(PG_MIGRATIONS); do $(SQL2C) $$f; echo ','; done; \
	  echo '0 };'; echo 'const char *const migration_names[] = {'; \
	  for f in $(MIGRATIONS); do echo "\"$$(basename $$f)\","; done; echo '0 };'; } > $@
# openapi.yaml, embedded as one C string (SQL2C's quoting), served at GET /openapi.yaml.
$(B)/openapi.c: openapi.yaml Makefile
	@mkdir -p $(@D)
	{ echo '#include "front/rest_int.h"'; echo 'const char rest_openapi_yaml[] ='; \
	  $(SQL2C) openapi.yaml; echo ';'; } > $@
# The web console's files (ui/: the page, its style and script), embedded as one byte array
# each with its name and an ETag (a digest of the bytes): front/ui.c serves them under /ui.
UI_FILES := $(sort $(wildcard ui/*))
$(B)/ui_assets.c: $(UI_FILES) Makefile
	@mkdir -p $(@D)
	{ echo '#include "front/ui.h"'; i=0; for f in $(UI_FILES); do \
	    echo "static const unsigned char f$$i[] = {"; \
	    od -An -v -tx1 $$f | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; \
	    i=$$((i + 1)); done; echo 'const struct ui_asset ui_assets[] = {'; i=0; \
	  for f in $(UI_FILES); do echo "{\"$$(basename $$f)\", f$$i, $$(wc -c < $$f), \
	    \"\\\"$$(sha256sum $$f | cut -c1-20)\\\"\"},"; i=$$((i + 1)); done; \
	  echo '};'; echo 'const size_t ui_nassets = sizeof(ui_assets) / sizeof(ui_assets[0]);'; \
	} > $@
# catalogctl's DDL parser (client side) is tested and fuzzed on its own.
$(B)/tests/unit/test_ddl: client/ddl.c
$(B)/tests/unit/%: tests/unit/%.c tests/unit/unit_filter.c $(SRV_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $(filter %.c %.o,$^) \
	    $(SRV_LIBS) $(TEST_LIBS)

# libcatalog: position-independent objects for both the archive and the shared library; only
# the functions catalog.h marks CAT_EXTERN are visible outside it.
$(B)/client/%.o: CFLAGS += -fPIC -fvisibility=hidden
# Its version: catalog.h's CAT_VERSION_MAJOR.MINOR.PATCH, the one place the number is written.
CAT_VERSION := $(shell sed -n 's/^.define CAT_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$$/\2/p' \
                 client/catalog.h | paste -sd.)
# catalogd --version says the same number.
$(B)/server/main.o: CPPFLAGS += -DCATALOGD_VERSION='"$(CAT_VERSION)"'
$(B)/server/main.o: client/catalog.h
LIBCAT_OBJ := $(B)/client/catalog.o $(B)/client/catalog_typed.o
$(B)/libcatalog.a: $(LIBCAT_OBJ)
	rm -f $@ && $(AR) rcs $@ $^
$(B)/libcatalog.so.0: $(LIBCAT_OBJ)
	$(CC) -shared -Wl,-soname,libcatalog.so.0 $(LDFLAGS) -o $@ $^ $(CLI_LIBS)
$(B)/libcatalog.so: $(B)/libcatalog.so.0
	ln -sf libcatalog.so.0 $@
# catalogctl: the command-line tool, on the public API only (the static library): main and the
# command table in catalogctl.c, one ctl_*.c per group of subcommands (client/ctl.h), ddl.c.
CTL_OBJ := $(patsubst client/%.c,$(B)/client/%.o,client/catalogctl.c $(wildcard client/ctl_*.c) \
             client/ddl.c)
$(B)/catalogctl: $(CTL_OBJ) $(B)/libcatalog.a
	$(CC) $(LDFLAGS) -o $@ $^ $(CLI_LIBS)
# pkg-config file for prefix $(1) and library directory $(2).  Outside the system's library
# directories (where the dynamic linker does not look) it carries an rpath, so that a program
# built with `pkg-config --libs libcatalog` runs without LD_LIBRARY_PATH.
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null)
SYSTEM_LIBDIRS := /lib /usr/lib /lib64 /usr/lib64 /lib/$(MULTIARCH) /usr/lib/$(MULTIARCH)
pc_rpath = $(if $(filter $(SYSTEM_LIBDIRS),$(1)),,-Wl$(comma)-rpath$(comma)$${libdir} )
pcfile = printf '%s\n' 'prefix=$(1)' 'libdir=$(patsubst $(1)/%,$${prefix}/%,$(2))' \
	'includedir=$${prefix}/include' '' \
	'Name: libcatalog' 'Description: C client for catalogd and AWS Glue (Glue JSON protocol)' \
	'Version: $(CAT_VERSION)' 'Requires: jansson' 'Requires.private: libcurl' \
	'Cflags: -I$${includedir}' 'Libs: -L$${libdir} $(call pc_rpath,$(2))-lcatalog' \
	'Libs.private: -lpthread'
$(B)/libcatalog.pc: Makefile client/catalog.h
	@mkdir -p $(@D)
	$(call pcfile,$(PREFIX),$(LIBDIR)) > $@
# make install PREFIX=/usr/local DESTDIR=: catalogd and catalogctl (BINDIR), their manual pages
# (MANDIR), libcatalog (LIBDIR), catalog.h and libcatalog.pc.
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
install: $(LIBCAT) $(B)/catalogd $(B)/catalogctl
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(B)/catalogd $(B)/catalogctl $(DESTDIR)$(BINDIR)/
	install -m 644 man/catalogctl.1 $(DESTDIR)$(MANDIR)/man1/catalogctl.1
	install -m 644 man/catalogd.8 $(DESTDIR)$(MANDIR)/man8/catalogd.8
	install -m 644 client/catalog.h $(DESTDIR)$(PREFIX)/include/catalog.h
	install -m 644 $(B)/libcatalog.a $(DESTDIR)$(LIBDIR)/libcatalog.a
	install -m 755 $(B)/libcatalog.so.0 $(DESTDIR)$(LIBDIR)/libcatalog.so.0
	ln -sf libcatalog.so.0 $(DESTDIR)$(LIBDIR)/libcatalog.so
	$(call pcfile,$(PREFIX),$(LIBDIR)) > $(DESTDIR)$(LIBDIR)/pkgconfig/libcatalog.pc
# make deb: catalogd, catalogctl, libcatalog0 and libcatalog-dev as .debs in DEB_OUT
# (tools/mkdeb.sh over a staged install into /usr; the service unit and maintainer scripts are
# in packaging/).  tests/integ/test_package.py installs them into a scratch root.
DEB_OUT ?= $(B)/deb
deb: $(LIBCAT) $(B)/catalogd $(B)/catalogctl
	rm -rf $(B)/deb-stage
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(B))/deb-stage PREFIX=/usr \
	    LIBDIR=/usr/lib/$(MULTIARCH) >/dev/null
	sh tools/mkdeb.sh $(B)/deb-stage $(DEB_OUT) $(CAT_VERSION) $(MULTIARCH)
headertest:      # the public header must stand alone under strict C99, its INIT macros too
	printf '%s\n' '#include "catalog.h"' 'int f(void);' 'int f(void) {' \
	    '  cat_database_input d = CAT_DATABASE_INPUT_INIT; cat_table_input t = CAT_TABLE_INPUT_INIT;' \
	    '  cat_partition_input p = CAT_PARTITION_INPUT_INIT;' \
	    '  cat_function_input u = CAT_FUNCTION_INPUT_INIT;' \
	    '  return (int)(d.version + t.version + p.version + u.version); }' | \
	    $(CC) -std=c99 -pedantic -Wall -Wextra -Werror \
	    -Iclient $(shell pkg-config --cflags jansson) -fsyntax-only -x c -
# libcatalog.so exports exactly the functions catalog.h declares (a declaration without
# CAT_EXTERN stays hidden and shows here), and they are all cat_*.
symcheck: $(B)/libcatalog.so.0
	nm -D --defined-only $< | awk '{print $$NF}' | sort > $(B)/libcatalog.symbols
	grep -oE '^[A-Za-z][^(]*\(' client/catalog.h | grep -oE '[A-Za-z0-9_]+\($$' | tr -d '(' | \
	    sort | diff -u - $(B)/libcatalog.symbols
	! grep -v '^cat_' $(B)/libcatalog.symbols
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
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(B)/tests/client/example.c \
	    $$(PKG_CONFIG_PATH=$(STAGE)/lib/pkgconfig pkg-config --cflags --libs libcatalog)
client: $(B)/catalogd $(CLIENT_T) $(B)/tests/client/example symcheck
	$(CLIENT_T) $(B)/catalogd
	sh tests/client/run_example.sh $(B)/catalogd $(B)/tests/client/example
unit: $(UNIT)
	@for t in $(UNIT); do echo "== $$t"; (cd tests/unit && ../../$$t) || exit 1; done
integ: $(B)/catalogd $(B)/catalogctl
	CATALOGD=$(B)/catalogd CATALOGCTL=$(B)/catalogctl python3 tests/integ/run.py \
	    $(if $(SHARD),--shard $(SHARD))
# The named loops.  check-fast: the unit tests only (seconds after an edit); check: the unit
# tests, then the integration suite on SQLite (minutes).  T= picks unit binaries and/or
# integration modules by name (T="test_table test_tables", commas too); K= picks tests whose
# name contains K (cmocka's filter through CMOCKA_TEST_FILTER, run.py -k).  make test is the
# whole gate.
T_LIST  = $(subst $(comma), ,$(T))
T_UNIT  = $(if $(T),$(filter $(addprefix $(B)/tests/unit/,$(T_LIST)),$(UNIT)),$(UNIT))
T_INTEG = $(filter $(T_LIST),$(patsubst tests/integ/%.py,%,$(wildcard tests/integ/test_*.py)))
check-fast: $(T_UNIT)
	@if [ -n "$(T)" ] && [ -z "$(T_UNIT)$(T_INTEG)" ]; then \
	    echo "T=$(T): no unit test (tests/unit) or integration module (tests/integ) of that name" >&2; \
	    exit 1; fi
	@for t in $(T_UNIT); do echo "== $$t"; \
	    (cd tests/unit && CMOCKA_TEST_FILTER="$(if $(K),*$(K)*)" ../../$$t) || exit 1; done
check: check-fast $(B)/catalogd $(B)/catalogctl
	@if [ -n "$(T)" ] && [ -z "$(T_INTEG)" ]; then echo "== no integration module in T=$(T)"; else \
	    CATALOGD=$(B)/catalogd CATALOGCTL=$(B)/catalogctl python3 tests/integ/run.py -q \
	    $(T_INTEG) $(if $(K),-k '$(K)'); fi
# The PostgreSQL pass: tests/pgcluster.py starts a throwaway cluster (initdb in a temporary
# folder, as an unprivileged user, on a free loopback port), runs unit-pg and integ with
# CATALOG_TEST_PG set (each catalogd the harness starts gets its own database there), and
# removes the cluster.  unit-pg alone needs CATALOG_TEST_PG (the PG unit tests skip without it).
# SHARD=K/N: the Kth share of the integration modules (tests/integ/run.py --shard); the
# PostgreSQL unit tests with the first share only.
integ-pg: $(B)/catalogd $(B)/catalogctl $(PG_UNIT)
	python3 tests/pgcluster.py run -- $(MAKE) --no-print-directory \
	    $(if $(filter-out 1/%,$(SHARD)),,unit-pg) integ
unit-pg: $(PG_UNIT)
	@for t in $(PG_UNIT); do echo "== $$t (PostgreSQL)"; (cd tests/unit && ../../$$t) || exit 1; done
# Everything a fresh machine needs, in sub-makes that parse after make deps installed it.
# Each step prints its time (== step NAME: N s); the builds run one job per core; the TSan
# pass (mostly waiting) and the fuzz run (one core) at once.
NPROC ?= $(shell nproc 2>/dev/null || echo 2)
step = @t=$$(date +%s); $(2); r=$$?; echo "== step $(1): $$(( $$(date +%s) - t )) s"; exit $$r
test:
	$(MAKE) deps
	$(call step,build,$(MAKE) -j$(NPROC) test-bins)
	$(MAKE) checksrc
	$(MAKE) layercheck
	$(MAKE) openapi-check
	$(call step,unit,$(MAKE) unit)
	$(call step,integ-both,$(MAKE) integ-both)
	$(call step,client,$(MAKE) client headertest)
	$(call step,valgrind-both,$(MAKE) valgrind-both)
	$(call step,asan,$(MAKE) asan)
	$(call step,tsan+fuzz,$(TOGETHER) tsan='$(MAKE) --no-print-directory tsan' \
	    fuzz='$(MAKE) --no-print-directory fuzz')
	$(MAKE) format-check
# What the test passes run, built at once (make -jN test-bins).
test-bins: all $(UNIT) $(CLIENT_T) $(B)/tests/client/example
deps:
	sh tools/deps.sh
asan:
	$(MAKE) -j$(NPROC) B=build-asan SANITIZE=address,undefined test-bins
	$(MAKE) B=build-asan SANITIZE=address,undefined INTEG_SHARDS=1 unit client integ-both
# The SQLite and PostgreSQL passes at the same time (tools/together.py: each into its own log
# under $(B)/together/, printed whole at the end with its time).
TOGETHER = TOGETHER_LOGS=$(B)/together python3 tools/together.py
# Each backend's modules in INTEG_SHARDS shares, all at once (the plain passes mostly wait;
# ASan's keep the cores busy: one share each).
INTEG_SHARDS ?= 2
integ-both: $(B)/catalogd $(B)/catalogctl $(PG_UNIT)
	$(TOGETHER) $(foreach k,$(shell seq $(INTEG_SHARDS)), \
	    integ-sqlite-$(k)='$(MAKE) --no-print-directory integ SHARD=$(k)/$(INTEG_SHARDS)' \
	    integ-pg-$(k)='$(MAKE) --no-print-directory integ-pg SHARD=$(k)/$(INTEG_SHARDS)')
valgrind-both: $(UNIT) $(PG_UNIT) $(CLIENT_T) $(B)/catalogd
	$(TOGETHER) valgrind-sqlite='$(MAKE) --no-print-directory valgrind' \
	    valgrind-pg='$(MAKE) --no-print-directory valgrind-pg'
# ThreadSanitizer, with no suppression file: catalogd stops at its first report (exit 66, which
# fails the test: the harness wants status 0).  The subset runs every operation (test_authz_scope
# for GetCrawlers, the rest in the per-resource modules), the table cache (test_cache), the
# crawler thread, the auth reload (SIGHUP) and the multi-process tests, on both backends; the
# HTTP layer (the listener, the connection table, TLS) and the Hive Metastore front's threads on
# SQLite only, as they do not depend on the backend.  Three streams at once, each in its own log: SQLite, PostgreSQL, and the
# multi-process crawler tests (mostly waiting) on SQLite then PostgreSQL.
TSAN_INTEG := test_cache test_crawler test_pg_multiprocess test_auth.SigV4 test_auth.Roles \
              test_auth.Rest test_auth.Reload test_authz_scope test_databases test_tables \
              test_versions test_partitions test_partition_indexes test_column_statistics \
              test_functions_tags test_search_tables test_rest_glue_parity
TSAN_HTTP  := test_limits test_auth.Tls test_hms
TSAN_SLOW  := test_crawler_multiprocess
TSAN_ENV   := TSAN_OPTIONS="halt_on_error=1 exitcode=66" CATALOGD=$(B)/catalogd \
              CATALOGCTL=$(B)/catalogctl
TSAN_RUN   := python3 tests/integ/run.py -q
TSAN_PG    := python3 tests/pgcluster.py run --
# $(call tsan_pass,NAME,COMMAND): COMMAND under TSAN_ENV into $(B)/tsan-NAME.log, its time last
tsan_pass = (t=$$(date +%s); $(TSAN_ENV) sh -c '$(2)' >$(B)/tsan-$(1).log 2>&1; r=$$?; \
             echo "$(1): $$(( $$(date +%s) - t )) s" >>$(B)/tsan-$(1).log; exit $$r)
tsan:
	$(MAKE) -j$(NPROC) B=build-tsan SANITIZE=thread build-tsan/catalogd build-tsan/catalogctl \
	    build-tsan/tests/unit/test_tcache
	$(MAKE) B=build-tsan SANITIZE=thread tsan-run
tsan-run: $(B)/catalogd $(B)/catalogctl $(B)/tests/unit/test_tcache
	cd tests/unit && TSAN_OPTIONS="halt_on_error=1 exitcode=66" ../../$(B)/tests/unit/test_tcache
	@t0=$$(date +%s); echo "== ThreadSanitizer: integration subset, SQLite and PostgreSQL at once"; \
	$(call tsan_pass,sqlite,$(TSAN_RUN) $(TSAN_INTEG) $(TSAN_HTTP)) & s1=$$!; \
	$(call tsan_pass,pg,$(TSAN_PG) $(TSAN_RUN) $(TSAN_INTEG)) & s2=$$!; \
	$(call tsan_pass,multiprocess,$(TSAN_RUN) $(TSAN_SLOW) && $(TSAN_PG) $(TSAN_RUN) $(TSAN_SLOW)) & \
	s3=$$!; wait $$s1; r1=$$?; wait $$s2; r2=$$?; wait $$s3; r3=$$?; \
	for x in sqlite:$$r1 pg:$$r2 multiprocess:$$r3; do f=$(B)/tsan-$${x%:*}.log; \
	    if [ $${x#*:} = 0 ]; then grep -E '^backend: |passed, |^[a-z]+: [0-9]+ s$$' $$f; \
	    else cat $$f; fi; done; \
	echo "== ThreadSanitizer pass: $$(( $$(date +%s) - t0 )) s"; [ $$r1$$r2$$r3 = 000 ]
# The REST front, the HTTP layer's limits and the Hive Metastore front under valgrind too: it sees invalid reads inside libjansson, which ASan
# (not instrumenting the library) does not; the harness fails when catalogd exits non-zero.
# The Iceberg REST front (issue 18) too: every route and its errors, commits (the concurrent ones
# too), the Glue interplay and the file warehouse, iceberg-js.
VALGRIND_ICEBERG := test_iceberg_front test_iceberg_rest test_iceberg_openapi test_iceberg_commit \
                    test_iceberg_glue test_iceberg_js
VALGRIND_INTEG := test_rest_smoke test_rest_contract test_rest_glue_parity test_limits \
                  $(VALGRIND_ICEBERG) test_hms
valgrind: $(UNIT) $(CLIENT_T) $(B)/catalogd
	@for t in $(UNIT); do (cd tests/unit && valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=1 ../../$$t) || exit 1; done
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
	    $(CLIENT_T) $(B)/catalogd
	CATALOGD=$(B)/catalogd CATALOGD_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite" python3 tests/integ/run.py $(VALGRIND_INTEG)
# The Iceberg modules alone under valgrind (what make valgrind runs of them), for the Iceberg work.
valgrind-iceberg: $(B)/catalogd
	CATALOGD=$(B)/catalogd CATALOGD_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite" python3 tests/integ/run.py $(VALGRIND_ICEBERG)
# The same on PostgreSQL, in a throwaway cluster: its unit tests, and catalogd under valgrind for
# the REST integration tests (libpq and jansson are not instrumented for ASan).
valgrind-pg: $(PG_UNIT) $(B)/catalogd
	python3 tests/pgcluster.py run -- $(MAKE) --no-print-directory valgrind-pg-run
valgrind-pg-run:
	@for t in $(PG_UNIT); do (cd tests/unit && valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=1 ../../$$t) || exit 1; done
	CATALOGD=$(B)/catalogd CATALOGD_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite" python3 tests/integ/run.py $(VALGRIND_INTEG)
# make run: only the run part of make deps (no test tools, no npm), the three programs built in
# parallel (one job per core), then catalogd in the foreground; ./data is a crawl root when it
# exists; ARGS= adds catalogd options.
run:
	sh tools/deps.sh run
	$(MAKE) -j$$(nproc) all
	exec $(B)/catalogd --listen 127.0.0.1:$(PORT) --db $(DB) \
	    $$([ -d data ] && echo --crawl-root data) $(ARGS)
# A local PostgreSQL to try catalogd on (tests/pgcluster.py: Debian's server binaries, a cluster
# in a temporary folder on a free loopback port, database "catalog"); prints the --db to give.
# Run again: the same cluster (restarted if stopped).  make pg-stop removes it.
PG_STATE ?= $(B)/pg.env
pg:
	@python3 tests/pgcluster.py start --state $(PG_STATE) --createdb catalog
pg-stop:
	@python3 tests/pgcluster.py stop --state $(PG_STATE)
# libFuzzer targets (clang): every tests/fuzz/fuzz_*.c, FUZZ_RUNS executions each.
FUZZ_RUNS ?= 20000
FUZZ_SRC  := $(SRV_SRC)
FUZZ_CC   := clang $(CPPFLAGS) -Ibuild -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
             -fno-sanitize-recover=all $(PKG_CFLAGS)
# The server's objects are compiled once for all targets (instrumented, not linked with libFuzzer).
FUZZ_OBJ  := $(patsubst server/%.c,build-fuzz/obj/%.o,$(FUZZ_SRC)) build-fuzz/obj/migrations.o \
             build-fuzz/obj/openapi.o build-fuzz/obj/ui_assets.o
build-fuzz/obj/%.o: server/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -MMD -MP -c -o $@ $<
build-fuzz/obj/migrations.o: build/migrations.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<
build-fuzz/obj/openapi.o: build/openapi.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<
build-fuzz/obj/ui_assets.o: build/ui_assets.c
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -o $@ $<
-include $(wildcard build-fuzz/obj/*.d build-fuzz/obj/*/*.d build-fuzz/obj/*/*/*.d)
build-fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -Ibuild -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(PKG_CFLAGS) -o $@ $^ $(SRV_LIBS)
build-fuzz/fuzz_ddl: tests/fuzz/fuzz_ddl.c client/ddl.c
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(PKG_CFLAGS) -o $@ $^ $(shell pkg-config --libs jansson)
FUZZ_TARGETS ?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(addprefix build-fuzz/,$(FUZZ_TARGETS))
# Each target: its seeds in tests/fuzz/corpus/<target>/, what it grows in build-fuzz/corpus-<target>/
# (outside git), crash/leak/timeout inputs in build-fuzz/artifacts/<target>/ (tests/fuzz/run.py).
fuzz:
	$(MAKE) -j$(NPROC) $(FUZZ_BINS)
	python3 tests/fuzz/run.py --runs $(FUZZ_RUNS) $(FUZZ_TARGETS)
# fuzz-long: each target in turn until FUZZ_LONG_RUNS executions or FUZZ_LONG_TIME seconds, then
# the table of executions per target; fuzz-corpus-update merges the grown corpus into the tree.
FUZZ_LONG_RUNS ?= 10000000
FUZZ_LONG_TIME ?= 3600
fuzz-long: $(FUZZ_BINS)
	python3 tests/fuzz/run.py --runs $(FUZZ_LONG_RUNS) --max-time $(FUZZ_LONG_TIME) \
	    --goal $(FUZZ_LONG_RUNS) $(FUZZ_TARGETS)
fuzz-corpus-update: $(FUZZ_BINS)
	python3 tests/fuzz/run.py --merge $(FUZZ_TARGETS)
# Benchmark (bench/run.py drives build/bench/loadgen, a libcurl Glue client, and wrk with
# bench/wrk_glue.lua against catalogd and build/bench/ceiling); never in make test.
$(B)/bench/loadgen: bench/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(shell pkg-config --libs libcurl jansson) -lpthread -lm
$(B)/bench/ceiling: bench/ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(SRV_LIBS)
# make bench: everything below in one run (the partition workload vs moto and the bare
# responder and on PostgreSQL (a throwaway cluster), then the column-statistics batch, SigV4
# verification, crawling and load-balancer ratios).
bench: deps $(B)/catalogd $(B)/bench/loadgen $(B)/bench/ceiling
	CATALOGD=$(B)/catalogd BENCH_BIN=$(B)/bench python3 bench/run.py
	$(MAKE) --no-print-directory bench-colstats bench-auth bench-crawl bench-flood bench-balancer \
	    bench-iceberg bench-hms
# The Iceberg REST front: loadTable vs Glue GetTable, commit p50 with 10,000 snapshots vs 10.
bench-iceberg: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/iceberg_bench.py
# The Hive Metastore Thrift front: get_partitions_by_filter vs GetPartitions with the same
# predicate, get_table vs GetTable (bench/hms_bench.py; BENCH_HMS_N partitions, default 100,000).
bench-hms: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/hms_bench.py
# The batch column-statistics call against single calls (bench/colstats_bench.py); not a test.
bench-colstats: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/colstats_bench.py
# GetTable throughput with SigV4 verification on, as a ratio to no auth (not a test).
bench-auth: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/auth_bench.py
# A well-behaved client's p99 during a connection and big-body flood, as a ratio to none (not a test).
bench-flood: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/flood_bench.py
# A crawler over 100,000 partition folders, as a ratio to find on the same tree (not a test).
bench-crawl: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/crawl_bench.py
# GetTable through nginx (the README's configuration) with two catalogd over one PostgreSQL
# database, as a ratio to one catalogd direct, in the same run (bench/balancer_bench.py).
bench-balancer: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 bench/balancer_bench.py
checksrc:        # banned calls (cf. curl's checksrc)
	! grep -nE '\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol)\(' server/*.c server/*/*.c server/*/*/*.c client/*.c
# The layers: no server file includes a folder above its own (the table in tools/layercheck.py);
# then the checker must catch wrong includes planted in a temporary copy of the tree.
layercheck:
	python3 tools/layercheck.py
	python3 tools/layercheck.py --self-test
# openapi.yaml against the OpenAPI 3 schema (@apidevtools/swagger-parser, installed by make deps
# into tests/js/openapi) plus unique operationIds and declared path parameters.
openapi-check:
	@test -d tests/js/openapi/node_modules || { echo "openapi-check: run make deps first" >&2; exit 1; }
	node tests/js/openapi/check.mjs
# Style: every C file as .clang-format says (server/ops/model.c is generated by tools/gen_model.py).
FORMAT_SRC = $(filter-out server/ops/model.c,$(wildcard server/*.[ch] server/*/*.[ch] \
             server/*/*/*.[ch] client/*.[ch] tests/*/*.[ch] \
             bench/*.[ch]))
format:
	clang-format -i $(FORMAT_SRC)
format-check:
	clang-format --dry-run -Werror $(FORMAT_SRC)
clean:
	rm -rf build build-asan build-tsan build-fuzz
.PHONY: pg pg-stop
.PHONY: all test-bins deps unit integ integ-both valgrind-both check check-fast integ-pg unit-pg valgrind-pg valgrind-pg-run valgrind-iceberg client test asan tsan tsan-run valgrind fuzz fuzz-long fuzz-corpus-update run bench bench-colstats bench-auth bench-flood \
        bench-crawl bench-balancer bench-iceberg bench-hms \
        install deb headertest symcheck \
        checksrc layercheck openapi-check format format-check clean
.SECONDARY:
-include $(wildcard $(B)/*/*.d $(B)/*/*/*.d $(B)/*/*/*/*.d $(B)/*/*/*/*/*.d)
