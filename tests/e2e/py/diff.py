# Called by the end-to-end test test_diff (tests/e2e/areas/).
import json, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
d = json.loads(sys.argv[1])
assert d["from"]["version"] == 1 and d["to"]["version"] == 2 and len(d["to"]["commit"]) == 40
c = {(x["group"], x["key"]): x for x in d["changes"]}
s = c[("section", "5.2")]
assert s["change"] == "changed" and s["moved_from"] == "plan/05-utbildning-och-anvisningar.md"
assert s["path"] == "plan/05x-anvisningar.md" and s["line"] == 6 and s["clauses"] == ["6.4"], s
assert c[("section", "5.1")]["added_lines"] == 1 and c[("section", "5.1")]["removed_lines"] == 1
assert c[("document", "plan/02-foremal-och-uppdatering.md")]["detail"] == "classification icke-offentlig → sekretessbelagd"
assert c[("system", "systems/nya.md")]["change"] == "added"
assert c[("file", "keys/bob.pub")]["change"] == "added" and c[("file", "sakra.yml")]["change"] == "changed"
assert c[("document", "plan/05x-anvisningar.md")]["change"] == "added"
assert len(c) == 8, sorted(c)
# the changed lines, in order, with their operation; files have none
two = c[("section", "2")]["lines"]
assert two == [{"op": "-", "text": "Planen gäller en tjänstetillhandahållare inom socialvården."},
               {"op": "+", "text": "Planen gäller nu en tjänstetillhandahållare inom socialvården."}], two
assert [l["op"] for l in c[("section", "5.1")]["lines"]] == ["-", "+"], c[("section", "5.1")]
assert "lines" not in c[("file", "keys/bob.pub")]
assert all(l["op"] == "+" for l in c[("system", "systems/nya.md")]["lines"])
