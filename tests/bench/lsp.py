#!/usr/bin/env python3
"""make bench: sakra lsp on the generated plan, side by side with a cold
`sakra check` of the same files in the same run — the time from a didChange
to the publishDiagnostics that answers it (a guidance placeholder added and
removed in turn, so every change changes the findings), median and worst of
EDITS changes."""
import os
import statistics
import subprocess
import sys
import time

sakra, plan = sys.argv[1], sys.argv[2]
edits = int(os.environ.get("EDITS", "30"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lsp"))
from client import Client


def cold():
    best = None
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sakra, "-C", plan, "check", "--quiet"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        t = time.perf_counter() - t
        best = t if best is None or t < best else best
    return best


check = cold()
t = time.perf_counter()
c = Client(sakra, plan)
c.sync()
start = time.perf_counter() - t
path = "plan/03-allmanna-rutiner.md"
uri = c.uri(path)
text = open(os.path.join(plan, path), encoding="utf-8").read()
c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown",
                                                   "version": 1, "text": text}})
c.sync()
lat = []
for i in range(edits):
    body = text + ("\n[fyll i]\n" if i % 2 == 0 else "")
    t = time.perf_counter()
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": i + 2},
                                        "contentChanges": [{"text": body}]})
    while True:
        m = c.read()
        if m and m.get("method") == "textDocument/publishDiagnostics" and \
                m["params"]["uri"] == uri:
            break
    lat.append(time.perf_counter() - t)
    has = any(d["code"] == "placeholder" for d in m["params"]["diagnostics"])
    assert has == (i % 2 == 0), m
c.close()
med, worst = statistics.median(lat), max(lat)
print()
print("%-52s %8s %8s" % ("", "seconds", "× check"))
print("%-52s %8.3f %8.2f" % ("sakra check, cold (best of 3)", check, 1.0))
print("%-52s %8.3f %8.2f" % ("sakra lsp: start and first diagnostics", start, start / check))
print("%-52s %8.3f %8.3f" % ("sakra lsp: didChange → publishDiagnostics, median",
                            med, med / check))
print("%-52s %8.3f %8.3f" % ("sakra lsp: didChange → publishDiagnostics, worst",
                            worst, worst / check))
print("(goal: a change answered within 0.05× a cold check; %d changes)" % edits)
