# Called by the end-to-end test test_lsp_protocol (tests/e2e/areas/lsp.sh):
# drives `sakra lsp` with a scripted client and holds what it says to what
# `sakra check` says of the same text, and to the protocol.
import json, os, shutil, subprocess, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
sakra, plan, scratch = sys.argv[1:4]
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lsp"))
from client import Client

def check_lines(root, path):
    """(line, rule, message) of each finding sakra check gives for path."""
    r = subprocess.run([sakra, "-C", root, "check", "--format", "json"], capture_output=True, text=True)
    return sorted((d["line"], d["rule"], d["message"]) for d in json.loads(r.stdout)["diagnostics"]
                  if d["path"] == path)

def lsp_lines(c, path):
    return sorted((d["range"]["start"]["line"] + 1, d["code"], d["message"])
                  for d in c.diagnostics.get(c.uri(path), []))

c = Client(sakra, plan)
caps = c.init["result"]["capabilities"]
assert caps["textDocumentSync"]["change"] == 2 and caps["hoverProvider"], caps
assert c.init["result"]["serverInfo"]["name"] == "sakra"
c.sync()
assert all(not v for v in c.diagnostics.values()), c.diagnostics   # the example plan is clean

path = "plan/03-allmanna-rutiner.md"
text = open(os.path.join(plan, path), encoding="utf-8").read()
c.notify("textDocument/didOpen", {"textDocument": {"uri": c.uri(path), "languageId": "markdown",
                                                   "version": 1, "text": text}})
# as a writer types: the field line goes, a guidance placeholder and a
# non-ASCII line come in (an incremental change, UTF-16 positions)
lines = text.split("\n")
dso = [i for i, l in enumerate(lines) if l.startswith("Dataskyddsombud:")][0]
c.notify("textDocument/didChange", {"textDocument": {"uri": c.uri(path), "version": 2},
         "contentChanges": [{"range": {"start": {"line": dso, "character": 0},
                                       "end": {"line": dso + 1, "character": 0}}, "text": ""}]})
c.notify("textDocument/didChange", {"textDocument": {"uri": c.uri(path), "version": 3},
         "contentChanges": [{"range": {"start": {"line": dso, "character": 0},
                                       "end": {"line": dso, "character": 0}},
                             "text": "Åtgärder 😀 [fyll i]\n\n"}]})
c.sync()
edited = text.split("\n")
del edited[dso]
edited[dso:dso] = ["Åtgärder 😀 [fyll i]", ""]
edited = "\n".join(edited)
# the same text on disk, checked cold: the same findings on the same lines
shutil.copytree(plan, scratch)
open(os.path.join(scratch, path), "w", encoding="utf-8").write(edited)
want = check_lines(scratch, path)
got = lsp_lines(c, path)
assert want and got == want, (got, want)
rules = [r for _, r, _ in got]
assert "field.missing" in rules and "placeholder" in rules, rules
ph = [d for d in c.diagnostics[c.uri(path)] if d["code"] == "placeholder"][0]
# UTF-16: the emoji counts two units, so the placeholder starts at 12
assert ph["range"]["start"] == {"line": dso, "character": 12}, ph

# hover: the section's framework title, clause and fields
head = [i for i, l in enumerate(edited.split("\n")) if l.startswith("# 3")][0]
h = c.request("textDocument/hover", {"textDocument": {"uri": c.uri(path)},
                                     "position": {"line": head, "character": 2}})["result"]
assert "Allmänna informationssäkerhetsrutiner" in h["contents"]["value"], h
assert "Dataskyddsombud" in h["contents"]["value"] and "Answers:" in h["contents"]["value"], h
cls = [i for i, l in enumerate(edited.split("\n")) if l.startswith("classification:")][0]
h = c.request("textDocument/hover", {"textDocument": {"uri": c.uri(path)},
                                     "position": {"line": cls, "character": 18}})["result"]
assert h and "level" in h["contents"]["value"], h

# completion: levels after classification:, sections after '#'
items = c.request("textDocument/completion", {"textDocument": {"uri": c.uri(path)},
                  "position": {"line": cls, "character": len("classification: ")}})["result"]
assert {"intern", "icke-offentlig", "sekretessbelagd"} <= {i["label"] for i in items}, items

# the outline, links and where they lead
syms = c.request("textDocument/documentSymbol", {"textDocument": {"uri": c.uri(path)}})["result"]
assert syms[0]["name"].startswith("3 "), syms
links = c.request("textDocument/documentLink", {"textDocument": {"uri": c.uri(path)}})["result"]
assert links and all(l["target"].startswith("file://") for l in links), links
for l in links:
    p = l["target"][7:].split("#")[0]
    from urllib.parse import unquote
    assert os.path.exists(unquote(p)), l
d = c.request("textDocument/definition", {"textDocument": {"uri": c.uri(path)},
              "position": links[0]["range"]["start"]})["result"]
assert d and d["uri"] == links[0]["target"].split("#")[0], (d, links[0])

# the quick fix puts the field back where the check wants it
diags = c.diagnostics[c.uri(path)]
fm = [x for x in diags if x["code"] == "field.missing"]
acts = c.request("textDocument/codeAction", {"textDocument": {"uri": c.uri(path)},
                 "range": fm[0]["range"], "context": {"diagnostics": fm}})["result"]
assert acts and acts[0]["kind"] == "quickfix", acts
edit = acts[0]["edit"]["changes"][c.uri(path)][0]
assert edit["newText"].startswith("Dataskyddsombud: "), edit
fixed = edited.split("\n")
fixed.insert(edit["range"]["start"]["line"], edit["newText"].rstrip("\n") + "Anna Lind")
c.notify("textDocument/didChange", {"textDocument": {"uri": c.uri(path), "version": 4},
         "contentChanges": [{"text": "\n".join(fixed)}]})
c.sync()
assert "field.missing" not in [r for _, r, _ in lsp_lines(c, path)], lsp_lines(c, path)

# closing the document goes back to the file on disk: clean again
c.notify("textDocument/didClose", {"textDocument": {"uri": c.uri(path)}})
c.sync()
assert lsp_lines(c, path) == [], lsp_lines(c, path)

# a plan-wide finding lands on the file it is about: a new chapter file
# that breaks the register's reference shows in that file only
# robustness: bad JSON, no header, unknown method, a huge message
c.send_raw(b"Content-Length: 7\r\n\r\n{broken")
m = c.read()
assert m["error"]["code"] == -32700 and m["id"] is None, m
c.send_raw(b"X-Nothing: 1\r\n\r\n")
m = c.read()
assert m["error"]["code"] == -32700, m
big = (64 << 20) + 1   # over the limit: refused at once, its body passed over
c.send_raw(b"Content-Length: %d\r\n\r\n" % big)
m = c.read()
assert m["error"]["code"] == -32600, m
c.send_raw(b"x" * big)
r = c.request("sakra/nothing", {})
assert r["error"]["code"] == -32601, r
c.send_raw(b"Content-Length: 2\r\n\r\n[]")
m = c.read()
assert m["error"]["code"] == -32600, m
r = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere.md"},
                                     "position": {"line": 0, "character": 0}})
assert r["result"] is None, r
resp, rc, rest, err = c.close()
assert resp["result"] is None and rc == 0, (resp, rc, err)
assert rest == b"", rest

# exit without shutdown: status 1; no output but protocol
c2 = Client(sakra, plan)
c2.notify("exit", None)
c2.p.stdin.close()
assert c2.p.wait(timeout=30) == 1
print("lsp ok")
