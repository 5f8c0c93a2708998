# catalogd -- one-screen Makefile.
#   make            build build/catalogd (installs missing Debian packages first)
#   make run        build and start catalogd on ./catalog.db (127.0.0.1:8049)
#   make test       every test: unit (cmocka, also under valgrind), schema check, integration
#                   (boto3, AWS CLI), all again under ASan/UBSan, and a short fuzz run
#   make asan       unit + integration tests on an AddressSanitizer/UBSan build (build-asan/)
#   make valgrind   unit tests under valgrind --leak-check=full
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
PKG_CFLAGS := $(shell pkg-config --cflags $(PC_MODS) cmocka)
SRV_LIBS   := $(shell pkg-config --libs $(PC_MODS)) -lpthread
TEST_LIBS  := $(shell pkg-config --libs cmocka)
ifdef SANITIZE
CFLAGS   += -O1 -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
MIGRATIONS := $(sort $(wildcard migrations/*.sql))
SRV_OBJ := $(patsubst %.c,$(B)/%.o,$(filter-out server/main.c,$(wildcard server/*.c))) \
           $(B)/migrations.o
UNIT    := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(wildcard tests/unit/test_*.c))

all: $(B)/catalogd
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

unit: $(UNIT)
	@for t in $(UNIT); do echo "== $$t"; (cd tests/unit && ../../$$t) || exit 1; done
integ: $(B)/catalogd
	CATALOGD=$(B)/catalogd python3 tests/integ/run.py
test: all
	$(MAKE) unit
	$(MAKE) integ
	$(MAKE) valgrind
	$(MAKE) asan
	$(MAKE) fuzz
asan:
	$(MAKE) B=build-asan SANITIZE=address,undefined unit integ
valgrind: $(UNIT)
	@for t in $(UNIT); do (cd tests/unit && valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=1 ../../$$t) || exit 1; done
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
# Benchmark (bench/run.py drives build/bench/loadgen, a libcurl Glue client); never in make test.
$(B)/bench/loadgen: bench/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(shell pkg-config --libs libcurl jansson) -lpthread -lm
$(B)/bench/ceiling: bench/ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(SRV_LIBS)
bench: $(B)/catalogd $(B)/bench/loadgen $(B)/bench/ceiling
	CATALOGD=$(B)/catalogd BENCH_BIN=$(B)/bench python3 bench/run.py
checksrc:        # banned calls (cf. curl's checksrc)
	! grep -nE '\<(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol)\(' server/*.c client/*.c
clean:
	rm -rf build build-asan build-fuzz
.PHONY: all unit integ test asan valgrind fuzz run bench checksrc clean
.SECONDARY:
-include $(wildcard $(B)/*/*.d $(B)/*/*/*.d)
