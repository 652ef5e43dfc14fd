# Called by the end-to-end test test_pseudo_locale (tests/e2e/areas/languages.sh):
# every line of its input a person reads is marked, i.e. lies in (or holds
# part of) a ⟦…⟧ span that the pseudo-locale's catalogue wraps every
# translation in. A line without one came from a string that does not go
# through the catalogues. Argument: what ran, for the message.
import sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
what = sys.argv[1]
text = sys.stdin.read()
assert text.strip(), "%s printed nothing" % what
depth, bad = 0, []
for line in text.split("\n"):
    marked = depth > 0 or "⟦" in line
    depth += line.count("⟦") - line.count("⟧")
    if line.strip() and not marked:
        bad.append(line)
assert not bad, "%s: not through the catalogues:\n  %s" % (what, "\n  ".join(bad[:10]))
