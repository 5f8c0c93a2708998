#!/bin/sh
# run_example.sh -- run the README's example program against a fresh catalogd.
# Usage: run_example.sh CATALOGD EXAMPLE.  Starts catalogd on port 0 with a temporary
# database, runs EXAMPLE with CATALOG_ENDPOINT pointing at it, stops catalogd with SIGTERM
# and fails unless both exit with status 0.
set -u
catalogd=$1 example=$2
dir=$(mktemp -d /tmp/catalog-example-XXXXXX)
trap 'rm -rf "$dir"' EXIT
"$catalogd" --listen 127.0.0.1:0 --db "$dir/catalog.db" 2>"$dir/log" &
pid=$!
port=
for _ in $(seq 200); do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/log")
    [ -n "$port" ] && break
    sleep 0.05
done
if [ -z "$port" ]; then echo "catalogd did not start:"; cat "$dir/log"; kill $pid; exit 1; fi
CATALOG_ENDPOINT=http://127.0.0.1:$port "$example"
rc=$?
kill -TERM $pid
wait $pid
src=$?
if [ $rc -ne 0 ] || [ $src -ne 0 ]; then
    echo "example exited $rc, catalogd exited $src"; cat "$dir/log"; exit 1
fi
echo "README example: ok"
