"""QR images of a ticket code: SVG for the page, PNG for e-mail and print."""

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_Q

# Q restores up to a quarter of the symbol: a creased or smudged printout still scans.
ERROR_CORRECTION = ERROR_CORRECT_Q


def _qr(code):
    qr = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=4)
    qr.add_data(code)
    qr.make(fit=True)
    return qr


def svg(code):
    image = _qr(code).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def png(code, box_size=10):
    qr = _qr(code)
    qr.box_size = box_size
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
