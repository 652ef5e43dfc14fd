# Called by the end-to-end test test_rules_registry (tests/e2e/areas/).
import glob, json, re, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
reg = {r["id"]: r for r in json.loads(sys.argv[1])}
root = sys.argv[2]
used = set()
for f in glob.glob(root + "/src/*.c") + glob.glob(root + "/src/cli/*.c") + glob.glob(root + "/src/rules/*.c"):
    text = open(f, encoding="utf-8").read()
    used |= set(re.findall(r'(?:ADD_AT|sakra_diags_add)\s*\(\s*[^,]+,\s*[^,]+?\s*,\s*"([a-z][a-z0-9.-]+)"', text))
    used |= set(re.findall(r'(?:ADD|ADD_ABOUT|sakra_rule_report)\s*\(\s*[^,]+,\s*"([a-z][a-z0-9.-]+)"', text))
assert len(used) > 60 and used <= set(reg), sorted(used - set(reg))
# Each rule is found by its id: its entry is in src/rules/PREFIX.c.
for rid in reg:
    f = "%s/src/rules/%s.c" % (root, rid.split(".")[0])
    entry = re.search(r'\{ "%s", SAKRA_(ERROR|WARNING|NOTE), [01],' % re.escape(rid), open(f, encoding="utf-8").read())
    assert entry, "%s has no entry in %s" % (rid, f)
    assert entry.group(1).lower() == reg[rid]["severity"], (rid, entry.group(1))
readme = open(root + "/doc/rules.md", encoding="utf-8").read()
table = readme.split("## Rules", 1)[1].split("\n## ", 1)[0]
listed = {}
for row in table.splitlines():
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    if len(cells) < 3 or not cells[0].startswith("`"):
        continue
    for rid in re.findall(r"`([a-z][a-z0-9.-]*)`", cells[0]):
        assert rid not in listed, "listed twice: " + rid
        listed[rid] = cells[1]
assert set(listed) == set(reg), (sorted(set(reg) - set(listed)), sorted(set(listed) - set(reg)))
for rid, sev in listed.items():
    assert sev.startswith(reg[rid]["severity"]) or ", " + reg[rid]["severity"] in sev, (rid, sev)
    assert not reg[rid]["strict"] or "--strict" in sev, (rid, sev)
man = open(root + "/doc/sakra.1", encoding="utf-8").read()
man = man.split("\n.SH RULES\n", 1)[1].split("\n.SH ", 1)[0]
inman = set(m.replace("\\-", "-") for m in re.findall(r"^\.B (\S+)$", man, re.M))
assert inman == set(reg), (sorted(set(reg) - inman), sorted(inman - set(reg)))
