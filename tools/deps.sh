#!/bin/sh
# deps.sh -- install what catalogd needs: to build and run it (run), or also to test and benchmark
# it (test: Debian packages and the JavaScript tests' npm packages); each part once.
#
#   sh tools/deps.sh run      what `make run` runs: compiler, pkg-config and the libraries' -dev
#   sh tools/deps.sh test     what `make test` needs besides (test tools, servers, browser, npm)
#   sh tools/deps.sh          both (what `make deps` runs)
#
# When every package is installed it only asks dpkg (one call) and, for test, stats two files per
# npm folder.  Otherwise it runs apt-get update and apt-get install for the missing ones, which
# needs root.
set -eu

part=${1:-all}
case $part in
run | test | all) ;;
*) echo "usage: sh tools/deps.sh [run|test]" >&2; exit 2 ;;
esac

# Building and running catalogd, catalogctl and libcatalog (the Makefile's pkg-config modules).
RUN_PKGS="gcc make pkg-config libmicrohttpd-dev libgnutls28-dev nettle-dev libsqlite3-dev libpq-dev
          libjansson-dev libjsmn-dev uuid-dev zlib1g-dev libcurl4-openssl-dev"

# The tests, fuzzing, the gates and the benchmarks: cmocka (unit tests), clang with its runtime
# (sanitizers, libFuzzer), valgrind, clang-format, wrk, PostgreSQL's server (the PostgreSQL pass
# and make pg), nodejs (npm below), and:
# - python3-thrift and thrift-compiler for the Hive Metastore front's test (tests/integ/test_hms.py),
#   which generates its client from tests/integ/hms/hive_metastore.thrift at test time;
# - nginx (with its stream module, a separate package) and haproxy for the load-balancer test
#   (tests/integ/test_balancer.py), which runs its own instances on free loopback ports with its
#   own configuration files: a system nginx or haproxy the packages may start is never used;
# - chromium (headless) for the web console's browser test (tests/integ/test_console.py, driven
#   over the DevTools protocol by tests/integ/cdp.py); it is never started outside that test.
TEST_PKGS="libcmocka-dev clang libclang-rt-14-dev valgrind clang-format wrk postgresql
           nginx libnginx-mod-stream haproxy nodejs chromium python3-thrift thrift-compiler"

case $part in
run) PKGS=$RUN_PKGS ;;
test) PKGS=$TEST_PKGS ;;
all) PKGS="$RUN_PKGS $TEST_PKGS" ;;
esac

# Installed packages print "ii"; unknown ones print nothing (dpkg-query complains on stderr).
installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $PKGS 2>/dev/null |
            awk '$1 == "ii" { print $2 }')
missing=""
for p in $PKGS; do
    case " $(echo $installed) " in
    *" $p "*) ;;
    *) missing="$missing $p" ;;
    esac
done
if [ -n "$missing" ]; then
    echo "deps: installing missing Debian packages:$missing"
    if [ "$(id -u)" -ne 0 ]; then
        echo "deps: installing needs root: run 'sudo sh tools/deps.sh${1:+ $1}' (or apt-get install$missing)" >&2
        exit 1
    fi
    # Another apt-get may hold the lock (e.g. a second checkout running make deps): wait for it.
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing
fi
[ "$part" = run ] && exit 0

# The npm packages the JavaScript tests use, each folder pinned by its package-lock.json:
# tests/js (@aws-sdk/client-glue smoke test), tests/js/auth (the SDK against SigV4 checks),
# tests/js/seed (@duckdb/node-api for the seed flow), tests/js/openapi
# (@apidevtools/swagger-parser for make openapi-check), tests/js/iceberg (iceberg-js, ajv and
# js-yaml for the Iceberg REST tests).  npm ci only where node_modules is missing or older than
# the lock file.
for d in tests/js tests/js/auth tests/js/seed tests/js/openapi tests/js/iceberg; do
    dir=$(dirname "$0")/../$d
    if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
       [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "deps: npm ci in $d"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
done
