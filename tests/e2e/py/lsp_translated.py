# Called by the end-to-end test test_lsp_in_the_users_language
# (tests/e2e/areas/languages.sh): `sakra lsp` under a Finnish locale shows
# its findings in Finnish, carries what they are about in `data`, and its
# quick fixes (which read that data, never a message) still work.
import os, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
sakra, plan = sys.argv[1:3]
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lsp"))
from client import Client

c = Client(sakra, plan)
c.sync()
path = "plan/03-allmanna-rutiner.md"
text = open(os.path.join(plan, path), encoding="utf-8").read()
edited = "\n".join(l for l in text.split("\n") if not l.startswith("Dataskyddsombud:"))
c.notify("textDocument/didOpen", {"textDocument": {"uri": c.uri(path), "languageId": "markdown",
                                                   "version": 1, "text": edited}})
c.sync()
fm = [d for d in c.diagnostics[c.uri(path)] if d["code"] == "field.missing"]
assert fm, c.diagnostics
assert fm[0]["message"].startswith("pakollinen kenttä 'Dataskyddsombud' puuttuu"), fm[0]
assert fm[0]["data"] == {"subject": "Dataskyddsombud"}, fm[0]
# the message is not what the fix reads: any wording gives the same fix
reworded = [dict(fm[0], message="something else entirely")]
acts = c.request("textDocument/codeAction", {"textDocument": {"uri": c.uri(path)},
                 "range": fm[0]["range"], "context": {"diagnostics": reworded}})["result"]
assert acts and acts[0]["edit"]["changes"][c.uri(path)][0]["newText"].startswith("Dataskyddsombud: "), acts
assert acts[0]["title"] == "Lisää kenttä 'Dataskyddsombud'", acts[0]
# hover in Finnish around the plan's own (Swedish) titles
head = [i for i, l in enumerate(edited.split("\n")) if l.startswith("# 3")][0]
h = c.request("textDocument/hover", {"textDocument": {"uri": c.uri(path)},
                                     "position": {"line": head, "character": 2}})["result"]
v = h["contents"]["value"]
assert "Allmänna informationssäkerhetsrutiner" in v and "Vastaa kohtaan:" in v and "Pakollinen." in v, v
# a client that does not keep `data` gets no fix, and no wrong one
bare = [{k: v for k, v in fm[0].items() if k != "data"}]
acts = c.request("textDocument/codeAction", {"textDocument": {"uri": c.uri(path)},
                 "range": fm[0]["range"], "context": {"diagnostics": bare}})["result"]
assert acts == [], acts
c.request("shutdown", None)
c.notify("exit", None)
print("ok")
