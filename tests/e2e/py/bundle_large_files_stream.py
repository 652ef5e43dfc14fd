# Called by the end-to-end test test_bundle_large_files_stream (tests/e2e/areas/).
import re, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
units = {"B": 1, "KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3}
pairs = re.findall(r"\] ([0-9.]+) (B|KiB|MiB|GiB) / ([0-9.]+) (B|KiB|MiB|GiB)", text)
assert pairs, text[-500:]
for a, ua, b, ub in pairs:
    assert float(a) * units[ua] <= float(b) * units[ub] * 1.001, (a, ua, b, ub)
last = pairs[-1]
assert last[0] == last[2] and last[1] == last[3], last
