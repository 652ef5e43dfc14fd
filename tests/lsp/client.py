"""A small scripted LSP client for sakra's tests and benchmark: starts
`sakra lsp`, frames JSON-RPC messages, and collects what the server sends."""
import json
import os
import select
import subprocess
import time


class Client:
    def __init__(self, sakra, root, env=None, utf8=False):
        self.p = subprocess.Popen([sakra, "lsp"], cwd=root, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=env)
        self.root = root
        self.next_id = 0
        self.buf = b""
        self.diagnostics = {}       # uri -> latest list
        self.notes = []             # every notification, in order
        caps = {"general": {"positionEncodings": ["utf-8", "utf-16"] if utf8 else ["utf-16"]}}
        self.init = self.request("initialize", {"processId": os.getpid(),
                                                "rootUri": self.uri(""), "capabilities": caps})
        self.notify("initialized", {})

    def uri(self, rel):
        from urllib.parse import quote
        return "file://" + quote(os.path.realpath(self.root)) + ("/" + quote(rel) if rel else "")

    def send_raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self, timeout=30):
        """The next message from the server, or None at the end."""
        deadline = time.time() + timeout
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = int([l.split(b":")[1] for l in head.split(b"\r\n")
                              if l.lower().startswith(b"content-length")][0])
                if len(rest) >= length:
                    self.buf = rest[length:]
                    msg = json.loads(rest[:length])
                    if msg.get("method") == "textDocument/publishDiagnostics":
                        self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]
                    if "method" in msg:
                        self.notes.append(msg)
                    return msg
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no message from sakra lsp")
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                continue
            chunk = os.read(self.p.stdout.fileno(), 1 << 16)
            if not chunk:
                return None
            self.buf += chunk

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg is None:
                raise EOFError("sakra lsp ended before answering " + method)
            if msg.get("id") == rid and "method" not in msg:
                return msg

    def sync(self):
        """Everything the server sent before an answer to a harmless request."""
        return self.request("textDocument/documentSymbol",
                            {"textDocument": {"uri": self.uri("sakra.yml")}})

    def close(self):
        r = self.request("shutdown", None)
        self.notify("exit", None)
        self.p.stdin.close()
        rc = self.p.wait(timeout=30)
        return r, rc, self.p.stdout.read(), self.p.stderr.read()
