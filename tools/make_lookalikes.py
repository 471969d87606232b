"""Write src/smteam/lookalikes.txt from Unicode's confusables.txt (UTS #39).

    python tools/make_lookalikes.py path/to/confusables.txt > src/smteam/lookalikes.txt

smteam compares names after Unicode NFKC and casefolding, and compares ASCII names as they
are (no table at all). So the table keeps only what can matter after those steps: non-ASCII
characters that NFKC and casefolding leave alone, each mapped to its final prototype, with
the prototype casefolded and, where it is ASCII, replaced by the one lower-case ASCII letter
that looks like it (so that a Cyrillic "а" meets the "a" of an ASCII name, and a look-alike
of "m", whose UTS #39 prototype is "rn", meets an ASCII "m"). Applying the table twice gives
what applying it once does (the test suite checks this).
"""

from __future__ import annotations

import re
import sys
import unicodedata

LINE = re.compile(r"^([0-9A-F]+) ;\t([0-9A-F ]+) ;\tMA")


def read(path: str) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    header: list[str] = []
    with open(path, encoding="utf-8-sig") as file:
        for line in file:
            match = LINE.match(line)
            if match:
                source = chr(int(match[1], 16))
                mapping[source] = "".join(chr(int(c, 16)) for c in match[2].split())
            elif line.startswith("#") and not mapping and len(header) < 10:
                header.append(line.rstrip("\n"))
    return mapping, header


def main(path: str) -> None:
    mapping, header = read(path)
    # Which lower-case ASCII letter (or digit, or sign) stands for each ASCII prototype.
    ascii_for: dict[str, str] = {}
    letters_first = sorted(map(chr, range(0x21, 0x7F)), key=lambda c: (not c.isalpha(), c))
    for char in letters_first:
        if char == char.casefold():
            ascii_for.setdefault(mapping.get(char, char), char)

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    def final(char: str) -> str:
        seen = set()
        text = char
        while text not in seen:
            seen.add(text)
            text = fold("".join(mapping.get(c, c) if not c.isascii() else c for c in text))
        return text

    rows = []
    for source in sorted(mapping):
        if source.isascii() or fold(source) != source:
            continue
        prototype = mapping[source]
        target = ascii_for.get(prototype.casefold()) or ascii_for.get(prototype)
        if target is None:
            target = final(source)
        if target != source:
            rows.append((source, target))
    print("# Look-alike characters for comparing names: each line is a character and what it")
    print("# stands for, as code points in hexadecimal. Made by tools/make_lookalikes.py from:")
    for line in header[:9]:
        print(line if line.strip("# \ufeff") else "#")
    print("# Unicode data is used under the Unicode License (https://www.unicode.org/license.txt).")
    for source, target in rows:
        print(f"{ord(source):X} " + " ".join(f"{ord(c):X}" for c in target))


if __name__ == "__main__":
    main(sys.argv[1])
