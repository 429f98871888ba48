"""A second look at an e-mail address: `jana@seznma.cz` was almost certainly meant as `jana@seznam.cz`.

Only a hint, never a refusal: the person may keep what they typed. The domains are the ones
Czech seniors use most; a domain one or two typing slips away from one of them (a swapped,
missing, extra or wrong letter, a wrong ending such as `.cy` or `.c`) gets a suggestion.
Real domains close to a common one (`mail.com`, `outlook.cz`, `centrum.sk`…) are left alone.
"""

COMMON_DOMAINS = (
    "seznam.cz", "email.cz", "centrum.cz", "atlas.cz", "volny.cz", "post.cz", "gmail.com", "outlook.com",
    "hotmail.com", "icloud.com", "yahoo.com", "tiscali.cz", "quick.cz",
)
# Real providers within two slips of a common domain: never "corrected".
KNOWN_OTHER_DOMAINS = frozenset({
    "mail.com", "email.com", "gmx.com", "gmx.net", "gmx.de", "outlook.cz", "outlook.sk", "hotmail.cz",
    "centrum.sk", "atlas.sk", "post.sk", "azet.sk", "zoznam.sk", "live.com", "yahoo.de", "yahoo.co.uk",
    "seznam.sk", "volny.sk", "post.com",
})


def suggest(email):
    """The address with its domain corrected, or None when the domain looks right (or unknown, or far off)."""
    local, at, domain = (email or "").strip().rpartition("@")
    domain = domain.lower()
    if not at or not local or not domain or domain in COMMON_DOMAINS or domain in KNOWN_OTHER_DOMAINS:
        return None
    name = domain.rsplit(".", 1)[0]
    for common in COMMON_DOMAINS:
        if common.rsplit(".", 1)[0] == name:  # gmail.cz, seznam.com: only the ending is wrong
            return f"{local}@{common}"
    best, best_distance = None, None
    for common in COMMON_DOMAINS:
        distance = _typing_distance(domain, common)
        if best_distance is None or distance < best_distance:
            best, best_distance = common, distance
    # A short domain one slip off may be a real one of its own; two slips only for longer names.
    allowed = 1 if len(best) < 8 else 2
    if best_distance is not None and 0 < best_distance <= allowed:
        return f"{local}@{best}"
    return None


def _typing_distance(typed, meant):
    """Letters added, dropped, changed or swapped with a neighbour (optimal string alignment distance)."""
    rows = [list(range(len(meant) + 1))]
    for i in range(1, len(typed) + 1):
        row = [i] + [0] * len(meant)
        for j in range(1, len(meant) + 1):
            cost = 0 if typed[i - 1] == meant[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and typed[i - 1] == meant[j - 2] and typed[i - 2] == meant[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def masked(email):
    """`m…@seznam.cz`: enough for its owner to recognise, not enough for a stranger to learn it."""
    local, at, domain = (email or "").rpartition("@")
    if not at:
        return ""
    return f"{local[:1]}…@{domain}"
