"""make install and make deb (issue 19, item 9), as a user would take them.

- make install PREFIX=<temporary folder>: catalogd, catalogctl, their manual pages, libcatalog
  and libcatalog.pc land there; the README's C example builds through that pkg-config file and
  runs with no LD_LIBRARY_PATH (the .pc carries an rpath off the system's folders), against
  the installed catalogd.
- make deb: four packages (dpkg-deb), installed with dpkg into a scratch root
  (--root, --force-script-chrootless: the maintainer scripts run with DPKG_ROOT set, so the
  postinst makes the catalogd user in the root's /etc/passwd); the installed catalogd and
  catalogctl run (--version, a short serve and requests), the example builds against the -dev
  package, and a second install (an upgrade) and a purge go through.

SQLite pass only (nothing here depends on the backend); skipped under valgrind and on
sanitizer builds (the example links the library without the sanitizer's runtime).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

ROOT = harness.REPO_ROOT
BUILD = os.path.relpath(os.path.dirname(harness.catalogd_path()), ROOT)
VERSION_OF = {"catalogd": "catalogd %s\n", "catalogctl": "catalogctl %s (libcatalog %s)\n"}
PACKAGES = ["catalogd", "catalogctl", "libcatalog0", "libcatalog-dev"]


def cat_version():
    with open(os.path.join(ROOT, "client", "catalog.h")) as f:
        text = f.read()
    return ".".join(re.search(r"#define CAT_VERSION_%s (\d+)" % k, text).group(1)
                    for k in ("MAJOR", "MINOR", "PATCH"))


def run(cmd, **kw):
    kw.setdefault("timeout", 600)
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise AssertionError("%s exited %d\n%s%s" % (" ".join(cmd), r.returncode, r.stdout,
                                                   r.stderr))
    return r.stdout


def make(*args):
    return run(["make", "--no-print-directory", "-s", "-C", ROOT, "B=" + BUILD] + list(args))


def readme_example(path):
    """The README's example program (as the Makefile's client target extracts it) into PATH."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    after = text.split("<!-- example program -->", 1)[1]
    code = after.split("```c\n", 1)[1].split("```", 1)[0]
    with open(path, "w") as f:
        f.write(code)


@harness.sqlite_only("the packages do not depend on the backend")
@unittest.skipIf(harness.WRAPPER or "asan" in BUILD or "tsan" in BUILD,
                 "a plain build is packaged")
class Package(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="catalogd-package-")
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                p.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def serve(self, catalogd, env=None):
        """Start CATALOGD on a free port; its endpoint."""
        log = os.path.join(self.tmp, "serve-%d.log" % len(self.procs))
        with open(log, "wb") as f:
            p = subprocess.Popen([catalogd, "--listen", "127.0.0.1:0", "--drain-seconds", "0",
                                  "--db", os.path.join(self.tmp, "c%d.db" % len(self.procs))],
                                 stdout=f, stderr=f, stdin=subprocess.DEVNULL, env=env)
        self.procs.append(p)
        for _ in range(400):
            with open(log) as f:
                m = harness.LISTEN_RE.search(f.read())
            if m:
                return "http://127.0.0.1:%s" % m.group(2)
            self.assertIsNone(p.poll(), "catalogd exited")
            time.sleep(0.025)
        self.fail("catalogd did not listen")

    def stop(self):
        p = self.procs.pop()
        p.terminate()
        self.assertEqual(p.wait(10), 0)

    def check_versions(self, bindir, env=None):
        v = cat_version()
        self.assertEqual(run([os.path.join(bindir, "catalogd"), "--version"], env=env),
                         VERSION_OF["catalogd"] % v)
        self.assertEqual(run([os.path.join(bindir, "catalogctl"), "--version"], env=env),
                         VERSION_OF["catalogctl"] % (v, v))

    def check_man(self, page):
        text = run(["man", "-l", "-P", "cat", page], env=dict(os.environ, MANWIDTH="80",
                                                                  LC_ALL="C.UTF-8"))
        self.assertIn("SYNOPSIS", text)
        self.assertIn("SEE ALSO", text)

    def test_make_install_into_a_prefix(self):
        prefix = os.path.join(self.tmp, "prefix")
        make("install", "PREFIX=" + prefix)
        for f in ("bin/catalogd", "bin/catalogctl", "include/catalog.h", "lib/libcatalog.so.0",
                  "lib/libcatalog.a", "lib/pkgconfig/libcatalog.pc",
                  "share/man/man1/catalogctl.1", "share/man/man8/catalogd.8"):
            self.assertTrue(os.path.exists(os.path.join(prefix, f)), f)
        self.check_versions(os.path.join(prefix, "bin"))
        self.check_man(os.path.join(prefix, "share/man/man8/catalogd.8"))
        self.check_man(os.path.join(prefix, "share/man/man1/catalogctl.1"))
        # the example, built as a user would: pkg-config only, no -rpath, no LD_LIBRARY_PATH
        src, exe = os.path.join(self.tmp, "example.c"), os.path.join(self.tmp, "example")
        readme_example(src)
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib/pkgconfig"))
        env.pop("LD_LIBRARY_PATH", None)
        flags = run(["pkg-config", "--cflags", "--libs", "libcatalog"], env=env).split()
        run(["cc", "-o", exe, src] + flags, env=env)
        self.assertIn(os.path.join(prefix, "lib/libcatalog.so.0"), run(["ldd", exe], env=env))
        endpoint = self.serve(os.path.join(prefix, "bin/catalogd"))
        run([exe], env=dict(env, CATALOG_ENDPOINT=endpoint))
        out = run([os.path.join(prefix, "bin/catalogctl"), "--endpoint", endpoint,
                   "get-databases"], env=env)
        self.assertIn('"DatabaseList"', out)
        self.stop()

    def test_make_deb_into_a_scratch_root(self):
        out = os.path.join(self.tmp, "debs")
        v = cat_version()
        listed = make("deb", "DEB_OUT=" + out).split()
        arch = run(["dpkg", "--print-architecture"]).strip()
        debs = [os.path.join(out, "%s_%s_%s.deb" % (p, v, arch)) for p in PACKAGES]
        self.assertEqual(sorted(listed), sorted(debs))
        fields = {p: run(["dpkg-deb", "-f", d, "Package", "Version", "Depends"])
                  for p, d in zip(PACKAGES, debs)}
        self.assertIn("libmicrohttpd12", fields["catalogd"])
        self.assertIn("libpq5", fields["catalogd"])
        self.assertIn("libcatalog0 (= %s)" % v, fields["libcatalog-dev"])
        self.assertIn("./lib/systemd/system/catalogd.service",
                      run(["dpkg-deb", "-c", debs[0]]))

        root = os.path.join(self.tmp, "root")
        for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "etc"):
            os.makedirs(os.path.join(root, d))
        for f in ("var/lib/dpkg/status", "etc/passwd", "etc/group", "etc/shadow",
                  "etc/gshadow"):
            open(os.path.join(root, f), "w").close()
        dpkg = ["dpkg", "--root=" + root, "--force-script-chrootless", "--force-depends",
                "--force-not-root"]
        run(dpkg + ["-i"] + debs)
        status = run(["dpkg-query", "--root=" + root, "-W", "-f", "${Package} ${Status}\n"])
        for p in PACKAGES:
            self.assertIn("%s install ok installed" % p, status)
        # the postinst: the service's own user, its home /var/lib/catalogd, made with 0750
        with open(os.path.join(root, "etc/passwd")) as f:
            users = [line.split(":") for line in f.read().splitlines()]
        me = [u for u in users if u[0] == "catalogd"]
        self.assertEqual(len(me), 1, users)
        self.assertEqual((me[0][5], me[0][6]), ("/var/lib/catalogd", "/usr/sbin/nologin"))
        st = os.stat(os.path.join(root, "var/lib/catalogd"))
        self.assertEqual((st.st_uid, st.st_mode & 0o777), (int(me[0][2]), 0o750))
        with open(os.path.join(root, "lib/systemd/system/catalogd.service")) as f:
            unit = f.read()
        for line in ("User=catalogd", "ExecStart=/usr/bin/catalogd --db "
                     "/var/lib/catalogd/catalog.db $CATALOGD_OPTS",
                     "EnvironmentFile=-/etc/default/catalogd", "WantedBy=multi-user.target"):
            self.assertIn(line + "\n", unit)
        self.assertIn("/etc/default/catalogd",
                      run(["dpkg-query", "--root=" + root, "-W", "-f", "${Conffiles}",
                           "catalogd"]))

        # the installed programs run (from the scratch root: the library with LD_LIBRARY_PATH)
        ma = run(["gcc", "-print-multiarch"]).strip()
        libdir = os.path.join(root, "usr/lib", ma)
        env = dict(os.environ, LD_LIBRARY_PATH=libdir)
        self.check_versions(os.path.join(root, "usr/bin"), env)
        self.check_man(os.path.join(root, "usr/share/man/man8/catalogd.8.gz"))
        self.check_man(os.path.join(root, "usr/share/man/man1/catalogctl.1.gz"))
        endpoint = self.serve(os.path.join(root, "usr/bin/catalogd"), env)
        ctl = [os.path.join(root, "usr/bin/catalogctl"), "--endpoint", endpoint]
        made = run(ctl + ["create-database", "--name", "from_deb"], env=env)
        self.assertIn('"Name": "from_deb"', made)
        self.assertIn('"from_deb"', run(ctl + ["get-databases"], env=env))
        # the -dev package: the example builds against it and runs
        src, exe = os.path.join(self.tmp, "example.c"), os.path.join(self.tmp, "example")
        readme_example(src)
        pc = dict(env, PKG_CONFIG_PATH=os.path.join(libdir, "pkgconfig"))
        flags = run(["pkg-config", "--define-variable=prefix=" + os.path.join(root, "usr"),
                     "--cflags", "--libs", "libcatalog"], env=pc).split()
        self.assertIn("-L" + libdir, flags)
        self.assertNotIn("-Wl,-rpath", " ".join(flags))  # a system folder: no rpath
        run(["cc", "-o", exe, src] + flags, env=pc)
        run([exe], env=dict(env, CATALOG_ENDPOINT=endpoint))
        self.stop()

        # installed again (an upgrade): the user is not made twice; then purged
        run(dpkg + ["-i"] + debs)
        with open(os.path.join(root, "etc/passwd")) as f:
            self.assertEqual([u for u in f.read().splitlines() if u.startswith("catalogd:")],
                             [":".join(me[0])])
        run(dpkg + ["--purge"] + PACKAGES)
        self.assertFalse(os.path.exists(os.path.join(root, "usr/bin/catalogd")))
        self.assertFalse(os.path.exists(os.path.join(root, "etc/default/catalogd")))
