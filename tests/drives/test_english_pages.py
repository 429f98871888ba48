"""A visitor who switched the site to English reads the drives' pages in English; what staff typed in
Czech (titles, needs, venues, notes) stays Czech and says so with lang="cs", so a screen reader
pronounces "Zimní bundy" in Czech and "most needed now" in English."""

from html.parser import HTMLParser

import pytest

from drives import services

from .conftest import point_at

pytestmark = pytest.mark.django_db

CZECH_LETTERS = set("áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ")
# Names that stay as they are in an English sentence ("Social services of the city of Plzeň").
PROPER_NAMES = ("Plzeň", "Anděl")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Reading(HTMLParser):
    """The body's text (and its labels for screen readers), each piece with the language it is marked in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.pieces, self.in_body = [], [], False

    def _language(self):
        return next((lang for _tag, lang in reversed(self.stack) if lang), "?")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_body = True
        lang = attrs.get("lang") or (self._language() if self.stack else None)
        for name in ("aria-label", "alt", "title", "placeholder"):
            if self.in_body and attrs.get(name):
                self.pieces.append((lang, attrs[name]))
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.in_body and data.strip() and not any(tag in ("script", "style") for tag, _ in self.stack):
            self.pieces.append((self._language(), data.strip()))


def read(page):
    reading = Reading()
    reading.feed(page)
    return reading.pieces


def interface_text(pieces):
    return " ".join(text for lang, text in pieces if lang == "en")


def czech_text(pieces):
    return " ".join(text for lang, text in pieces if lang == "cs")


@pytest.fixture
def english(client):
    client.get("/jazyk/en/")
    return client


@pytest.fixture
def drives_with_notes(uklid_satnik, nebudme_lhostejni, serikova, today):
    point = point_at(uklid_satnik, serikova)
    point.note = "Zvoňte u zadního vchodu."
    point.save()
    services.set_exception(point, day=today, closed=True, opens=None, closes=None, note="inventura", by=None)
    need = nebudme_lhostejni.needs.get(name="Peníze na potraviny")
    need.description = "Na nákup potravinových balíčků."
    need.save()
    return uklid_satnik, nebudme_lhostejni


PAGES = ["/sbirky/", "/sbirky/uklid-satnik/", "/sbirky/nebudme-lhostejni/"]


@pytest.mark.parametrize("url", PAGES)
def test_the_interface_of_an_english_drive_page_has_no_czech_words(english, drives_with_notes, url):
    response = english.get(url)
    assert response.status_code == 200
    pieces = read(response.content.decode())

    assert {lang for lang, _text in pieces} <= {"en", "cs"}, "every piece of text is in a marked language"
    interface = interface_text(pieces)
    for name in PROPER_NAMES:
        interface = interface.replace(name, "")
    assert not CZECH_LETTERS & set(interface), [
        text for lang, text in pieces if lang == "en" and CZECH_LETTERS & set(text)
        and not any(name in text for name in PROPER_NAMES)
    ]
    for czech_word in ("Dnes", "zavřeno", "po–pá", "Sbírka", " Kč"):
        assert czech_word not in interface, czech_word


def test_what_staff_typed_in_czech_is_marked_czech_on_an_english_page(english, drives_with_notes):
    detail = read(english.get("/sbirky/uklid-satnik/").content.decode())
    czech = czech_text(detail)
    for typed in ("Ukliď šatník!", "Čisté a nepoškozené oblečení pro lidi v nouzi.", "Zimní bundy",
                  "Dětské oblečení", "Kulturní dům Šeříková", "Šeříková 17, 301 00 Plzeň", "Zvoňte u zadního vchodu.",
                  "inventura", "Šeříková (trolejbus 13, 16)", "Magistrát – Odbor sociálních služeb"):
        assert typed in czech, typed
        assert typed not in interface_text(detail), typed
    # The need's name is Czech, the tag beside it English.
    assert "most needed now" in interface_text(detail)

    listing = czech_text(read(english.get("/sbirky/").content.decode()))
    assert "Nebuďme lhostejní" in listing and "Peníze na potraviny" in listing


def test_the_choices_of_the_pledge_form_are_marked_czech_but_not_the_empty_one(english, drives_with_notes):
    page = english.get("/sbirky/nebudme-lhostejni/").content.decode()
    need = drives_with_notes[1].needs.get(name="Peníze na potraviny")
    assert f'<option value="{need.pk}" lang="cs">Peníze na potraviny</option>' in page
    assert '<option value="" selected>Choose</option>' in page


def test_the_footer_says_the_departments_hours_in_english_and_its_name_in_czech(english, drives_with_notes,
                                                                                settings):
    settings.SPOLU_DEPARTMENT_HOURS = "po–čt 8–17; pá 8–14:30"
    pieces = read(english.get("/sbirky/").content.decode())
    assert "(Mon–Thu 8 a.m.–5 p.m.; Fri 8 a.m.–2:30 p.m.)" in interface_text(pieces)
    assert "Odbor sociálních služeb Magistrátu města Plzně" in czech_text(pieces)
    assert "Martinská 2, 301 00 Plzeň" in czech_text(pieces)


def test_the_same_pages_in_czech_need_no_marks(client, drives_with_notes):
    page = client.get("/sbirky/uklid-satnik/").content.decode()
    assert '<html lang="cs">' in page
    assert 'lang="cs"' not in page.split("<body", 1)[1], "the page's own language needs no mark inside it"
    assert "(po–pá 8–15)" in page


def test_the_staff_overview_of_a_drive_in_english_marks_the_czech_names(english, drives_with_notes, staff):
    english.force_login(staff)
    pieces = read(english.get("/sprava/sbirky/uklid-satnik/").content.decode())
    assert {"Ukliď šatník!", "Zimní bundy", "Kulturní dům Šeříková"} <= {text for lang, text in pieces if lang == "cs"}
    interface = interface_text(pieces).replace(f"Account: {staff.get_full_name()}", "")
    for name in PROPER_NAMES:
        interface = interface.replace(name, "")
    assert not CZECH_LETTERS & set(interface)
