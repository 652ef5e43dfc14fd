# Called by the end-to-end test tar_edit (tests/e2e/areas/).
import io, sys, tarfile
src, dst, code = sys.argv[1:4]
t = tarfile.open(src)
m = t.getmembers()
d = {x.name: t.extractfile(x).read() for x in m if x.isfile()}
exec(code)
with tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as o:
    for x in m:
        if x.isfile():
            x.size = len(d[x.name])
            o.addfile(x, io.BytesIO(d[x.name]))
        else:
            o.addfile(x)
