# Called by the end-to-end test test_sarif (tests/e2e/areas/).
import json, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
d = json.loads(sys.argv[1])
assert d["version"] == "2.1.0" and "sarif-2.1.0" in d["$schema"]
run = d["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [r["id"] for r in rules]
assert run["tool"]["driver"]["name"] == "sakra"
assert len(ids) == len(set(ids)) and all(r["shortDescription"]["text"] for r in rules)
assert len(run["results"]) == 3, run["results"]
for r in run["results"]:
    assert ids[r["ruleIndex"]] == r["ruleId"], r
    assert r["level"] in ("error", "warning") and r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uriBaseId"] == "SRCROOT"
    assert " " not in loc["artifactLocation"]["uri"]
assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file://" + sys.argv[2] + "/", run["originalUriBaseIds"]
fm = [r for r in run["results"] if r["ruleId"] == "field.missing"][0]
loc = fm["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "plan/03-allmanna-rutiner.md"
assert loc["region"]["startLine"] == 8 and loc["region"]["startColumn"] == 1
