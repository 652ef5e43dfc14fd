# Called by the end-to-end test test_county_plan (tests/e2e/areas/): makes a
# large county's plan from the example plan — a wellbeing services county
# with 28 systems of every class (one a wellbeing app), seven appendices and
# three editions — as such a county writes it from the THL template.
import json, os, re, shutil, sys
if not __debug__:
    raise SystemExit("%s: its checks are asserts, which python -O (PYTHONOPTIMIZE) would skip: run it without" % __file__)

src, out, fwjson = sys.argv[1:4]
fw = json.load(open(fwjson, encoding="utf-8"))
shutil.copytree(src, out)

def bid(base):
    w = [7, 9, 10, 5, 8, 4, 2]
    r = sum(int(c) * k for c, k in zip(base, w)) % 11
    assert r != 1
    return "%s-%d" % (base, 0 if r == 0 else 11 - r)

yml = open(out + "/sakra.yml", encoding="utf-8").read()
yml = yml.replace('name: "Solbacka Vård Ab"', 'name: "Österbottens välfärdsområde"')
yml = re.sub(r'business_id: "[0-9-]+"', 'business_id: "%s"' % bid("3221318"), yml)
yml += """  it-drift:
    max_classification: sekretessbelagd
"""
open(out + "/sakra.yml", "w", encoding="utf-8").write(yml)

classes = {c["id"]: c for c in fw["classes"]}
vendors = ["Vårdsystem Oy", "Farmadata Oy", "Mobilvård Ab", "Kustdata Ab", "Pohjanmaan IT Oy"]
plan = {"A2": [], "A3": [], "A1": [], "B": [], "other": []}
order = ["A2", "A3", "A1", "B", "other", "B", "other"]
for old in os.listdir(out + "/systems"):
    os.remove(out + "/systems/" + old)
for i in range(28):
    cls = order[i % len(order)]
    wellbeing = i == 27
    name = "Regionsystem %02d" % (i + 1) if not wellbeing else "Må bra-appen"
    slug = "regionsystem-%02d" % (i + 1) if not wellbeing else "ma-bra-appen"
    c = classes[cls]
    secret = cls != "other"
    front = ["---", 'title: "%s"' % name,
             "classification: %s" % ("sekretessbelagd" if secret else "icke-offentlig")]
    if secret:
        front.append('legal_basis: "JulkL 24 § 1 mom. 7 p."')
    front += ["system:", "  name: %s" % name, '  version: "%d.%d"' % (1 + i % 9, i % 7),
              "  vendor: %s" % vendors[i % len(vendors)],
              "  contact: support%02d@region.example" % (i + 1), "  class: %s" % cls,
              "  purpose: Klient- och patientuppgifter inom välfärdsområdets tjänster, del %d" % (i + 1)]
    if c["certificate"] or wellbeing:
        front.append("  certificate_expires: 2027-06-30")
    if c["register_check"] or wellbeing:
        front.append("  register_checked: 2026-09-10")
    if wellbeing:
        front.append("  wellbeing_app: true")
    front.append("---")
    body = ["", "# " + name, "", "Ett av välfärdsområdets system; beskrivningen nedan gäller detta system.", ""]
    for f in c["fields"]:
        if f["keys"]:
            continue
        body.append("- %s: enligt välfärdsområdets rutin för %s, ansvarig är systemets ägare %d" %
                    (f["label"]["sv"], name, i + 1))
    open(out + "/systems/%s.md" % slug, "w", encoding="utf-8").write("\n".join(front + body) + "\n")
    plan[cls].append((name, slug))

# 6.1.1-6.1.4 list the register
p6 = open(out + "/plan/06-informationssystemen.md", encoding="utf-8").read()
lists = {"6.1.1": plan["A2"] + plan["A3"], "6.1.2": plan["A1"], "6.1.3": plan["B"],
         "6.1.4": plan["other"]}
for sec, systems in lists.items():
    items = "\n".join("- %s ([registeruppgifter](../systems/%s.md))." % s for s in systems)
    p6 = re.sub(r"(### %s [^\n]*\n\n)(?:- [^\n]*\n)+" % re.escape(sec), lambda m: m.group(1) + items + "\n", p6)
open(out + "/plan/06-informationssystemen.md", "w", encoding="utf-8").write(p6)

# seven appendices: the example's three, and four of the county's own
for n, (slug, title, mark) in enumerate([
        ("beredskapsplan", "Beredskapsplan för välfärdsområdet", "sekretessbelagd"),
        ("behorighetsmatris", "Behörighetsmatris per yrkesgrupp", "icke-offentlig"),
        ("loggpolicy", "Policy för logguppföljning", "icke-offentlig"),
        ("leverantorsforteckning", "Förteckning över systemleverantörer", "icke-offentlig")]):
    lines = ["---", 'title: "%s"' % title, "classification: %s" % mark]
    if mark == "sekretessbelagd":
        lines.append('legal_basis: "JulkL 24 § 1 mom. 8 p."')
    lines += ["---", "", "# " + title, "",
              "Välfärdsområdets %s, fastställd av direktören för digitala tjänster." % title.lower(), ""]
    open(out + "/appendices/%s.md" % slug, "w", encoding="utf-8").write("\n".join(lines))
