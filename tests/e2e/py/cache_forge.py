"""cache_forge.py ENTRY: rewrites a remembered manifest (~/.cache/sakra/
manifests/COMMIT) as someone with the user's rights could: the first file's
hash changed, and the header's SHA-256 made to match, so that sakra takes
it for its own."""
import hashlib
import re
import sys

path = sys.argv[1]
data = open(path, "rb").read()
head, body = data.split(b"\n\n", 1)
lines = body.split(b"\n")
for i, line in enumerate(lines):
    if re.match(rb"^[0-9a-f]{64}  ", line):
        lines[i] = (b"0" if line[:1] != b"0" else b"1") + line[1:]
        break
else:
    sys.exit("no file line in " + path)
body = b"\n".join(lines)
head = re.sub(rb"sha256: [0-9a-f]{64}",
              b"sha256: " + hashlib.sha256(body).hexdigest().encode(), head)
open(path, "wb").write(head + b"\n\n" + body)
