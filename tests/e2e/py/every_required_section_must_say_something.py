# Called by the end-to-end test test_every_required_section_must_say_something (tests/e2e/areas/).
import json, os, re, shutil, subprocess, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)
root, fwfile, sakra = sys.argv[1:4]
fw = json.load(open(fwfile))
required = [s["number"] for s in fw["sections"] if not s["optional"]]
head = re.compile(r"^(#{1,6})\s+(\d+(?:\.\d+)*)\.?\s")
tried = set()
for name in sorted(os.listdir(os.path.join(root, "plan"))):
    path = os.path.join(root, "plan", name)
    lines = open(path, encoding="utf-8").read().split("\n")
    body = lines.index("---", 1) + 1
    for i in range(body, len(lines)):
        m = head.match(lines[i])
        if not m or m.group(2) not in required:
            continue
        level, number = len(m.group(1)), m.group(2)
        end = len(lines)
        for k in range(i + 1, len(lines)):
            n = head.match(lines[k]) or re.match(r"^(#{1,6})\s", lines[k])
            if n and len(n.group(1)) <= level:
                end = k
                break
        emptied = lines[:i + 1] + [l for l in lines[i + 1:end] if l.startswith("#")] + lines[end:]
        work = root + "-" + number
        shutil.copytree(root, work)
        open(os.path.join(work, "plan", name), "w", encoding="utf-8").write("\n".join(emptied))
        r = subprocess.run([sakra, "-C", work, "check", "--strict"], capture_output=True, text=True)
        shutil.rmtree(work)
        if r.returncode != 1 or ("[section.empty]" not in r.stdout and "[field.missing]" not in r.stdout):
            print("section", number, "emptied, yet:", r.returncode, r.stdout[-300:])
            sys.exit(1)
        tried.add(number)
missing = [n for n in required if n not in tried and not any(n.startswith(t + ".") for t in tried)]
if missing:
    sys.exit("required sections never emptied (not headings of plan/): %s" % missing)
if len(tried) < 15:
    sys.exit("only %d sections emptied: %s" % (len(tried), sorted(tried)))
print(len(tried), "sections emptied one by one")
