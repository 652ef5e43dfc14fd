# Called by the end-to-end test test_ci_templates (tests/e2e/areas/).
import json, os, re, subprocess, sys, yaml
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
root, forge, bindir = sys.argv[1:4]
path = {"github": ".github/workflows/sakra.yml", "forgejo": ".forgejo/workflows/sakra.yml",
        "gitlab": ".gitlab-ci.yml"}[forge]
doc = yaml.safe_load(open(os.path.join(root, path), encoding="utf-8"))
if forge == "gitlab":
    job = doc["sakra"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    lines = job["script"]
else:
    steps = doc["jobs"]["plan"]["steps"]
    lines = [s["run"] for s in steps if "run" in s and "SAKRA_SOURCE" not in s.get("env", {})]
    names = [s.get("uses", "") for s in steps]
    if forge == "github":
        assert any(u.startswith("github/codeql-action/upload-sarif") for u in names), names
    assert any(u.startswith("actions/upload-artifact") for u in names), names
# the install from source: the build's packages first (make deps), since
# make install never installs packages itself
text = open(os.path.join(root, path), encoding="utf-8").read()
deps = [m.start() for m in re.finditer(r"make -C \S+ deps\b", text)]
inst = [m.start() for m in re.finditer(r"make -C \S+ install\b", text)]
assert deps and inst and deps[0] < inst[0], (deps, inst)
sakra = [l for l in lines if "sakra " in l]
assert len(sakra) >= 3, lines
env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"])
for l in sakra:
    r = subprocess.run(["bash", "-ec", l], cwd=root, env=env, capture_output=True, text=True)
    assert r.returncode == 0, (l, r.returncode, r.stdout[-500:], r.stderr[-500:])
assert os.path.isfile(os.path.join(root, "site", "index.html"))
if forge == "gitlab":
    cq = json.load(open(os.path.join(root, "gl-code-quality-report.json")))
    assert isinstance(cq, list), cq
else:
    sarif = json.load(open(os.path.join(root, "sakra.sarif")))
    assert sarif["version"] == "2.1.0", sarif
