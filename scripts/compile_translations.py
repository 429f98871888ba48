"""Compile locale/*/LC_MESSAGES/*.po to .mo with Babel, so GNU gettext is not needed."""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def main():
    compiled = 0
    for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with po_path.open("rb") as source:
            catalog = read_po(source, locale=po_path.parts[-3])
        with po_path.with_suffix(".mo").open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        compiled += 1
    print(f"translations: compiled {compiled} catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
