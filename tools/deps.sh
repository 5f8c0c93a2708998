#!/bin/sh
# deps.sh -- install the Debian packages catalogd needs to build, test and benchmark; once.
#
#   sh tools/deps.sh          (what `make deps` runs; `make run` and `make test` run it first)
#
# When every package is installed it only asks dpkg (one call) and exits 0.  Otherwise it
# runs apt-get update and apt-get install for the missing ones, which needs root.
set -eu

PKGS="libmicrohttpd-dev libsqlite3-dev libjansson-dev uuid-dev libcmocka-dev
      libcurl4-openssl-dev nettle-dev pkg-config clang libclang-rt-14-dev valgrind clang-format wrk
      zlib1g-dev
      nodejs"

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
# The JavaScript SDK the auth test drives (tests/js/auth), from npm's registry, once.
js_deps() {
    d="$(dirname "$0")/../tests/js/auth"
    if command -v npm >/dev/null 2>&1 && [ ! -d "$d/node_modules/@aws-sdk/client-glue" ]; then
        echo "deps: npm install in tests/js/auth"
        npm install --prefix "$d" --no-audit --no-fund --silent || echo "deps: npm install failed" >&2
    fi
    return 0
}
[ -z "$missing" ] && { js_deps; exit 0; }

echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: installing needs root: run 'sudo make deps' (or apt-get install$missing)" >&2
    exit 1
fi
# Another apt-get may hold the lock (e.g. a second checkout running make deps): wait for it.
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing
js_deps
