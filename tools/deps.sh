#!/bin/sh
# deps.sh -- install the Debian packages catalogd needs to build, test and benchmark, and the
# JavaScript tests' npm packages; once.
#
#   sh tools/deps.sh          (what `make deps` runs; `make run` and `make test` run it first)
#
# When every package is installed it only asks dpkg (one call) and stats two files per npm
# folder.  Otherwise it runs apt-get update and apt-get install for the missing ones, which needs
# root.
set -eu

PKGS="libmicrohttpd-dev libgnutls28-dev libsqlite3-dev libjansson-dev uuid-dev libcmocka-dev
      libcurl4-openssl-dev nettle-dev pkg-config clang libclang-rt-14-dev valgrind clang-format wrk
      zlib1g-dev libpq-dev postgresql nginx libnginx-mod-stream haproxy
      nodejs chromium python3-thrift thrift-compiler"

# python3-thrift and thrift-compiler are for the Hive Metastore front's test (tests/integ/test_hms.py),
# which generates its client from tests/integ/hms/hive_metastore.thrift at test time.

# nginx (with its stream module, a separate package) and haproxy are for the load-balancer test
# (tests/integ/test_balancer.py), which runs its own instances on free loopback ports with its own
# configuration files: a system nginx or haproxy the packages may start is never used.

# chromium (headless) is for the web console's browser test (tests/integ/test_console.py, driven
# over the DevTools protocol by tests/integ/cdp.py); it is never started outside that test.

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
        echo "deps: installing needs root: run 'sudo make deps' (or apt-get install$missing)" >&2
        exit 1
    fi
    # Another apt-get may hold the lock (e.g. a second checkout running make deps): wait for it.
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing
fi

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
