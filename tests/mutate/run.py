# make mutate: applies each known mutant (tests/mutate/mutants.txt) to a copy
# of the tree, builds, runs the tests named for it and fails unless every
# mutant is killed. The tree itself is never changed.
import os, shutil, subprocess, sys, tempfile

if not __debug__:
    raise SystemExit("tests/mutate/run.py: run it without python -O")
root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
only = sys.argv[2] if len(sys.argv) > 2 else None
mutants = []
for n, line in enumerate(open(os.path.join(root, "tests/mutate/mutants.txt"), encoding="utf-8"), 1):
    if not line.strip() or line.startswith("#"):
        continue
    parts = [p.strip() for p in line.rstrip("\n").split(" | ")]
    if len(parts) != 4:
        sys.exit("mutants.txt:%d: FILE | TEXT | REPLACEMENT | TEST" % n)
    f, text, repl, test = parts
    mutants.append((n, f, text.replace("\\n", "\n"), repl.replace("\\n", "\n"), test))
if not mutants:
    sys.exit("mutants.txt lists no mutant")

work = tempfile.mkdtemp(prefix="sakra-mutate.")
try:
    # the sources and the build so far (incremental), never .git, the package
    # build or its chroot
    shutil.copytree(root, work, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".git", "fuzz", "pkg", "chroot", "chroot.log"))
    def make(*targets):
        return subprocess.run(["make", "-s", "-C", work] + list(targets),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    r = make("all")
    if r.returncode:
        sys.exit("the unmutated tree does not build:\n" + r.stderr[-2000:])
    survived = []
    for n, f, text, repl, test in mutants:
        if only and only not in test and only != f:
            continue
        path = os.path.join(work, f)
        orig = open(path, encoding="utf-8").read()
        if orig.count(text) != 1:
            sys.exit("mutants.txt:%d: %r is found %d times in %s, not once: keep the list "
                     "with the code" % (n, text, orig.count(text), f))
        open(path, "w", encoding="utf-8").write(orig.replace(text, repl))
        try:
            if test.startswith("unit:"):
                name = test[5:]
                r = make("build/tests/" + name)
                killed = r.returncode != 0 or subprocess.run(
                    [os.path.join(work, "build/tests", name)], cwd=work,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0
            else:
                r = make("all")
                if r.returncode:
                    sys.exit("mutants.txt:%d: the mutant does not build, so it tests nothing: "
                             "write it so that it compiles\n%s" % (n, r.stderr[-1500:]))
                else:
                    env = dict(os.environ, SAKRA_LOCALEDIR=os.path.join(work, "build/locale"))
                    t = subprocess.run(["bash", os.path.join(work, "tests/e2e/run.sh"),
                                        os.path.join(work, "sakra"), test], env=env,
                                       capture_output=True, text=True)
                    ran = [l for l in t.stdout.splitlines() if l.startswith(("ok ", "not ok "))]
                    if not ran or "no test ran" in t.stdout:
                        sys.exit("mutants.txt:%d: no test matches %r" % (n, test))
                    killed = t.returncode != 0
        finally:
            open(path, "w", encoding="utf-8").write(orig)
        print("%-8s %s:%d  %s  (%s)" % ("killed" if killed else "SURVIVED", "mutants.txt", n, f, test))
        if not killed:
            survived.append(n)
    make("all")
    if survived:
        sys.exit("%d mutant(s) survived: lines %s of tests/mutate/mutants.txt" %
                 (len(survived), ", ".join(map(str, survived))))
    print("every mutant killed")
finally:
    shutil.rmtree(work, ignore_errors=True)
