"""A small REST client for the catalogd /v1 API (http.client, one connection per request),
shared by test_rest_contract.py and test_rest_glue_parity.py."""

import http.client
import json
import unittest
import urllib.parse

import harness

JSON = "application/json"


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers  # lower-case names -> value
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%s %s -> %d %r %r>" % (self.method, self.path, self.status, self.headers,
                                        self.body[:600])


def enc(s):
    """Percent-encode one path segment (names, partition keys and values)."""
    return urllib.parse.quote(s, safe="")


def spec_path(keys, values):
    """Hive-style partition spec k1=v1/k2=v2, each key and value percent-encoded."""
    return "/".join("%s=%s" % (enc(k), enc(v)) for k, v in zip(keys, values))


def request(port, method, path, body=None, headers=None, content_type=JSON, timeout=30):
    """One request. BODY: dict/list (JSON-encoded), str/bytes (sent as is) or None."""
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode("utf-8")
    elif isinstance(body, str):
        body = body.encode("utf-8")
    h = {}
    if body is not None and content_type is not None:
        h["Content-Type"] = content_type
    h.update(headers or {})
    h = {k: v for k, v in h.items() if v is not None}
    last = None
    for _ in range(3):  # a server answering 413 early may reset a connection still sending
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            return Response(method, path, r.status, {k.lower(): v for k, v in r.getheaders()},
                            data)
        except (BrokenPipeError, ConnectionResetError) as e:
            last = e
        finally:
            conn.close()
    raise last


def health_status(port):
    try:
        return request(port, "GET", "/health").status
    except OSError:
        return None


def srv_module_name(srv):
    for k, v in harness._module_servers.items():
        if v is srv:
            return k
    return None
