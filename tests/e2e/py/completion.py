# Called by the end-to-end test test_completion (tests/e2e/areas/).
import re, subprocess, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
sakra, script = sys.argv[1:3]
text = open(script).read()
offered = {m.group(1): set(m.group(2).split()) for m in re.finditer(r"\t(\w+)\) opts=\"([^\"]*)\"", text)}
assert len(offered) >= 17, offered.keys()
for cmd, opts in offered.items():
    h = subprocess.run([sakra, cmd, "--help"], capture_output=True, text=True)
    assert h.returncode == 0, (cmd, h.stderr)
    # the option list: indented lines that start with an option
    documented = set(re.findall(r"^ +(--[a-z][a-z-]+)", h.stdout, re.M))
    assert documented <= opts | {"--help", "--color", "--quiet"}, (cmd, documented - opts)
    for o in opts:
        value = {"--format": "=x", "--rev": "=x", "--log": "=/dev/null"}.get(o, "")
        r = subprocess.run([sakra, cmd, o + value, "--help"], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        assert "unknown option" not in r.stderr, (cmd, o, r.stderr)
