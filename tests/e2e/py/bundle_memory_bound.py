# Called by the end-to-end test test_bundle_memory_bound (tests/e2e/areas/).
import sys
for i in range(12):
    with open("%s/stor-%02d.md" % (sys.argv[1], i), "w") as f:
        f.write("---\ntitle: Stor %d\nclassification: intern\n---\n" % i)
        for k in range(6000):
            f.write("Rad %d med *betoning*, en [länk](#a) och `kod` | a | b |\n\n" % k)
for i in range(3):
    with open("%s/lang-%d.md" % (sys.argv[1], i), "w") as f:
        f.write("---\ntitle: Lång %d\nclassification: intern\n---\n" % i)
        line = "ord " * 250 + "\n"
        f.write(line * (2 * 1024 * 1024 // len(line) - 20))
