#!/bin/sh
# mkdeb.sh -- make deb: four Debian packages with dpkg-deb from a staged make install.
# Usage: tools/mkdeb.sh STAGE OUTDIR VERSION MULTIARCH
#   STAGE: a tree made by `make install DESTDIR=STAGE PREFIX=/usr LIBDIR=/usr/lib/MULTIARCH`.
# Makes in OUTDIR:
#   catalogd_VERSION_ARCH.deb       the server, its manual page, a systemd unit running it as
#                                   user catalogd (made by postinst) on /var/lib/catalogd
#   catalogctl_VERSION_ARCH.deb     the command line (libcatalog linked in), its manual page
#   libcatalog0_VERSION_ARCH.deb    the shared library
#   libcatalog-dev_VERSION_ARCH.deb catalog.h, libcatalog.so and .a, libcatalog.pc
# Depends: the Debian packages that hold the shared libraries each binary names (NEEDED, found
# through ldd, owned per dpkg -S), at least at the version installed here.
set -eu
stage=$1 out=$2 version=$3 ma=$4
here=$(cd "$(dirname "$0")/.." && pwd)
arch=$(dpkg --print-architecture)
work=$(mktemp -d "${TMPDIR:-/tmp}/catalogd-deb-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# The packages holding the libraries FILE loads, as "pkg (>= version)", comma-separated;
# SKIP names a package left out (libcatalog0 for its own library).
deps() {
    objdump -p "$1" | awk '$1 == "NEEDED" { print $2 }' | while read -r need; do
        lib=$(ldd "$1" | awk -v n="$need" '$1 == n && $3 ~ /^\// { print $3 }')
        [ -n "$lib" ] || continue
        real=$(readlink -f "$lib")
        pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || true)
        pkg=${pkg%%:*}
        [ -n "$pkg" ] || continue
        echo "$pkg (>= $(dpkg-query -W -f='${Version}' "$pkg"))"
    done | sort -u | paste -sd, - | sed 's/,/, /g'
}

# control NAME SECTION DEPENDS DESCRIPTION (first line; the rest indented)
control() {
    mkdir -p "$work/$1/DEBIAN"
    {
        echo "Package: $1"
        echo "Version: $version"
        echo "Architecture: $arch"
        echo "Maintainer: catalogd developers <catalogd@localhost>"
        echo "Section: $2"
        echo "Priority: optional"
        [ -n "$3" ] && echo "Depends: $3"
        echo "Installed-Size: $(du -sk --exclude=DEBIAN "$work/$1" | cut -f1)"
        echo "Homepage: https://localhost/catalogd"
        printf 'Description: %s\n' "$4"
    } > "$work/$1/DEBIAN/control"
}

# put PKG SRC DEST [MODE]: copy SRC (from the stage) to DEST in PKG's tree
put() {
    install -D -m "${4:-644}" "$2" "$work/$1$3"
}

# catalogd
put catalogd "$stage/usr/bin/catalogd" /usr/bin/catalogd 755
gzip -9n < "$stage/usr/share/man/man8/catalogd.8" > "$work/catalogd.8.gz"
put catalogd "$work/catalogd.8.gz" /usr/share/man/man8/catalogd.8.gz
put catalogd "$here/packaging/catalogd.service" /lib/systemd/system/catalogd.service
put catalogd "$here/packaging/catalogd.default" /etc/default/catalogd
for s in postinst prerm postrm; do
    install -D -m 755 "$here/packaging/catalogd.$s" "$work/catalogd/DEBIAN/$s"
done
echo /etc/default/catalogd > "$work/catalogd/DEBIAN/conffiles"
control catalogd net "$(deps "$stage/usr/bin/catalogd"), passwd" \
    "Hive-compatible metadata catalog server speaking the AWS Glue protocol
 catalogd keeps databases, tables, partitions and their versions in SQLite or
 PostgreSQL and serves them as the AWS Glue JSON protocol and a REST API.
 The package runs it as a systemd service, as user catalogd, with the catalog
 in /var/lib/catalogd (options in /etc/default/catalogd)."

# catalogctl
put catalogctl "$stage/usr/bin/catalogctl" /usr/bin/catalogctl 755
gzip -9n < "$stage/usr/share/man/man1/catalogctl.1" > "$work/catalogctl.1.gz"
put catalogctl "$work/catalogctl.1.gz" /usr/share/man/man1/catalogctl.1.gz
control catalogctl utils "$(deps "$stage/usr/bin/catalogctl")" \
    "command line for catalogd and AWS Glue catalogs
 One command per catalog operation: databases, tables, partitions, statistics,
 functions, search, crawls of a local folder and Hive DDL."

# libcatalog0
put libcatalog0 "$stage/usr/lib/$ma/libcatalog.so.0" "/usr/lib/$ma/libcatalog.so.0"
mkdir -p "$work/libcatalog0/DEBIAN"
echo "libcatalog 0 libcatalog0 (>= $version)" > "$work/libcatalog0/DEBIAN/shlibs"
echo "activate-noawait ldconfig" > "$work/libcatalog0/DEBIAN/triggers"
control libcatalog0 libs "$(deps "$stage/usr/lib/$ma/libcatalog.so.0")" \
    "C client library for catalogd and AWS Glue (Glue JSON protocol)
 libcatalog speaks the Glue JSON protocol over libcurl, with SigV4 signing."

# libcatalog-dev
put libcatalog-dev "$stage/usr/include/catalog.h" /usr/include/catalog.h
put libcatalog-dev "$stage/usr/lib/$ma/libcatalog.a" "/usr/lib/$ma/libcatalog.a"
put libcatalog-dev "$stage/usr/lib/$ma/pkgconfig/libcatalog.pc" "/usr/lib/$ma/pkgconfig/libcatalog.pc"
ln -s libcatalog.so.0 "$work/libcatalog-dev/usr/lib/$ma/libcatalog.so"
control libcatalog-dev libdevel "libcatalog0 (= $version), libjansson-dev, libcurl4-openssl-dev | libcurl-dev" \
    "C client library for catalogd and AWS Glue: development files
 The header catalog.h, the static library and libcatalog.pc for pkg-config."

for p in catalogd catalogctl libcatalog0 libcatalog-dev; do
    dpkg-deb --root-owner-group -Zxz --build "$work/$p" "$out/${p}_${version}_${arch}.deb" >/dev/null
    echo "$out/${p}_${version}_${arch}.deb"
done
