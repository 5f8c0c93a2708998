#!/usr/bin/env python3
"""sigv4_check.py -- recompute with botocore the SigV4 signature of a request libcatalog sent.

Usage: sigv4_check.py REQUEST_FILE ACCESS_KEY SECRET_KEY REGION [SESSION_TOKEN]

REQUEST_FILE holds the raw HTTP request as the test's listener received it.  The request is
rebuilt the way botocore's Glue client builds one (POST /, Content-Type, X-Amz-Target, the
body, X-Amz-Security-Token when there is a token), signed by botocore.auth.SigV4Auth at the
X-Amz-Date the request carries, and the Authorization header botocore computes must equal
the one libcatalog sent.  Exit status 0 when they match, 1 (with both printed) otherwise.
"""
import datetime
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    path, akid, secret, region = sys.argv[1:5]
    token = sys.argv[5] if len(sys.argv) > 5 else None
    raw = open(path, "rb").read()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()

    sent = headers.get("authorization", "")
    amz_date = headers.get("x-amz-date")
    if not amz_date or not sent:
        print("no Authorization or X-Amz-Date header in the request")
        return 1
    when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *a, **k: when

    req = AWSRequest(method=method, url="http://%s%s" % (headers["host"], target), data=body,
                     headers={"Content-Type": headers["content-type"],
                              "X-Amz-Target": headers["x-amz-target"]})
    botocore.auth.SigV4Auth(Credentials(akid, secret, token), "glue", region).add_auth(req)
    expected = req.headers["Authorization"]
    if expected != sent:
        print("libcatalog sent: %s\nbotocore wants:  %s" % (sent, expected))
        return 1
    if token is not None and headers.get("x-amz-security-token") != token:
        print("X-Amz-Security-Token missing or different")
        return 1
    print("signature ok: %s" % expected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
