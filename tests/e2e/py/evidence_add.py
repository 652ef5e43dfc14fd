# Called by the end-to-end test test_evidence_add (tests/e2e/areas/).
import sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
t = open(sys.argv[1], encoding="utf-8").read()
fm = t.split("---\n")[1]
for line in ['title: "Uppföljning av loggar över användning och utlämnande 2026-11-23"',
             'classification: sekretessbelagd', 'legal_basis: "JulkL 24 § 1 mom. 7 p."',
             '  type: "loggranskning"', '  date: 2026-11-23', '  covers: ["6.4"]',
             '    - "rapport-nov.csv"']:
    assert line in fm.split("\n"), line
