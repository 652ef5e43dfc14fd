# Called by the end-to-end test test_bundle_hostile_archives (tests/e2e/areas/).
import io, sys, tarfile, zipfile
src, tmp = sys.argv[1:3]
t = tarfile.open(src)
members = [(x.name, t.extractfile(x).read()) for x in t.getmembers() if x.isfile()]
top = members[0][0].split("/")[0]
def write(name, extra, edit=None):
    with zipfile.ZipFile(tmp + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members:
            if edit and n.endswith(edit):
                data = data + bytes(50 << 20)
            z.writestr(n, data)
        for n, data in extra:
            z.writestr(n, data)
write("bomb.zip", [(top + "/site/bomb.html", bytes(200 << 20))])
write("grow.zip", [], "files/plan/03-allmanna-rutiner.md")
data = open(tmp + "/bomb.zip", "rb").read()
open(tmp + "/cut.zip", "wb").write(data[: len(data) // 2])
# wide.zip: seventeen site pages of 63 MiB each, written as a stream, so
# that no local header declares a size (data descriptors): the reader must
# count what it inflates, not what headers say.
class Stream:
    def __init__(self, f):
        self.f = f
    def write(self, b):
        return self.f.write(b)
    def flush(self):
        self.f.flush()
with open(tmp + "/wide.zip", "wb") as raw:
    with zipfile.ZipFile(Stream(raw), "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in members:
            z.writestr(n, data)
        page = bytes(63 << 20)
        for i in range(17):
            with z.open(zipfile.ZipInfo(top + "/site/wide%02d.html" % i), "w") as w:
                w.write(page)
# The zip around one tar (sakra's own zip layout): a second entry after the
# tar, and a tar inside that climbs out of the folder.
tar_bytes = open(src, "rb").read()
with zipfile.ZipFile(tmp + "/extra.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(top + ".tar", tar_bytes)
    z.writestr("evil.txt", b"x")
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as out:
    x = tarfile.TarInfo("../x")
    x.size = 1
    out.addfile(x, io.BytesIO(b"x"))
    for m in t.getmembers():
        out.addfile(m, t.extractfile(m) if m.isfile() else None)
with zipfile.ZipFile(tmp + "/climb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(top + ".tar", buf.getvalue())
