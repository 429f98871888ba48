"""The door in real Chromium with a fake camera that shows a ticket's QR code."""

import pytest
from PIL import Image

from registrations import qr
from registrations.models import Scan
from registrations.services import register
from tests.browser.accessibility import assert_accessible
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, sign_in
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480


def write_y4m(path, png_bytes, frames=30):
    """A Y4M video (4:2:0) showing the QR code centred on white: what the phone camera sees."""
    import io

    code = Image.open(io.BytesIO(png_bytes)).convert("L")
    code.thumbnail((HEIGHT - 40, HEIGHT - 40))
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.fixture
def camera_browser(_django_orm_beside_playwright, tmp_path_factory):
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    def launch(video_path):
        args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                f"--use-file-for-fake-video-capture={video_path}"]
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)

    with sync_playwright() as playwright:
        yield launch


def test_a_ticket_shown_to_the_camera_lets_the_person_in_once(camera_browser, live_server, oldies_goldies,
                                                               organizer_a, tmp_path):
    dance = oldies_goldies.occurrences.order_by("start").first()
    ticket = register(dance, name="Jana Nováková", phone="777123456", seats=2).registration
    video = tmp_path / "ticket.y4m"
    write_y4m(video, qr.png(ticket.code))

    browser = camera_browser(video)
    context = browser.new_context(locale="cs-CZ", base_url=live_server.url, viewport={"width": 412, "height": 900})
    page = sign_in(context.new_page(), organizer_a)
    page.goto(f"/scan/{dance.pk}/")

    answer = page.locator("#door-answer")
    answer.locator(".door-message", has_text="Vstup povolen").wait_for(timeout=15_000)
    assert "door-ok" in answer.get_attribute("class")
    assert "Jana Nováková" in answer.inner_text() and "2 osoby" in answer.inner_text()
    assert Scan.objects.filter(registration=ticket, status="ok").count() == 1
    assert_accessible(page)

    # Held in front of the camera, the ticket stays green: tests/browser/test_door_evening.py.
    browser.close()
