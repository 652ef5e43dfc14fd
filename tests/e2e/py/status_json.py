# Called by the end-to-end test test_status_json (tests/e2e/areas/).
import json, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
d = json.loads(sys.argv[1])
assert d["tool"] == "sakra" and d["format"] == 1 and d["framework"] == "thl-3-2024"
assert d["organisation"] == "Solbacka Vård Ab" and d["today"] == "2026-12-01" and d["revision"] is None
assert d["summary"] == {"errors": 0, "warnings": 1}, d["summary"]
assert [c["number"] for c in d["chapters"]] == [str(i) for i in range(1, 10)]
assert all(c["state"] == "complete" for c in d["chapters"])
s = {x["name"]: x for x in d["systems"]}
assert s["Omsorg Pro"] == {"name": "Omsorg Pro", "path": "systems/omsorg-pro.md", "class": "A2",
                           "certificate_expires": "2027-03-31", "days_left": 120,
                           "register_checked": "2026-09-10"}, s["Omsorg Pro"]
assert s["Microsoft 365"]["certificate_expires"] is None and s["Microsoft 365"]["days_left"] is None
o = {x["id"]: x for x in d["obligations"]}
assert o["loggranskning"] == {"id": "loggranskning", "every": "1 month", "covers": ["6.4"],
                              "last": "2026-10-31", "last_path": "evidence/2026/loggranskning-2026-10-31.md",
                              "due": "2026-11-30", "days_left": -1, "overdue": True}, o["loggranskning"]
assert o["plangranskning"]["overdue"] is False and o["plangranskning"]["due"] == "2027-09-15"
m = {x["section"]: x for x in d["matrix"]}
assert len(m) == 27
r = m["6.4"]
assert r["clauses"] == ["6.8"] and r["path"] == "plan/06-informationssystemen.md" and r["line"] == 49, r
assert r["evidence"] == [{"path": "evidence/2026/loggranskning-2026-10-31.md", "type": "loggranskning",
                          "date": "2026-10-31"}], r
assert r["newest"] == "2026-10-31" and r["overdue"] == "loggranskning", r
assert m["6.1.1"]["systems"] == ["systems/omsorg-pro.md"] and m["6.1.1"]["required"] is True
assert len(m["6.1"]["systems"]) == 4
assert m["9.2"]["required"] is False and m["9.2"]["path"] is None
assert m["2"]["clauses"] == ["1", "2", "3"] and m["2"]["newest"] == "2026-09-15" and m["2"]["overdue"] is None
assert m["3"]["evidence"] == [] and m["3"]["newest"] is None
