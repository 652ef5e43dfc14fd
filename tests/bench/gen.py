#!/usr/bin/env python3
"""Generates a plan repository of N Markdown files for the benchmarks: the
example plan plus generated appendices and evidence records of realistic size
(headings, lists, a table, links, fields)."""
import os
import shutil
import sys

root, n = sys.argv[1], int(sys.argv[2])
example = os.path.join(os.path.dirname(__file__), "..", "fixtures", "example-plan")
shutil.copytree(example, root)

PARA = ("Enheten följer upp behandlingen av klientuppgifter enligt planen. "
        "Ansvaret ligger hos enhetschefen, som rapporterar till ledningsgruppen "
        "varje kvartal. Avvikelser dokumenteras och åtgärdas utan dröjsmål. ")

existing = sum(1 for _, _, fs in os.walk(root) for f in fs if f.endswith(".md"))
for i in range(n - existing):
    if i % 2:
        d = os.path.join(root, "evidence", str(2020 + i % 7))
        body = (f"---\ntitle: \"Loggranskning {i}\"\nclassification: sekretessbelagd\n"
                f"legal_basis: \"JulkL 24 § 1 mom. 7 p.\"\nevidence:\n  type: loggranskning\n"
                f"  date: 2026-0{1 + i % 9}-1{i % 10}\n  covers: [\"6.4\"]\n---\n\n")
        name = f"loggranskning-{i:05d}.md"
    else:
        d = os.path.join(root, "appendices", f"del{i % 50:02d}")
        body = (f"---\ntitle: \"Anvisning {i}\"\nclassification: icke-offentlig\n"
                f"owner: Enhetschef {i % 13}\nreviewed: 2026-09-15\n---\n\n")
        name = f"anvisning-{i:05d}.md"
    os.makedirs(d, exist_ok=True)
    body += f"# Anvisning {i}\n\n{PARA * 3}\n\n## Ansvar\n\n"
    body += f"- Ansvarig: Enhetschef {i % 13}\n- Granskad: 2026-09-15\n- Se [policyn](/appendices/informationssakerhetspolicy.md)\n\n"
    body += "| Steg | Vem | När |\n| --- | --- | --- |\n"
    for k in range(5):
        body += f"| {k + 1} | Roll {k} | vecka {k + 10} |\n"
    body += f"\n{PARA * 4}\n\n1. Första steget med **betoning** och `kod`.\n2. Andra steget.\n"
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(body)
