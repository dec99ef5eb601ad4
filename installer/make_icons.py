"""Draw the program's mark: a dark-blue rounded square with a white open book and an orange bookmark.

Run once after changing the drawing (Pillow is needed here only, not at run time):
    .venv/bin/python installer/make_icons.py
It writes resources/icons/socanbo.ico (16, 24, 32, 48, 64 and 256 px) and resources/icons/socanbo.png (256 px).

Every size is drawn on its own from the same 16-unit design, snapped to whole pixels, so that the 16 px icon
in Explorer's list view stays sharp instead of being a blurred copy of the large one. The .ico is written here
(not with Pillow's ICO writer) to store the small sizes as classic 32-bit bitmaps and only the 256 px one as
PNG, which is what Windows' shell, the resource compiler and Inno Setup all read.
"""
from __future__ import annotations

import io
import math
import struct
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 256)
NAVY = (31, 58, 95, 255)  # #1f3a5f, the navigation colour of resources/style.qss
WHITE = (255, 255, 255, 255)
LINE = (143, 164, 191, 255)  # text lines on the pages, a light navy
COVER = (159, 179, 200, 255)  # #9fb3c8, the disabled-navigation grey-blue of the style sheet
ORANGE = (246, 173, 85, 255)  # #f6ad55, the accent of the selected navigation item
SUPERSAMPLE = 8


def draw(size: int) -> Image.Image:
    """The mark at `size` px. Coordinates are in a 16-unit design grid."""
    scale = size * SUPERSAMPLE / 16
    canvas = Image.new("RGBA", (size * SUPERSAMPLE,) * 2, (0, 0, 0, 0))
    pen = ImageDraw.Draw(canvas)

    def px(value: float) -> float:
        # Outline corners on whole target pixels, so page edges stay crisp after the box-filter reduction.
        return round(value * size / 16) * SUPERSAMPLE

    def exact(value: float) -> float:
        return value * scale

    radius = 3 * scale if size >= 24 else 2.5 * scale
    pen.rounded_rectangle((0, 0, size * SUPERSAMPLE - 1, size * SUPERSAMPLE - 1), radius=radius, fill=NAVY)
    # Two pages rising from the spine to the outer edges: an open book, never a "pause" sign. The spine's gap
    # is rounded outwards so that it stays at least one pixel wide at 16 px.
    # The cover first, a little larger than the pages: it shows below them and in the spine's gap.
    middle = size * SUPERSAMPLE / 2
    pen.polygon([(px(1), px(4.5)), (middle, px(5.5)), (px(15), px(4.5)), (px(15), px(13)), (middle, px(14)),
                 (px(1), px(13))], fill=COVER)
    gap_left = math.floor(7.5 * size / 16) * SUPERSAMPLE
    gap_right = math.ceil(8.5 * size / 16) * SUPERSAMPLE
    pen.polygon([(px(2), px(4)), (gap_left, px(5)), (gap_left, px(13)), (px(2), px(12))], fill=WHITE)
    pen.polygon([(gap_right, px(5)), (px(14), px(4)), (px(14), px(12)), (gap_right, px(13))], fill=WHITE)
    if size >= 32:
        # Lines of text on the pages, following the pages' slope.
        width = max(SUPERSAMPLE, int(scale * 0.5))
        for row in (6.75, 8.75, 10.75):
            pen.line([(exact(3.25), exact(row - 0.3)), (exact(6.5), exact(row + 0.3))], fill=LINE, width=width)
            pen.line([(exact(9.5), exact(row + 0.3)), (exact(12.75), exact(row - 0.3))], fill=LINE, width=width)
    if size >= 24:
        # The bookmark ribbon hanging from the top of the right page; its notch only where there is room.
        left, right, top, bottom = px(11), px(12.5), px(3), px(8)
        if size >= 48:
            notch = (left + right) / 2
            pen.polygon([(left, top), (right, top), (right, bottom), (notch, bottom - exact(0.75)), (left, bottom)],
                        fill=ORANGE)
        else:
            pen.rectangle((left, top, right - 1, bottom - 1), fill=ORANGE)
    return canvas.resize((size, size), Image.Resampling.BOX)


def bmp_entry(image: Image.Image) -> bytes:
    """A 32-bit BGRA DIB as stored inside an .ico: height doubled, bottom-up rows, then a 1-bit AND mask."""
    width, height = image.size
    header = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = image.convert("RGBA").tobytes("raw", "BGRA")
    rows = [pixels[y * width * 4:(y + 1) * width * 4] for y in range(height)]
    mask_row = ((width + 31) // 32) * 4  # each mask row is padded to 32 bits; all zero: alpha decides
    return header + b"".join(reversed(rows)) + bytes(mask_row * height)


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def ico_bytes(images: list[Image.Image]) -> bytes:
    payloads = [png_bytes(im) if im.width >= 256 else bmp_entry(im) for im in images]
    directory = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for image, payload in zip(images, payloads):
        side = image.width if image.width < 256 else 0  # 0 means 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return directory + b"".join(payloads)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    images = [draw(size) for size in SIZES]
    (OUT / "socanbo.ico").write_bytes(ico_bytes(images))
    (OUT / "socanbo.png").write_bytes(png_bytes(images[-1]))
    if "--preview" in sys.argv:
        # Every size enlarged 8x side by side, to judge the small ones by eye.
        sheet = Image.new("RGBA", (sum(s * 8 for s in SIZES[:-1]) + 10 * len(SIZES), 64 * 8 + 20), (240, 240, 240, 255))
        x = 10
        for image in images[:-1]:
            sheet.paste(image.resize((image.width * 8,) * 2, Image.Resampling.NEAREST), (x, 10))
            x += image.width * 8 + 10
        sheet.save(ROOT / "build" / "icon-preview.png")
    print(f"wrote {OUT / 'socanbo.ico'} and {OUT / 'socanbo.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
