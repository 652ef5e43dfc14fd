# Called by the end-to-end test test_json (tests/e2e/areas/).
import json, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
d = json.loads(sys.argv[1])
assert d["tool"] == "sakra" and d["format"] == 1 and d["framework"] == "thl-3-2024", d
assert d["revision"] is None
assert d["summary"] == {"errors": 1, "warnings": 1, "notes": 0}, d["summary"]
rules = sorted(x["rule"] for x in d["diagnostics"])
assert rules == ["field.missing", "placeholder"], rules
x = [x for x in d["diagnostics"] if x["rule"] == "field.missing"][0]
assert x["path"] == "plan/03-allmanna-rutiner.md" and x["line"] == 8 and x["severity"] == "error", x
