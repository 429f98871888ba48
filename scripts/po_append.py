"""Append Czech translations for new msgids to locale/cs without rewriting the file.

Usage: python scripts/po_append.py ENTRIES.py — the file defines `entries` [(msgid, msgstr)] and
optionally `plurals` [((msgid, msgid_plural), (form0, form1, form2))]. Msgids already in the
catalogue are skipped, so running it twice changes nothing.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "locale" / "cs" / "LC_MESSAGES" / "django.po"


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(path):
    spec = {}
    exec(Path(path).read_text(), spec)
    known = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(PO.open("rb"))}
    lines = []
    for msgid, msgstr in spec.get("entries", []):
        if msgid not in known:
            lines += ["", f"msgid {quoted(msgid)}", f"msgstr {quoted(msgstr)}"]
    for (single, plural), forms in spec.get("plurals", []):
        if single not in known:
            lines += ["", f"msgid {quoted(single)}", f"msgid_plural {quoted(plural)}"]
            lines += [f"msgstr[{index}] {quoted(form)}" for index, form in enumerate(forms)]
    with PO.open("a", encoding="utf-8") as catalogue:
        catalogue.write("\n".join(lines) + "\n")
    print(f"{len([line for line in lines if line.startswith('msgid ')])} new msgids")


if __name__ == "__main__":
    main(sys.argv[1])
