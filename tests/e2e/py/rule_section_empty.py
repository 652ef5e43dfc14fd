# Called by the end-to-end test test_rule_section_empty (tests/e2e/areas/).
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
head = lines.index("---", 1) + 1
keep = lines[:head] + [l for l in lines[head:] if l.startswith("#") or l.startswith("*Föreskrift")]
open(p, "w", encoding="utf-8").write("\n".join(keep) + "\n")
