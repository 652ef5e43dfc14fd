# Called by the end-to-end test test_log (tests/e2e/areas/).
import json, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
d = json.loads(sys.argv[1])
v = d["versions"]
assert [x["version"] for x in v] == [3, 2, 1]
assert v[0]["approved"] is False and v[0]["missing"] == "ansvarig-forestandare" and v[0]["date"] == "2026-11-23"
assert v[0]["signatures"][0]["approver"] == "cid" and v[0]["signatures"][0]["counts"] is False
assert "new in this version" in v[0]["signatures"][0]["why"]
assert v[0]["since"] == 2 and v[0]["changes"] == [{"change": "added", "path": "keys/cid.pub"},
                                                   {"change": "changed", "path": "plan/01-anvandningsandamal.md"}]
assert v[1]["approved"] is True and v[1]["since"] == 1 and v[1]["date"] == "2026-11-25"
assert {c["path"]: c["change"] for c in v[1]["changes"]} == {
    "keys/bob.pub": "added", "plan/02-foremal-och-uppdatering.md": "changed",
    "evidence/2026/utbildning-2026-05-20.md": "removed"}
s = v[2]["signatures"][0]
assert s == {"key": s["key"], "approver": "anna", "role": "ansvarig-forestandare", "date": "2026-11-23",
             "decision": "Ledningsgruppen 20.11.2026 § 4", "counts": True, "why": None}, s
assert v[2]["since"] is None and len(v[2]["changes"]) == 24
assert all(c["change"] == "added" for c in v[2]["changes"])
