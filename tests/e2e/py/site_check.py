#!/usr/bin/env python3
"""Checks a site built by `sakra build`: every page carries the
Content-Security-Policy and no script, every relative link and fragment
resolves inside the site (or inside WITHIN, a folder around it: a bundle's
site links to its files/), and nothing is loaded from elsewhere (no remote
src, stylesheet or image). Prints what is wrong; exit 1 if anything is.

usage: site_check.py SITE [WITHIN]"""
import html.parser
import os
import sys
import urllib.parse

CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.refs, self.csp, self.scripts = set(), [], False, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") == CSP
        for key in ("href", "src"):
            if key in a:
                self.refs.append((tag, key, a[key]))


def main(root, within=None):
    pages, bad = {}, []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html"):
                p = os.path.join(d, f)
                page = Page()
                with open(p, encoding="utf-8") as fh:
                    page.feed(fh.read())
                pages[os.path.normpath(p)] = page
    for path, page in sorted(pages.items()):
        rel = os.path.relpath(path, root)
        if not page.csp:
            bad.append(f"{rel}: no Content-Security-Policy meta tag")
        if page.scripts:
            bad.append(f"{rel}: has a <script>")
        for tag, key, url in page.refs:
            u = urllib.parse.urlsplit(url)
            if u.scheme or url.startswith("//"):
                if key == "src" or tag == "link" or u.scheme not in ("http", "https", "mailto"):
                    bad.append(f"{rel}: loads or links {url} ({tag} {key})")
                continue
            target = path if not u.path else os.path.normpath(
                os.path.join(os.path.dirname(path), urllib.parse.unquote(u.path)))
            if not target.startswith(os.path.normpath(within or root) + os.sep):
                bad.append(f"{rel}: {url} leaves the site")
            elif not os.path.isfile(target):
                bad.append(f"{rel}: {url} does not exist")
            elif u.fragment and (target not in pages or
                                 urllib.parse.unquote(u.fragment) not in pages[target].ids):
                bad.append(f"{rel}: {url}: no such anchor")
    for b in bad:
        print(b)
    print(f"{len(pages)} pages checked, {len(bad)} problems")
    return 1 if bad or not pages else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
