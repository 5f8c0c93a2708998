#!/usr/bin/env python3
"""together.py -- run test passes at the same time, each into its own log, and report them.

    together.py NAME=COMMAND [NAME=COMMAND]...

Each COMMAND runs through `sh -c` at once with the others, its output (stdout and stderr) into
$TOGETHER_LOGS/NAME.log (default build/together/).  When all have ended, each log is printed
whole, one after the other in the order given (a passing pass's log too: the suite's record),
then one line per pass with its status and seconds.  Exit status 0 only when every pass ended
with 0.  make test runs its SQLite and PostgreSQL passes this way: on two cores, two
integration passes (Python driver plus catalogd, much of it waiting) take little more than one.
"""
import os
import subprocess
import sys
import time


def main(argv):
    if not argv or any("=" not in a for a in argv):
        sys.stderr.write(__doc__)
        return 2
    logs = os.environ.get("TOGETHER_LOGS", os.path.join("build", "together"))
    os.makedirs(logs, exist_ok=True)
    passes = []
    for a in argv:
        name, cmd = a.split("=", 1)
        path = os.path.join(logs, name + ".log")
        f = open(path, "wb")
        passes.append([name, cmd, path, f, subprocess.Popen(["sh", "-c", cmd], stdout=f,
                                                            stderr=subprocess.STDOUT,
                                                            stdin=subprocess.DEVNULL),
                       time.monotonic(), None, None])
    pending = list(passes)
    while pending:
        for p in list(pending):
            rc = p[4].poll()
            if rc is not None:
                p[6], p[7] = rc, time.monotonic() - p[5]
                p[3].close()
                pending.remove(p)
        if pending:
            time.sleep(0.2)
    for name, cmd, path, _f, _proc, _t0, rc, secs in passes:
        print("== %s: %s" % (name, cmd), flush=True)
        with open(path, "rb") as f:
            sys.stdout.buffer.write(f.read())
        sys.stdout.flush()
    for name, _cmd, path, _f, _proc, _t0, rc, secs in passes:
        print("== %s: %s in %.0f s (log %s)" % (name, "passed" if rc == 0 else
                                               "FAILED (status %d)" % rc, secs, path))
    return 0 if all(p[6] == 0 for p in passes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
