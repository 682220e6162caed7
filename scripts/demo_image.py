"""Draw the demo library's one saved image: the sourdough article's day, as a timeline.

Run from the repository root: ``python scripts/demo_image.py``. It writes
``reader/demo/images/3b6967ab99/01.png`` (a few kB, original, drawn with Pillow)
so `reader --demo` and the screenshots show an image in the text.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "reader/demo/images/3b6967ab99/01.png"
WIDTH, HEIGHT = 480, 200
HOUR = (WIDTH - 40) / 24  # 8 am to 8 am the next day
PAPER, RULE, WAIT, WORK, COLD, BAKE = (
    (250, 246, 238),
    (214, 205, 190),
    (233, 214, 170),
    (150, 90, 40),
    (120, 160, 200),
    (214, 110, 50),
)


def x(hours_after_eight: float) -> int:
    return round(20 + hours_after_eight * HOUR)


def main() -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    for hour in range(25):
        draw.line([(x(hour), 30), (x(hour), 170)], fill=RULE, width=1)
    # the starter wakes up all day, the dough rises in the evening, the fridge takes the night
    draw.rectangle([x(0), 40, x(9), 70], fill=WAIT)
    draw.rectangle([x(9), 80, x(15), 110], fill=WAIT)
    draw.rectangle([x(15), 120, x(24), 150], fill=COLD)
    for start, end, top in ((0, 0.3, 40), (9, 9.5, 80), (10, 10.3, 80), (15, 15.4, 120)):
        draw.rectangle([x(start), top, x(end), top + 30], fill=WORK)
    for fold in (10.5, 11.0, 11.5, 12.0):
        draw.rectangle([x(fold), 80, x(fold + 0.15), 110], fill=WORK)
    draw.rectangle([x(23.4), 120, x(24), 150], fill=BAKE)
    draw.line([(20, 170), (WIDTH - 20, 170)], fill=WORK, width=2)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(16).save(OUT, optimize=True)
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
