# Called by the end-to-end test test_readme_walkthrough (tests/e2e/areas/).
import os, re, subprocess, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
readme, work, sakra = sys.argv[1:4]
text = open(readme, encoding="utf-8").read()
own = text.split("Then, for your own plan", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
sup = text.split("A supervisor who receives a bundle", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
bindir = os.path.join(work, "bin")
os.makedirs(bindir, exist_ok=True)
os.symlink(sakra, os.path.join(bindir, "sakra"))
def env(home):
    e = dict(os.environ, HOME=home, EDITOR=os.path.join(work, "editor"),
             PATH=bindir + ":" + os.environ["PATH"])
    return e
def run(block, home, cwd, subst=lambda l: l):
    for line in block.splitlines():
        if not line.strip() or line.startswith("make "):
            continue
        line = subst(line)
        print("$", line)
        r = subprocess.run(["bash", "-ec", line], cwd=cwd, env=env(home), capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        print(r.stdout + r.stderr)
        if r.returncode not in (0,) and not line.startswith("sakra check") \
           and not line.startswith("sakra status"):
            sys.exit("step failed (%d): %s" % (r.returncode, line))
        if line.startswith("sakra check") and r.returncode != 0:
            sys.exit("the filled-in plan does not check: " + r.stdout[-800:])
        if line.startswith("cd "):
            cwd = os.path.join(cwd, line.split()[1])
    return cwd
shome, ohome = os.path.join(work, "supervisor"), os.path.join(work, "office")
supl = [l for l in sup.splitlines() if l.strip()]
keygen = [l for l in supl if "keygen --age" in l]
assert len(keygen) == 1, supl
# the supervisor makes a key first and sends the recipient
r = subprocess.run(["bash", "-ec", keygen[0]], cwd=shome, env=env(shome), capture_output=True, text=True)
assert r.returncode == 0, r.stderr
recipient = re.search(r"age1[0-9a-z]+", r.stdout).group(0)
pf = os.path.join(work, "pass")
def office(line):
    line = line.replace("age1…", recipient)
    if line.startswith("sakra keygen") or line.startswith("sakra approve"):
        line = line.split("  #")[0] + " --passphrase-file " + pf
    return line
plan = run(own, ohome, ohome, office)
bundles = os.listdir(os.path.join(plan, "_bundles"))
named = re.findall(r"sakra verify (\S+)", sup)[0]
assert named in bundles, (named, bundles)
assert subprocess.run(["git", "status", "--porcelain"], cwd=plan, capture_output=True,
                      text=True).stdout == "", "the walk-through left changes"
os.rename(os.path.join(plan, "_bundles", named), os.path.join(shome, named))
subprocess.run(["cp", os.path.join(plan, "keys", "anna.pub"), shome], check=True)
run("\n".join(l for l in supl if l not in keygen), shome, shome)
opened = [d for d in os.listdir(shome) if os.path.isdir(os.path.join(shome, d, "files"))]
assert len(opened) == 1, os.listdir(shome)
assert os.path.isfile(os.path.join(shome, opened[0], "site", "index.html")), opened
assert os.path.isfile(os.path.join(shome, opened[0], "files", "systems", "klientdata.md")), opened
