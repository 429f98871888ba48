"""What every form's mistakes must look like (the site's one error summary, as on the registration
form): a heading and a link to each field above the form, each mistake again next to its field, and
every aria-describedby and every link pointing at an id that exists on the page."""

import re


def ids_in(page):
    return re.findall(r'\bid="([^"]+)"', page)


def summary_of(page):
    tag = re.search(r'<div class="error-summary"[^>]*>', page)
    assert tag, "no error summary"
    return page[tag.start():].split("</div>", 1)[0]


def described_by(page, element_id):
    tag = re.search(rf'<[^>]+\bid="{element_id}"[^>]*>', page).group(0)
    match = re.search(r'aria-describedby="([^"]*)"', tag)
    return match.group(1).split() if match else []


def pointing_nowhere(page):
    """aria-describedby ids and in-page links ("#id") that name no element."""
    ids = set(ids_in(page))
    pointers = [pointer for value in re.findall(r'aria-describedby="([^"]*)"', page) for pointer in value.split()]
    pointers += [target for target in re.findall(r'href="#([^"]*)"', page)]
    return sorted({pointer for pointer in pointers if pointer not in ids})


def assert_the_sites_error_summary(page, fields):
    """The summary links each of `fields` (input ids); each field names its mistake next to it."""
    assert '<div role="alert">' not in page and 'class="form-errors"' not in page, "the old error box"
    summary = summary_of(page)
    assert re.search(r"<h2[^>]*>Je potřeba opravit:</h2>", summary)
    assert 'role="alert"' not in summary.split(">", 1)[1], "no alert inside the summary"
    for field in fields:
        assert f'href="#{field}"' in summary, field
    after = page.split(summary, 1)[1]
    for field in fields:
        error_id = f"{re.sub(r'_0$', '', field)}_error"
        assert f'id="{error_id}"' in after, f"the mistake of {field} is next to it"
    assert len(ids_in(page)) == len(set(ids_in(page))), "an id is used twice"
    assert pointing_nowhere(page) == []
