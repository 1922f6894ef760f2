"""A 360° photo of a theatre set for the demo catalogue, drawn with Pillow.

The stage is built of flat shapes placed in space (a box set of papered flats with
a window, a door and a fireplace; the lighting battens and the fly tower above
it; the auditorium beyond the proscenium) and each is projected onto an
equirectangular picture, longitude across and latitude down, as a 360° camera at
centre stage sees it. So the picture looks right wrapped onto a sphere in a
panorama viewer, and its left and right edges meet without a seam.
"""

import io
import math
import random
from collections.abc import Sequence

from PIL import Image, ImageChops, ImageDraw, ImageFilter

Point = tuple[float, float, float]  # metres: x to the right, y up, z ahead
Colour = tuple[int, int, int]

SIZE = (4096, 2048)
EYE = 1.6  # the camera's height above the stage floor
MAX_CHORD = 10  # pixels: a projected edge is split until its pieces are this short
GLOW_SCALE = 4  # light is drawn this many times smaller, blurred, then enlarged

# The box set the camera stands in; its open side (x = SET_LEFT) faces the seats.
SET_LEFT, SET_RIGHT = -4.2, 5.0
SET_BACK, SET_FRONT = -3.2, 3.8  # z: downstage, upstage
SET_HEIGHT = 4.2
# Around it: the proscenium wall and its opening, the fly tower, the auditorium.
PROSCENIUM = -6.2  # x
APRON = -7.5
OPENING_HALF, OPENING_HEIGHT = 5.5, 7.0
TOWER_BACK, TOWER_SIDE, TOWER_HEIGHT = 11.0, 10.0, 16.0
HOUSE_BACK, HOUSE_SIDE, HOUSE_HEIGHT = -28.0, 11.0, 10.0
BATTEN_HEIGHT = 8.0
BATTENS = (-5.0, -3.4, -1.8, 1.4, 3.0, 4.6, 6.2, 7.8, 9.4)  # none right overhead
BORDERS = (-3.6, 3.2, 6.4, 9.6)  # the black masking hung between them

WALLPAPER = (46, 86, 76)
WALLPAPER_STRIPE = (60, 102, 90)
WAINSCOT = (78, 50, 34)
TRIM = (214, 200, 168)
DOOR = (92, 58, 38)
FLOORBOARDS = (128, 88, 52)
RUG = (104, 30, 36)
STAGE_BLACK = (20, 20, 23)
FLY_SPACE = (12, 12, 15)
TOWER_WALL = (30, 30, 35)
RIGGING = (64, 64, 70)
VELVET = (132, 20, 30)
VELVET_FOLD = (92, 12, 20)
GOLD = (186, 150, 78)
PROSCENIUM_WALL = (64, 22, 26)
HOUSE_WALL = (44, 24, 30)
SEAT = (118, 22, 32)
WARM_LIGHT = (255, 196, 120)
# How brightly the front-of-house lights catch each wall of the set.
WALL_LIGHT = {"front": 1.0, "right": 0.82, "back": 0.7}


def _shade(colour: Colour, factor: float) -> Colour:
    return tuple(max(0, min(255, round(channel * factor))) for channel in colour)


def across_x(x: float, z0: float, z1: float, y0: float, y1: float) -> list[Point]:
    """A rectangle standing in the plane x = ``x``."""
    return [(x, y0, z0), (x, y0, z1), (x, y1, z1), (x, y1, z0)]


def across_z(z: float, x0: float, x1: float, y0: float, y1: float) -> list[Point]:
    """A rectangle standing in the plane z = ``z``."""
    return [(x0, y0, z), (x1, y0, z), (x1, y1, z), (x0, y1, z)]


def level(y: float, x0: float, x1: float, z0: float, z1: float) -> list[Point]:
    """A level rectangle at height ``y``."""
    return [(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)]


def on_wall(wall: str, s0: float, s1: float, y0: float, y1: float) -> list[Point]:
    """A rectangle on one of the set's walls, a hair in front of it: ``s`` runs
    along the wall (x on the front and back walls, z on the right one)."""
    if wall == "front":
        return across_z(SET_FRONT - 0.01, s0, s1, y0, y1)
    if wall == "back":
        return across_z(SET_BACK + 0.01, s0, s1, y0, y1)
    return across_x(SET_RIGHT - 0.01, s0, s1, y0, y1)


def wall_point(wall: str, s: float, y: float) -> Point:
    return on_wall(wall, s, s, y, y)[0]


class EquirectangularCanvas:
    """A picture of the whole sphere around the eye, drawn with flat shapes in
    space: each edge is projected point by point and split until its pieces are
    short, so that straight edges bend as the projection bends them."""

    def __init__(self, size: tuple[int, int], background: Colour) -> None:
        self.width, self.height = size
        self.image = Image.new("RGB", size, background)
        self.draw = ImageDraw.Draw(self.image)
        self.light_width = self.width // GLOW_SCALE
        self.light_pad = self.height // GLOW_SCALE // 8  # for the blur to wrap
        self.light = Image.new(
            "RGB",
            (self.light_width + 2 * self.light_pad, self.height // GLOW_SCALE),
            (0, 0, 0),
        )

    # Projection ---------------------------------------------------------------
    def project(self, point: Point) -> tuple[float, float]:
        x, y, z = point
        longitude = math.atan2(x, z)
        latitude = math.atan2(y - EYE, math.hypot(x, z))
        return (
            (longitude / math.tau + 0.5) * self.width,
            (0.5 - latitude / math.pi) * self.height,
        )

    def _edge(self, start: Point, end: Point, into: list) -> None:
        """Add the projected points from ``start`` towards ``end`` (``end`` left
        out) to ``into``."""
        stack = [(end, self.project(end), 0)]
        point, projected = start, self.project(start)
        # Depth first, nearest half first: the points come out in order.
        while stack:
            target, target_projected, depth = stack[-1]
            du = (target_projected[0] - projected[0] + self.width / 2) % self.width
            dv = target_projected[1] - projected[1]
            if depth < 14 and abs(du - self.width / 2) + abs(dv) > MAX_CHORD:
                middle = tuple((a + b) / 2 for a, b in zip(point, target, strict=True))
                stack.append((middle, self.project(middle), depth + 1))
                continue
            into.append(projected)
            stack.pop()
            point, projected = target, target_projected

    def _path(self, points: Sequence[Point], *, closed: bool) -> list:
        """The projected outline, unwrapped: never more than half a turn between
        neighbours, so it may run past either edge of the picture."""
        ends = [*points[1:], points[0]] if closed else points[1:]
        projected: list = []
        for start, end in zip(points, ends, strict=False):
            self._edge(start, end, projected)
        if not closed:
            projected.append(self.project(points[-1]))
        path = [projected[0]]
        for u, v in projected[1:]:
            path.append((u + round((path[-1][0] - u) / self.width) * self.width, v))
        return path

    def _copies(self, path: list, width: float) -> list[list]:
        """The path where it shows, shifted a turn left or right where it runs
        past the picture's edge: what makes the two edges meet."""
        low = min(u for u, _ in path)
        high = max(u for u, _ in path)
        return [
            [(u + shift, v) for u, v in path]
            for shift in (-width, 0, width)
            if high + shift >= 0 and low + shift < width
        ]

    # Shapes -------------------------------------------------------------------
    def polygon(self, points: Sequence[Point], fill: Colour) -> None:
        """A flat shape that neither pole lies in."""
        path = self._path(points, closed=True)
        for copy in self._copies(path, self.width):
            self.draw.polygon(copy, fill=fill)

    def line(self, points: Sequence[Point], fill: Colour, width: int = 2) -> None:
        path = self._path(points, closed=False)
        for copy in self._copies(path, self.width):
            self.draw.line(copy, fill=fill, width=width, joint="curve")

    def outline(self, points: Sequence[Point], fill: Colour, width: int = 2) -> None:
        self.line([*points, points[0]], fill, width)

    def floor_around(self, outline: Sequence[Point], fill: Colour) -> None:
        """A floor the eye stands over (the nadir lies in it): everything below
        its ``outline``, which goes once round the eye."""
        path = self._path([*outline, outline[0]], closed=False)  # a whole turn
        path += [(path[-1][0], self.height + 1), (path[0][0], self.height + 1)]
        for copy in self._copies(path, self.width):
            self.draw.polygon(copy, fill=fill)

    def gradient(self, points: Sequence[Point], top: Colour, bottom: Colour) -> None:
        """A flat shape shaded from ``top`` to ``bottom`` down the picture (a
        painted sky, a mirror)."""
        for copy in self._copies(self._path(points, closed=True), self.width):
            left = max(0, math.floor(min(u for u, _ in copy)))
            upper = max(0, math.floor(min(v for _, v in copy)))
            right = min(self.width, math.ceil(max(u for u, _ in copy)) + 1)
            lower = min(self.height, math.ceil(max(v for _, v in copy)) + 1)
            if right <= left or lower <= upper:
                continue
            size = (right - left, lower - upper)
            mask = Image.new("L", size, 0)
            ImageDraw.Draw(mask).polygon(
                [(u - left, v - upper) for u, v in copy], fill=255
            )
            ramp = Image.linear_gradient("L").resize(size)
            fill = Image.composite(
                Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp
            )
            self.image.paste(fill, (left, upper), mask)

    # Light --------------------------------------------------------------------
    def _add_light(self, path: list, draw_shape) -> None:
        """Add light (it adds up where pools overlap) inside ``path``, given in the
        picture's pixels, with ``draw_shape(draw, points)`` on a small patch."""
        small = [(u / GLOW_SCALE + self.light_pad, v / GLOW_SCALE) for u, v in path]
        for copy in self._copies(small, self.light_width):
            left = math.floor(min(u for u, _ in copy))
            upper = math.floor(min(v for _, v in copy))
            right = math.ceil(max(u for u, _ in copy)) + 1
            lower = math.ceil(max(v for _, v in copy)) + 1
            box = (
                max(0, left),
                max(0, upper),
                min(self.light.width, right),
                min(self.light.height, lower),
            )
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            patch = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), (0, 0, 0))
            draw_shape(
                ImageDraw.Draw(patch), [(u - box[0], v - box[1]) for u, v in copy]
            )
            self.light.paste(ImageChops.add(self.light.crop(box), patch), box[:2])

    def glow(self, point: Point, radius_degrees: float, colour: Colour) -> None:
        """A soft pool of light round ``point``, widened towards the poles as the
        projection widens everything there."""
        u, v = self.project(point)
        latitude = (0.5 - v / self.height) * math.pi
        radius_v = radius_degrees / 180 * self.height
        radius_u = min(radius_v / max(math.cos(latitude), 0.15), self.width / 3)
        corners = [(u - radius_u, v - radius_v), (u + radius_u, v + radius_v)]
        self._add_light(
            corners, lambda draw, box: draw.ellipse([*box[0], *box[1]], fill=colour)
        )

    def beam(self, points: Sequence[Point], colour: Colour) -> None:
        """A faint shaft of light through the haze, in front of everything."""
        self._add_light(
            self._path(points, closed=True),
            lambda draw, shape: draw.polygon(shape, fill=colour),
        )

    # Finishing ----------------------------------------------------------------
    def finish(self, blur: float) -> Image.Image:
        """The picture with its light, darkened towards the zenith and nadir."""
        light = self.light.filter(ImageFilter.GaussianBlur(blur / GLOW_SCALE))
        light = light.crop(
            (self.light_pad, 0, self.light_pad + self.light_width, light.height)
        ).resize(self.image.size, Image.Resampling.BILINEAR)
        lit = ImageChops.screen(self.image, light)  # adds light, never past white
        ramp = Image.new("L", (1, 256))
        ramp.putdata(
            [
                round(255 * (0.6 + 0.4 * math.sin(row / 255 * math.pi) ** 0.6))
                for row in range(256)
            ]
        )
        shade = ramp.resize(self.image.size, Image.Resampling.BILINEAR)
        return Image.composite(lit, Image.new("RGB", lit.size, (0, 0, 0)), shade)


# --- The scene, from the back of the auditorium to centre stage --------------------
def _auditorium(canvas: EquirectangularCanvas, rng: random.Random) -> None:
    """Seen through the proscenium: raked rows of red seats in three blocks, a
    balcony, a chandelier, exit signs and the control booth."""
    back, side, top = HOUSE_BACK, HOUSE_SIDE, HOUSE_HEIGHT
    canvas.polygon(across_x(back, -side, side, -1.0, top), HOUSE_WALL)
    for z in (-side, side):
        canvas.polygon(
            across_z(z, back, PROSCENIUM, -1.0, top), _shade(HOUSE_WALL, 0.8)
        )
        for x in (-11.0, -17.0, -23.0):
            canvas.glow((x, 4.5, z * 0.98), 1.4, (80, 50, 30))
    canvas.polygon(level(top, back, PROSCENIUM, -side, side), _shade(HOUSE_WALL, 0.6))
    canvas.glow((-16.0, 8.6, 0.0), 2.4, (140, 100, 50))  # the chandelier
    canvas.polygon(
        [(APRON, -1.2, -side), (back, 5.0, -side), (back, 5.0, side)]
        + [(APRON, -1.2, side)],
        (26, 14, 18),
    )
    balcony = -19.0
    rows = [(-8.6 - 0.95 * row, -1.0 + 0.28 * row) for row in range(20)]
    for x, floor in reversed(rows):  # the far rows first
        colour = _shade(SEAT, rng.uniform(0.8, 1.05))
        for z0, z1 in ((-9.6, -3.9), (-3.1, 3.1), (3.9, 9.6)):
            canvas.polygon(across_x(x, z0, z1, floor, floor + 0.9), colour)
            canvas.line(
                [(x, floor + 0.9, z0), (x, floor + 0.9, z1)], _shade(colour, 1.35)
            )
        if x < balcony < x + 0.95:
            canvas.polygon(across_x(balcony, -side, side, 5.2, 6.3), (96, 60, 40))
            canvas.line([(balcony, 6.3, -side), (balcony, 6.3, side)], GOLD, 3)
            for z in (-8.0, -4.0, 0.0, 4.0, 8.0):
                canvas.glow((balcony, 5.75, z), 0.8, (130, 90, 50))
    canvas.polygon(across_x(back + 0.01, -2.0, 2.0, 7.0, 8.2), (40, 60, 90))
    canvas.glow((back, 7.6, 0.0), 1.4, (30, 50, 100))
    for z in (-side + 0.01, side - 0.01):
        for x in (-9.0, -25.0):
            canvas.polygon(across_z(z, x - 0.35, x + 0.35, 3.1, 3.45), (60, 220, 120))
            canvas.glow((x, 3.3, z), 1.0, (20, 140, 60))


def _proscenium(canvas: EquirectangularCanvas) -> None:
    """The stage's front wall, its opening framed in gold, the red house curtain
    gathered at each side, the valance across the top and the apron."""
    x, half, high = PROSCENIUM, OPENING_HALF, OPENING_HEIGHT
    for z0, z1 in ((-TOWER_SIDE, -half), (half, TOWER_SIDE)):
        canvas.polygon(across_x(x, z0, z1, -1.0, TOWER_HEIGHT), PROSCENIUM_WALL)
    canvas.polygon(across_x(x, -half, half, high, TOWER_HEIGHT), PROSCENIUM_WALL)
    frame = across_x(x + 0.01, -half, half, 0.0, high)
    canvas.line([frame[0], frame[3], frame[2], frame[1]], GOLD, 7)
    curtain = x + 0.15
    for fold in range(10):
        colour = VELVET if fold % 2 == 0 else VELVET_FOLD
        for side in (-1, 1):
            z0, z1 = side * (half - 0.1 * fold), side * (half - 0.1 * (fold + 1))
            canvas.polygon(across_x(curtain, z0, z1, 0.0, high), colour)
    for fold in range(22):
        colour = VELVET if fold % 2 == 0 else VELVET_FOLD
        z0 = -half + 0.5 * fold
        canvas.polygon(across_x(curtain, z0, z0 + 0.5, 6.2, high), colour)
    canvas.line([(curtain, 6.2, -half), (curtain, 6.2, half)], GOLD, 4)
    canvas.polygon(level(0.0, APRON, x, -half, half), STAGE_BLACK)
    canvas.line([(APRON, 0.0, -half), (APRON, 0.0, half)], (70, 70, 74), 3)


def _fly_tower(canvas: EquirectangularCanvas) -> None:
    """The bare walls of the stage house: the loading door, the fly gallery, the
    rope lines from the pin rail and the blue running lights in the wings."""
    back, side, top = TOWER_BACK, TOWER_SIDE, TOWER_HEIGHT
    canvas.polygon(across_x(back, -side, side, -1.0, top), TOWER_WALL)
    canvas.polygon(across_x(back - 0.01, -2.5, 2.5, 0.0, 5.5), (52, 54, 58))
    for height in (1.0, 2.0, 3.0, 4.0, 5.0):
        canvas.line([(back - 0.02, height, -2.5), (back - 0.02, height, 2.5)], RIGGING)
    for z in (-side, side):
        canvas.polygon(
            across_z(z, PROSCENIUM, back, -1.0, top), _shade(TOWER_WALL, 0.85)
        )
        face = z - 0.02 if z > 0 else z + 0.02
        canvas.line([(PROSCENIUM, 9.0, face), (back, 9.0, face)], (70, 70, 74), 4)
        canvas.line([(PROSCENIUM, 10.0, face), (back, 10.0, face)], (60, 60, 64), 2)
        if z > 0:  # the fly floor: a rope for every flown piece
            canvas.line([(-5.0, 1.1, face), (8.0, 1.1, face)], (90, 80, 60), 5)
            for step in range(44):
                rope = -5.0 + 0.3 * step
                canvas.line([(rope, 1.1, face), (rope, top, face)], (84, 76, 62), 1)
        for x in (-4.0, 0.5, 5.0, 9.5):
            canvas.glow((x, 0.8, face), 0.7, (30, 60, 180))


def _rig(canvas: EquirectangularCanvas) -> None:
    """The gridiron far overhead, and below it the battens with their lamps and
    the black borders, the farthest first."""
    top = TOWER_HEIGHT - 0.01
    grid = (40, 40, 44)
    for step in range(-6, 11):
        canvas.line(
            [(step + 0.5, top, -TOWER_SIDE), (step + 0.5, top, TOWER_SIDE)], grid
        )
    for step in range(-10, 10):
        canvas.line(
            [(PROSCENIUM, top, step + 0.5), (TOWER_BACK, top, step + 0.5)], grid
        )
    hanging = [(x, False) for x in BATTENS] + [(x, True) for x in BORDERS]
    for x, is_border in sorted(hanging, key=lambda item: -abs(item[0])):
        if is_border:
            canvas.polygon(across_x(x, -9.0, 9.0, 6.6, 8.6), (14, 14, 17))
            continue
        canvas.line([(x, BATTEN_HEIGHT, -9.0), (x, BATTEN_HEIGHT, 9.0)], RIGGING, 4)
        for number in range(13):
            z = -7.2 + 1.2 * number
            canvas.line([(x, BATTEN_HEIGHT, z), (x, 7.9, z)], RIGGING, 2)
            canvas.polygon(across_x(x, z - 0.15, z + 0.15, 7.4, 7.9), (52, 52, 58))
            canvas.polygon(across_x(x, z - 0.1, z + 0.1, 7.3, 7.4), (36, 36, 40))
            if (number + round(x * 10)) % 3 == 0:
                continue  # not in this cue
            canvas.glow((x, 7.35, z), 0.45, (255, 236, 200))
            canvas.glow((x, 7.35, z), 1.3, (120, 84, 40))
            inside = SET_LEFT < x < SET_RIGHT and SET_BACK < z < SET_FRONT
            if inside and number % 2:
                spot = (x * 0.8, 0.0, z * 0.7)
                canvas.beam(
                    [(x, 7.3, z - 0.1), (x, 7.3, z + 0.1)]
                    + [(spot[0], 0.0, spot[2] + 0.8), (spot[0], 0.0, spot[2] - 0.8)],
                    (16, 13, 9),
                )


def _set_floor(canvas: EquirectangularCanvas, rng: random.Random) -> None:
    """The set's boarded floor, a rug, the stage manager's spike marks and a
    taped-down cable."""
    canvas.floor_around(
        [
            (SET_LEFT, 0.0, SET_BACK),
            (SET_LEFT, 0.0, SET_FRONT),
            (SET_RIGHT, 0.0, SET_FRONT),
            (SET_RIGHT, 0.0, SET_BACK),
        ],
        FLOORBOARDS,
    )
    seam = _shade(FLOORBOARDS, 0.72)
    z = SET_BACK + 0.08  # no board edge right under the camera
    while z < SET_FRONT:
        canvas.line([(SET_LEFT, 0.0, z), (SET_RIGHT, 0.0, z)], seam)
        z += 0.16
    canvas.polygon(level(0.005, -1.6, 2.4, 0.7, 3.2), RUG)
    canvas.outline(level(0.006, -1.35, 2.15, 0.95, 2.95), GOLD, 4)
    for colour in ((240, 210, 60), (240, 110, 170), (90, 170, 240)):
        x, z = rng.uniform(-3.5, 4.0), rng.uniform(-2.5, 0.3)
        canvas.line([(x - 0.12, 0.01, z), (x + 0.12, 0.01, z)], colour, 4)
        canvas.line([(x, 0.01, z - 0.12), (x, 0.01, z + 0.12)], colour, 4)
    canvas.line(
        [(-6.0, 0.01, -2.0), (-4.8, 0.01, -1.4), (-3.6, 0.01, -1.3)]
        + [(-2.9, 0.01, -0.9)],
        (12, 12, 12),
        3,
    )


def _walls(canvas: EquirectangularCanvas) -> None:
    """The set's three walls: papered flats over a panelled wainscot, crown
    moulding on top."""
    for wall, light in WALL_LIGHT.items():
        low, high = (SET_BACK, SET_FRONT) if wall == "right" else (SET_LEFT, SET_RIGHT)
        canvas.polygon(
            on_wall(wall, low, high, 0.0, SET_HEIGHT), _shade(WALLPAPER, light)
        )
        stripe = _shade(WALLPAPER_STRIPE, light)
        for step in range(round((high - low) / 0.25)):
            s = low + 0.125 + 0.25 * step
            canvas.line(
                [wall_point(wall, s, 0.9), wall_point(wall, s, 3.95)], stripe, 3
            )
        joint = _shade(WALLPAPER, light * 0.6)  # where one flat meets the next
        for step in range(1, round((high - low) / 1.2)):
            s = low + 1.2 * step
            canvas.line([wall_point(wall, s, 0.0), wall_point(wall, s, 3.95)], joint)
        canvas.polygon(on_wall(wall, low, high, 0.0, 0.9), _shade(WAINSCOT, light))
        panel = _shade(WAINSCOT, light * 1.35)
        for step in range(round((high - low - 0.3) / 0.9)):
            s = low + 0.15 + 0.9 * step
            canvas.outline(on_wall(wall, s, s + 0.7, 0.2, 0.75), panel)
        canvas.polygon(
            on_wall(wall, low, high, 0.0, 0.14), _shade(WAINSCOT, light * 0.6)
        )
        canvas.polygon(on_wall(wall, low, high, 0.88, 0.95), _shade(TRIM, light))
        canvas.polygon(on_wall(wall, low, high, 3.95, SET_HEIGHT), _shade(TRIM, light))


def _painting(canvas: EquirectangularCanvas, wall: str, s: float, sky: Colour) -> None:
    """A framed landscape hung on a wall, centred ``s`` along it."""
    light, y = WALL_LIGHT[wall], 2.3
    canvas.polygon(
        on_wall(wall, s - 0.45, s + 0.45, y - 0.35, y + 0.35), _shade(GOLD, light)
    )
    canvas.gradient(
        on_wall(wall, s - 0.36, s + 0.36, y - 0.05, y + 0.27),
        _shade(sky, light),
        _shade((220, 190, 140), light),
    )
    canvas.polygon(
        on_wall(wall, s - 0.36, s + 0.36, y - 0.27, y - 0.05),
        _shade((50, 70, 40), light),
    )


def _dressing(canvas: EquirectangularCanvas) -> None:
    """The window onto a painted dusk, the door, the fireplace, the paintings,
    the wall lights and the ghost light left burning on the empty stage."""
    # Upstage, ahead of the camera: a tall window with curtains and a pelmet.
    canvas.polygon(on_wall("front", -0.9, 1.7, 0.95, 3.45), TRIM)
    canvas.gradient(
        on_wall("front", -0.78, 1.58, 1.05, 3.35), (70, 90, 150), (245, 176, 120)
    )
    for s in (-0.78 + 2.36 / 3, -0.78 + 4.72 / 3):
        canvas.line(
            [wall_point("front", s, 1.05), wall_point("front", s, 3.35)], TRIM, 6
        )
    canvas.line(
        [wall_point("front", -0.78, 2.2), wall_point("front", 1.58, 2.2)], TRIM, 6
    )
    for start in (-1.45, 1.45):
        for fold in range(5):
            colour = (176, 130, 40) if fold % 2 == 0 else (138, 98, 28)
            s = start + 0.1 * fold
            canvas.polygon(on_wall("front", s, s + 0.1, 0.3, 3.6), colour)
    canvas.polygon(on_wall("front", -1.5, 2.0, 3.5, 3.8), (150, 108, 34))
    canvas.glow((0.4, 2.2, SET_FRONT), 8.0, (90, 60, 44))
    _painting(canvas, "front", -2.9, (110, 140, 190))
    _painting(canvas, "front", 3.5, (170, 120, 150))
    # Stage right: a panelled door between two wall lights.
    light = WALL_LIGHT["right"]
    canvas.polygon(on_wall("right", -1.1, 0.1, 0.0, 2.45), _shade(TRIM, light))
    canvas.polygon(on_wall("right", -1.0, 0.0, 0.0, 2.35), _shade(DOOR, light))
    for y0, y1 in ((0.2, 1.05), (1.25, 2.15)):
        for s0, s1 in ((-0.9, -0.55), (-0.45, -0.1)):
            canvas.outline(on_wall("right", s0, s1, y0, y1), _shade(DOOR, light * 1.3))
    canvas.polygon(on_wall("right", -0.88, -0.82, 1.08, 1.14), GOLD)
    for s in (1.5, -2.5):
        canvas.polygon(on_wall("right", s - 0.06, s + 0.06, 2.0, 2.35), GOLD)
        canvas.glow(wall_point("right", s, 2.4), 0.6, (255, 230, 190))
        canvas.glow(wall_point("right", s, 2.4), 2.2, (130, 90, 50))
    _painting(canvas, "right", 2.7, (120, 150, 170))
    # Downstage, behind the camera: a fireplace with a mirror over the mantel.
    light = WALL_LIGHT["back"]
    canvas.polygon(on_wall("back", 0.4, 2.2, 0.0, 1.25), _shade(TRIM, light))
    canvas.polygon(on_wall("back", 0.8, 1.8, 0.05, 0.9), (18, 14, 12))
    canvas.polygon(on_wall("back", 0.3, 2.3, 1.25, 1.33), _shade(TRIM, light * 1.1))
    canvas.glow(wall_point("back", 1.3, 0.3), 2.2, (170, 70, 20))  # the embers
    canvas.polygon(on_wall("back", 0.65, 1.95, 1.6, 3.2), _shade(GOLD, light))
    canvas.gradient(
        on_wall("back", 0.75, 1.85, 1.7, 3.1), (120, 130, 140), (70, 80, 84)
    )
    _painting(canvas, "back", -2.4, (150, 160, 120))
    _painting(canvas, "back", 3.8, (100, 120, 170))
    # The ghost light: a bare bulb on a stand, near the open side of the set.
    x, z = -2.9, -0.9
    for dx, dz in ((0.3, 0.0), (-0.15, 0.26), (-0.15, -0.26)):
        canvas.line([(x, 0.35, z), (x + dx, 0.0, z + dz)], (30, 30, 30), 4)
    canvas.line([(x, 0.0, z), (x, 1.85, z)], (34, 34, 34), 5)
    canvas.outline(across_x(x, z - 0.09, z + 0.09, 1.85, 2.1), (60, 60, 60))
    canvas.polygon(across_x(x, z - 0.04, z + 0.04, 1.9, 2.04), (255, 240, 200))
    canvas.glow((x, 1.97, z), 0.8, (255, 230, 180))
    canvas.glow((x, 1.97, z), 3.0, (120, 90, 50))
    canvas.glow((x, 0.0, z), 5.0, (60, 46, 30))


def set_panorama(rng: random.Random, *, size: tuple[int, int] = SIZE) -> Image.Image:
    """The whole sphere round a camera at centre stage of a box set: upstage at
    the picture's centre, the auditorium to the left, the fly tower overhead."""
    canvas = EquirectangularCanvas(size, STAGE_BLACK)
    canvas.draw.rectangle((0, 0, size[0], size[1] // 2), fill=FLY_SPACE)
    _auditorium(canvas, rng)
    canvas.floor_around(
        [
            (PROSCENIUM, 0.0, -TOWER_SIDE),
            (PROSCENIUM, 0.0, TOWER_SIDE),
            (TOWER_BACK, 0.0, TOWER_SIDE),
            (TOWER_BACK, 0.0, -TOWER_SIDE),
        ],
        STAGE_BLACK,
    )
    _fly_tower(canvas)
    _proscenium(canvas)
    _rig(canvas)
    _set_floor(canvas, rng)
    _walls(canvas)
    _dressing(canvas)
    # The front-of-house wash across the set.
    canvas.glow((0.0, 1.2, SET_FRONT), 26.0, (36, 28, 20))
    canvas.glow((SET_RIGHT, 1.2, 0.3), 22.0, (28, 22, 15))
    picture = canvas.finish(blur=size[1] / 80)
    # The tripod, blurred out of the nadir as 360° cameras do.
    top = round(size[1] * 0.955)
    fade = Image.linear_gradient("L").resize((size[0], size[1] - top))
    picture.paste(Image.new("RGB", fade.size, (24, 20, 18)), (0, top), fade)
    return picture


def panorama_jpeg(
    rng: random.Random, *, xmp: bytes, exif: bytes | None = None
) -> bytes:
    """The set panorama as a JPEG, carrying ``xmp`` (its GPano projection) and
    ``exif`` if given."""
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif else {}
    set_panorama(rng).save(buffer, format="JPEG", quality=86, xmp=xmp, **extra)
    return buffer.getvalue()
