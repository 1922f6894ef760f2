"""Seed a believable demo catalogue: productions of every kind, the people who made
them, their credits and behind-the-scenes posts with images and videos.

    manage.py seed_demo [--size N] [--images N] [--videos N] [--seed S]

The output is deterministic for a seed, and every slug comes from it: a second run
finds every row already there and adds nothing. Each block of 25 productions draws
its people from its own and the previous block, so ``--size 2`` after ``--size 1``
adds a second block instead of a different catalogue.

The first production of each kind (the third of the TV series) shows the
catalogue's depth (see ``demo_depth``): a series' seasons and episode credits,
a tour's runs and performances, a game's versions, a music video's track and
artist, a film's original and other titles.

The videos are made on the spot (see ``demo_videos``): an upright phone clip as an
iPhone stores it, a landscape featurette excerpt with English and Finnish
captions, and YouTube and TikTok embeds, on published posts of the first block.
The clips are transcoded once the catalogue is committed, as an upload is.

So are the pictures that show what the site does with photos: most of the
stills carry their camera's EXIF (an ALEXA 35 frame grab, a unit photographer's
Sony, a crew member's iPhone, which also records where it was), read back as
"shot on" details while the rest of the metadata is dropped; a published
immersive post gets a 360° photo of its set (see ``demo_panorama``) and a
published VFX breakdown its green-screen plate paired with the final shot.
"""

import datetime
import functools
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from taggit.models import Tag, TaggedItem

from bts_catalog.caching import bump_content_version
from bts_catalog.captions import clean_captions
from bts_catalog.capture import panorama_xmp
from bts_catalog.files import files_rollback
from bts_catalog.images import CleanImage, intake_image
from bts_catalog.renditions import make_renditions
from bts_catalog.videos import CleanVideo, intake_video
from media_assets.embeds import embed_for
from media_assets.markdown import render_markdown
from media_assets.models import (
    Caption,
    MediaAsset,
    MediaKind,
    MediaStatus,
    Post,
    PostKind,
    PostPhase,
    PostStatus,
    Projection,
    Provenance,
    SourcePlatform,
    VideoRendition,
)
from media_assets.search_text import refresh_post_search_text
from media_assets.services import caption_add, media_asset_add, media_asset_update
from productions.models import (
    AlternativeTitle,
    Credit,
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    PersonAlias,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
    VersionKind,
)
from productions.services import platforms_from_names
from showcase.management import demo_depth, demo_images, demo_panorama, demo_videos
from showcase.management import demo_words as words
from showcase.management.demo_images import Camera

# A fixed "today" keeps dates, and the years in slugs, the same on every run.
CATALOGUE_DATE = datetime.date(2026, 11, 1)
PRODUCTIONS_PER_SIZE = 25
PEOPLE_PER_SIZE = 50
IMAGES_PER_SIZE = 60
MAX_DEFAULT_IMAGES = 300
POOL_SIZE = 12
BATCH_SIZE = 2000
MAX_CREW = 15  # besides the lead
DAY = datetime.timedelta(days=1)

K = ProductionKind
S = ProductionStatus
PH = PostPhase
KINDS = (K.FILM, K.TV_SERIES, K.THEATER, K.VIDEO_GAME, K.MUSIC_VIDEO)
SCREEN_KINDS = (K.FILM, K.TV_SERIES, K.VIDEO_GAME, K.MUSIC_VIDEO)

# Five productions of each kind per block; a slot's status cycles through its
# options block by block (and kind by kind), so one block already has them all.
SLOT_STATUSES = {
    "screen": (
        (S.RELEASED,),
        (S.RELEASED,),
        (S.RELEASED,),
        (S.POST_PRODUCTION, S.IN_PRODUCTION),
        (S.ANNOUNCED, S.IN_DEVELOPMENT, S.PRE_PRODUCTION, S.CANCELLED),
    ),
    "theater": (
        (S.RUNNING,),
        (S.CLOSED,),
        (S.CLOSED, S.RUNNING),
        (S.IN_PRODUCTION, S.PRE_PRODUCTION),
        (S.ANNOUNCED, S.IN_DEVELOPMENT, S.CANCELLED, S.CLOSED),
    ),
}

SCREEN_PHASES = (PH.DEVELOPMENT, PH.PRE_PRODUCTION, PH.PRODUCTION)
SCREEN_PHASES += (PH.POST_PRODUCTION, PH.RELEASE)
THEATER_PHASES = (PH.DEVELOPMENT, PH.PRE_PRODUCTION, PH.PRODUCTION, PH.LIVE_RUN)
CURRENT_PHASE = {
    S.ANNOUNCED: PH.DEVELOPMENT,
    S.IN_DEVELOPMENT: PH.DEVELOPMENT,
    S.PRE_PRODUCTION: PH.PRE_PRODUCTION,
    S.IN_PRODUCTION: PH.PRODUCTION,
    S.POST_PRODUCTION: PH.POST_PRODUCTION,
}
# When each phase happens, in days relative to the release (or opening) date.
PHASE_WINDOWS = {
    K.FILM: {
        PH.DEVELOPMENT: (-900, -420),
        PH.PRE_PRODUCTION: (-420, -200),
        PH.PRODUCTION: (-200, -120),
        PH.POST_PRODUCTION: (-120, -14),
        PH.RELEASE: (-14, 45),
    },
    K.TV_SERIES: {
        PH.DEVELOPMENT: (-720, -360),
        PH.PRE_PRODUCTION: (-360, -210),
        PH.PRODUCTION: (-210, -90),
        PH.POST_PRODUCTION: (-90, -10),
        PH.RELEASE: (-10, 60),
    },
    K.THEATER: {
        PH.DEVELOPMENT: (-540, -200),
        PH.PRE_PRODUCTION: (-200, -42),
        PH.PRODUCTION: (-42, -1),  # rehearsals and tech
    },
    K.VIDEO_GAME: {
        PH.DEVELOPMENT: (-1460, -700),
        PH.PRE_PRODUCTION: (-700, -540),
        PH.PRODUCTION: (-540, -90),
        PH.POST_PRODUCTION: (-90, -7),
        PH.RELEASE: (-7, 90),
    },
    K.MUSIC_VIDEO: {
        PH.DEVELOPMENT: (-120, -70),
        PH.PRE_PRODUCTION: (-70, -30),
        PH.PRODUCTION: (-30, -24),
        PH.POST_PRODUCTION: (-24, -3),
        PH.RELEASE: (-3, 21),
    },
}
POSTS_PER_STATUS = {
    S.RELEASED: (4, 6),
    S.RUNNING: (4, 6),
    S.CLOSED: (4, 6),
    S.POST_PRODUCTION: (3, 5),
    S.IN_PRODUCTION: (2, 4),
    S.PRE_PRODUCTION: (2, 3),
    S.IN_DEVELOPMENT: (1, 2),
    S.ANNOUNCED: (1, 2),
    S.CANCELLED: (1, 3),
}

PK = PostKind
ALL_POST_KINDS = tuple(PK.values)
POST_KINDS_FOR = {
    K.FILM: tuple(k for k in ALL_POST_KINDS if k != PK.DEV_DIARY),
    K.TV_SERIES: tuple(k for k in ALL_POST_KINDS if k != PK.DEV_DIARY),
    K.THEATER: tuple(
        k for k in ALL_POST_KINDS if k not in {PK.DEV_DIARY, PK.VFX_BREAKDOWN}
    ),
    K.VIDEO_GAME: (
        PK.DEV_DIARY, PK.INTERVIEW, PK.VFX_BREAKDOWN, PK.PHOTO_SET, PK.VIDEO,
        PK.DAY_IN_THE_LIFE, PK.IMMERSIVE, PK.SOCIAL_POST, PK.FEATURETTE,
    ),
    K.MUSIC_VIDEO: tuple(k for k in ALL_POST_KINDS if k != PK.DEV_DIARY),
}  # fmt: skip
POST_KINDS_IN_PHASE = {
    PH.DEVELOPMENT: (
        PK.INTERVIEW, PK.DEV_DIARY, PK.SOCIAL_POST, PK.SET_DESIGN,
        PK.COSTUME_DESIGN, PK.PHOTO_SET,
    ),
    PH.PRE_PRODUCTION: (
        PK.SET_DESIGN, PK.COSTUME_DESIGN, PK.REHEARSAL, PK.PHOTO_SET, PK.INTERVIEW,
        PK.DEV_DIARY, PK.SOCIAL_POST, PK.VIDEO,
    ),
    PH.PRODUCTION: (
        PK.PHOTO_SET, PK.VIDEO, PK.DAY_IN_THE_LIFE, PK.REHEARSAL, PK.SET_DESIGN,
        PK.COSTUME_DESIGN, PK.INTERVIEW, PK.DEV_DIARY, PK.SOCIAL_POST, PK.IMMERSIVE,
    ),
    PH.POST_PRODUCTION: (
        PK.VFX_BREAKDOWN, PK.INTERVIEW, PK.DEV_DIARY, PK.VIDEO, PK.SOCIAL_POST,
        PK.PHOTO_SET,
    ),
    PH.RELEASE: (
        PK.FEATURETTE, PK.VFX_BREAKDOWN, PK.INTERVIEW, PK.IMMERSIVE, PK.VIDEO,
        PK.SOCIAL_POST, PK.PHOTO_SET, PK.DEV_DIARY,
    ),
    PH.LIVE_RUN: (
        PK.PHOTO_SET, PK.VIDEO, PK.DAY_IN_THE_LIFE, PK.INTERVIEW, PK.IMMERSIVE,
        PK.SOCIAL_POST, PK.REHEARSAL, PK.COSTUME_DESIGN, PK.FEATURETTE,
    ),
}  # fmt: skip
# The departments a post of each kind shows, most telling first; the post's
# focus is a credited person from the first of these the production has.
POST_CRAFTS = {
    PK.PHOTO_SET: ("camera", "marketing-publicity", "lighting"),
    PK.VIDEO: ("marketing-publicity", "camera", "directing"),
    PK.INTERVIEW: (),
    PK.REHEARSAL: ("stage-management", "choreography", "stunts", "directing"),
    PK.SET_DESIGN: ("production-design", "set-decoration"),
    PK.COSTUME_DESIGN: ("costume", "makeup-hair"),
    PK.VFX_BREAKDOWN: ("visual-effects", "special-effects", "animation"),
    PK.DEV_DIARY: ("game-design", "programming", "animation", "audio", "qa"),
    PK.FEATURETTE: ("directing", "camera", "editing", "marketing-publicity"),
    PK.DAY_IN_THE_LIFE: (),
    PK.IMMERSIVE: ("visual-effects", "production-design", "programming", "camera"),
    PK.SOCIAL_POST: (),
}
# The craft a post of this kind always shows, whoever is in it.
PRIMARY_CRAFT = {
    PK.SET_DESIGN: "production-design",
    PK.COSTUME_DESIGN: "costume",
    PK.VFX_BREAKDOWN: "visual-effects",
    PK.DEV_DIARY: "game-design",
    PK.FEATURETTE: "directing",
    PK.REHEARSAL: "choreography",
}
POSTS_WITH_CAST = {
    PK.PHOTO_SET, PK.VIDEO, PK.REHEARSAL, PK.COSTUME_DESIGN, PK.FEATURETTE,
    PK.SOCIAL_POST, PK.DAY_IN_THE_LIFE,
}  # fmt: skip

PROVENANCE_WEIGHTS = {
    Provenance.FIRST_HAND: 30,
    Provenance.OFFICIAL: 40,
    Provenance.PRESS: 15,
    Provenance.FAN: 15,
}
SP = SourcePlatform
PLATFORMS_FOR = {
    Provenance.FIRST_HAND: (SP.ORIGINAL, SP.INSTAGRAM, SP.TIKTOK, SP.X, SP.VIMEO),
    Provenance.OFFICIAL: (
        SP.ORIGINAL, SP.YOUTUBE, SP.WEBSITE, SP.INSTAGRAM, SP.FACEBOOK, SP.X,
        SP.VIMEO,
    ),
    Provenance.PRESS: (SP.WEBSITE, SP.WEBSITE, SP.YOUTUBE),
    Provenance.FAN: (SP.TIKTOK, SP.INSTAGRAM, SP.X, SP.YOUTUBE, SP.FACEBOOK),
}  # fmt: skip
STATUS_WEIGHTS = {
    PostStatus.PUBLISHED: 80,
    PostStatus.PENDING: 11,
    PostStatus.DRAFT: 4,
    PostStatus.REJECTED: 5,
}

LEAD_ROLES = {
    K.FILM: ("director",),
    K.TV_SERIES: ("director", "showrunner"),
    K.THEATER: ("director",),
    K.VIDEO_GAME: ("game-director", "director"),
    K.MUSIC_VIDEO: ("director",),
}
# (role slug, weight) for cast credits after the first, which is always a lead.
CAST_ROLES = {
    K.FILM: (
        ("actor", 8),
        ("voice-actor", 1),
        ("stand-in", 1),
        ("background-actor", 1),
    ),
    K.TV_SERIES: (("actor", 8), ("stand-in", 1), ("background-actor", 1)),
    K.THEATER: (("actor", 8), ("understudy", 2), ("swing", 1), ("dancer", 1)),
    K.VIDEO_GAME: (("voice-actor", 5), ("motion-capture-performer", 3), ("actor", 1)),
    K.MUSIC_VIDEO: (("actor", 3), ("dancer", 4), ("background-actor", 1)),
}
CAST_SIZE = {
    K.FILM: (4, 9),
    K.TV_SERIES: (5, 9),
    K.THEATER: (4, 8),
    K.VIDEO_GAME: (3, 6),
    K.MUSIC_VIDEO: (2, 5),
}
CHARACTER_ROLES = {"actor", "voice-actor", "motion-capture-performer", "puppeteer"}
# Departments a production of this kind almost always credits, asked for first.
PRIORITY_DEPARTMENTS = {
    K.FILM: ("camera", "production", "writing", "editing", "production-design"),
    K.TV_SERIES: ("writing", "production", "camera", "editing"),
    K.THEATER: ("stage-management", "lighting", "production-design", "costume"),
    K.VIDEO_GAME: ("game-design", "programming", "production-design", "audio"),
    K.MUSIC_VIDEO: ("camera", "choreography", "editing", "production"),
}
FAN_SUFFIXES = ("fan", "daily", "updates", "archive", "bts")
CODE_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
ALT_PREFIXES = ("", "Another angle: ", "Detail: ")


@dataclass(frozen=True)
class Reel:
    """A kind of demo video, and the posts it suits: their kinds, best first, and
    their source platforms (an embed shows its post's own source link)."""

    name: str
    kinds: tuple[str, ...]
    platforms: frozenset[str]
    embed: bool = False

    def fit(self, post: "PostPlan") -> tuple[int, int, int]:
        """How well ``post`` suits this reel: lower is better."""
        kind = self.kinds.index(post.kind) if post.kind in self.kinds else 99
        platform = int(post.source_platform not in self.platforms)
        first, second = (platform, kind) if self.embed else (kind, platform)
        return first, second, int(not post.is_featured)


# The demo's videos, in the order --videos hands them out (then round again).
REELS = (
    Reel(
        "phone",
        (PK.SOCIAL_POST, PK.REHEARSAL, PK.DAY_IN_THE_LIFE, PK.VIDEO),
        frozenset({SP.ORIGINAL, SP.INSTAGRAM}),
    ),
    Reel(
        "featurette",
        (PK.FEATURETTE, PK.VIDEO, PK.VFX_BREAKDOWN, PK.INTERVIEW),
        frozenset({SP.ORIGINAL, SP.VIMEO, SP.WEBSITE}),
    ),
    Reel(
        "youtube",
        (PK.VIDEO, PK.FEATURETTE, PK.INTERVIEW, PK.SOCIAL_POST, PK.DAY_IN_THE_LIFE),
        frozenset({SP.YOUTUBE}),
        embed=True,
    ),
    Reel(
        "tiktok",
        (PK.SOCIAL_POST, PK.DAY_IN_THE_LIFE, PK.REHEARSAL, PK.VIDEO),
        frozenset({SP.TIKTOK}),
        embed=True,
    ),
)
DEFAULT_VIDEOS = len(REELS)
VIDEO_MEDIA = (MediaKind.VIDEO_FILE, MediaKind.EMBED)
PHONE_SECONDS = 5.0
FEATURETTE_SECONDS = 6.5

# --- Cameras: what the demo's pictures say they were shot on -------------------------
ALEXA = Camera(
    make="ARRI",
    model="ALEXA 35",
    lens="Signature Prime 32mm",
    focal_length=Fraction(32),
    f_number=Fraction(28, 10),
    exposure=Fraction(1, 50),
    iso=800,
)
SONY = Camera(
    make="Sony",
    model="ILCE-7SM3",
    lens="FE 24-70mm F2.8 GM II",
    focal_length=Fraction(35),
    f_number=Fraction(4),
    exposure=Fraction(1, 125),
    iso=1600,
)
IPHONE = Camera(
    make="Apple",
    model="iPhone 15 Pro",
    lens="iPhone 15 Pro back triple camera 6.765mm f/1.78",
    lens_make="Apple",
    focal_length=Fraction(6765, 1000),
    f_number=Fraction(178, 100),
    exposure=Fraction(1, 120),
    iso=250,
    software="17.4.1",
)
CANON = Camera(
    make="Canon",
    model="Canon EOS R5",
    lens="RF24-70mm F2.8 L IS USM",
    focal_length=Fraction(50),
    f_number=Fraction(28, 10),
    exposure=Fraction(1, 200),
    iso=3200,
)
THETA = Camera(  # a 360° camera: its lenses have no name
    make="RICOH",
    model="RICOH THETA Z1",
    lens="",
    focal_length=Fraction(257, 100),
    f_number=Fraction(21, 10),
    exposure=Fraction(1, 25),
    iso=400,
)
UTC_PLUS_ONE = datetime.timezone(datetime.timedelta(hours=1))
# The pool's pictures that carry EXIF, by index: camera, time of day, time zone
# (cinema cameras record none) and, for the phone that records it, where it was.
POOL_CAMERAS = {
    0: (SONY, datetime.time(7, 42, 18), UTC_PLUS_ONE, None),
    1: (IPHONE, datetime.time(11, 5, 51), UTC_PLUS_ONE, (60.1699, 24.9384)),
    3: (ALEXA, datetime.time(5, 58, 2), None, None),
    5: (SONY, datetime.time(14, 21, 40), UTC_PLUS_ONE, None),
    7: (ALEXA, datetime.time(9, 12, 33), None, None),
    8: (CANON, datetime.time(16, 47, 9), None, None),
    9: (SONY, datetime.time(19, 30, 12), UTC_PLUS_ONE, None),
    10: (IPHONE, datetime.time(13, 2, 27), UTC_PLUS_ONE, None),
}
POOL_DAY = datetime.date(2026, 3, 14)  # re-dated to each post's day when stored

# --- The set pieces: a 360° photo and a before/after pair ---------------------------
# The production kinds whose posts show them best, best first.
PANORAMA_KINDS = (K.THEATER, K.FILM, K.TV_SERIES, K.MUSIC_VIDEO, K.VIDEO_GAME)
BREAKDOWN_KINDS = (K.FILM, K.TV_SERIES, K.MUSIC_VIDEO, K.VIDEO_GAME)
SHOWCASE_POSTS = 2
PANORAMA_ALT = (
    "360° photo from centre stage of the {title} set: a parlour of green-papered "
    "flats with a curtained window, a door and a fireplace, lighting battens "
    "overhead and the red seats of the auditorium beyond the proscenium"
)
PANORAMA_CAPTION = (
    "The set from centre stage, {date}: look up at the rig and out to the house."
)
PLATE_ALT = (
    "The plate for the {set_piece} in {title}: a performer in a long coat raising "
    "a prop sword on a green-screen stage dotted with tracking markers, light "
    "stands at either side"
)
PLATE_CAPTION = "The plate, shot on the green-screen stage."
FINAL_ALT = (
    "The final shot of the {set_piece} in {title}: the same performer on a rooftop "
    "above a city skyline at dusk, lit from the right by the setting sun"
)
FINAL_CAPTION = "The final composite: sky, city and rooftop added in post."
SHOT_FOCUS = (0.42, 0.5)  # where the performer stands in the plate and the final


# --- Plans -------------------------------------------------------------------------
@dataclass
class PersonPlan:
    index: int
    slug: str
    name: str
    craft: str
    bio: str
    imdb_id: str
    instagram_handle: str


@dataclass
class ProductionPlan:
    index: int
    kind: str
    status: str
    title: str
    slug: str
    release_date: datetime.date | None
    anchor: datetime.date  # the (planned) release date that post dates hang from
    run_end: datetime.date | None
    studio: str
    venue: str
    platforms: str
    synopsis: str
    website: str
    imdb_id: str
    tmdb_id: int | None
    igdb_id: int | None
    tags: list[str]
    locale: str

    @property
    def block(self) -> int:
        return self.index // PRODUCTIONS_PER_SIZE

    @property
    def slot(self) -> int:
        return (self.index % PRODUCTIONS_PER_SIZE) // len(KINDS)


@dataclass
class CreditPlan:
    person: int
    role: Role
    character: str = ""
    billing_order: int = 100
    is_verified: bool = False

    @property
    def department(self) -> str:
        return self.role.department.slug


@dataclass
class PostPlan:
    production: ProductionPlan
    slug: str
    title: str
    body: str
    kind: str
    phase: str
    happened_on: datetime.date
    source_platform: str
    source_url: str
    provenance: str
    status: str
    published_at: datetime.datetime | None
    is_featured: bool
    moderation_note: str
    featured_people: list[int]
    crafts: list[str]
    tags: list[str]
    focus: CreditPlan
    context: dict[str, str] = field(repr=False)


@dataclass
class VideoPlan:
    reel: Reel
    post: PostPlan
    caption: str
    embed_url: str = ""
    # Clips only: who speaks or films, as the picture names them.
    speaker: str = ""
    credit: str = ""
    handle: str = ""
    overlay: str = ""


@dataclass
class Showcase:
    """The published posts that show the 360° set photo and the before/after
    pair (None where the catalogue has no post to suit)."""

    panorama: PostPlan | None
    breakdown: PostPlan | None

    @property
    def posts(self) -> list[PostPlan]:
        return [post for post in (self.panorama, self.breakdown) if post]


class Spread:
    """Random picks that reach for values not used yet, so that even the smallest
    catalogue shows every post kind, phase, provenance, platform and status."""

    def __init__(self, values: Sequence[str]) -> None:
        self._unseen = set(values)

    def pick(
        self,
        rng: random.Random,
        candidates: Sequence[str],
        weights: Sequence[int] | None = None,
    ) -> str:
        fresh = [value for value in candidates if value in self._unseen]
        if fresh and rng.random() < 0.5:
            value = rng.choice(fresh)
        elif weights:
            value = rng.choices(candidates, weights=weights)[0]
        else:
            value = rng.choice(candidates)
        self._unseen.discard(value)
        return value


def _unique(base: str, taken: set[str]) -> str:
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    taken.add(slug)
    return slug


def _lower_role(name: str) -> str:
    """'Director of Photography' → 'director of photography'; 'VFX Artist' keeps VFX."""
    return " ".join(word if word.isupper() else word.lower() for word in name.split())


def _handle(text: str, limit: int) -> str:
    return slugify(text).replace("-", "_")[:limit].strip("_") or "bts"


def _code(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(CODE_CHARACTERS) for _ in range(length))


def _for_medium(shared: dict, overrides: dict, medium: str, key: str):
    """The medium's own words for ``key`` if it has some, else the shared ones."""
    return overrides.get((medium, key)) or shared[key]


def _with_article(word: str) -> str:
    return f"{'An' if word[0].lower() in 'aeiou' else 'A'} {word}"


class DemoPlanner:
    """Decides every row of the demo catalogue, in a fixed order, from the seed."""

    def __init__(self, *, seed: int, size: int, roles_by_kind: dict[str, list[Role]]):
        self.seed = seed
        self.size = size
        self.fakers = {locale: Faker(locale) for locale in words.FAKER_LOCALES}
        self.roles_by_kind = roles_by_kind
        self.people: list[PersonPlan] = []
        self._pools: dict[int, dict[str, list[int]]] = {}
        self._post_slugs: set[str] = set()
        self.post_kinds = Spread(ALL_POST_KINDS)
        self.provenances = Spread(Provenance.values)
        self.platforms = Spread(SourcePlatform.values)
        self.statuses = Spread(PostStatus.values)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(part) for part in (self.seed, *parts)))

    # People -------------------------------------------------------------------
    def plan_people(self) -> list[PersonPlan]:
        taken: set[str] = set()
        roster = [craft for craft, count in words.CRAFT_ROSTER for _ in range(count)]
        roster += ["cast"] * (PEOPLE_PER_SIZE - len(roster))
        for block in range(self.size):
            crafts = list(roster)
            self.rng("roster", block).shuffle(crafts)
            for offset, craft in enumerate(crafts):
                index = block * PEOPLE_PER_SIZE + offset
                self.people.append(self._plan_person(index, craft, taken))
        return self.people

    def _plan_person(self, index: int, craft: str, taken: set[str]) -> PersonPlan:
        rng = self.rng("person", index)
        faker = self.fakers[rng.choice(words.FAKER_LOCALES)]
        faker.seed_instance(f"{self.seed}:person:{index}")
        if rng.random() < 0.5:
            name = f"{faker.first_name_female()} {faker.last_name_female()}"
        else:
            name = f"{faker.first_name_male()} {faker.last_name_male()}"
        slug = _unique(slugify(name)[:200].strip("-") or "person", taken)
        noun, known_for = words.CRAFT_BIOS.get(craft, ("crew member", ("their craft",)))
        bio = (
            f"{name} is {_with_article(noun).lower()} based in "
            f"{rng.choice(words.CITIES)}, known for {rng.choice(known_for)}."
        )
        imdb_id = ""
        if craft not in {"game-design", "programming", "audio", "qa"}:
            imdb_id = (
                f"nm{rng.randint(1_000_000, 19_999_999):07d}"
                if rng.random() < 0.5
                else ""
            )
        handle = slug.replace("-", ".")[:30].strip(".") if rng.random() < 0.4 else ""
        return PersonPlan(index, slug, name, craft, bio, imdb_id, handle)

    def _pool(self, block: int) -> dict[str, list[int]]:
        """People a production in this block hires: its own block and the one before."""
        if block not in self._pools:
            pool: dict[str, list[int]] = defaultdict(list)
            start = max(0, block - 1) * PEOPLE_PER_SIZE
            for person in self.people[start : (block + 1) * PEOPLE_PER_SIZE]:
                pool[person.craft].append(person.index)
            self._pools = {block: pool}  # blocks are planned in order: keep one
        return self._pools[block]

    # Productions --------------------------------------------------------------
    def plan_productions(self) -> list[ProductionPlan]:
        taken: set[str] = set()
        return [
            self._plan_production(index, taken)
            for index in range(self.size * PRODUCTIONS_PER_SIZE)
        ]

    def _plan_production(self, index: int, taken: set[str]) -> ProductionPlan:
        rng = self.rng("production", index)
        block, within = divmod(index, PRODUCTIONS_PER_SIZE)
        slot, kind_index = divmod(within, len(KINDS))
        kind = KINDS[kind_index]
        if kind == K.THEATER:
            options = SLOT_STATUSES["theater"][slot]
            status = options[block % len(options)]
        else:
            options = SLOT_STATUSES["screen"][slot]
            status = options[(block + SCREEN_KINDS.index(kind)) % len(options)]
        title, synopsis_bits = self._title(kind, rng)
        release_date, anchor, run_end = self._dates(kind, status, rng)
        base = slugify(f"{title} {release_date.year}" if release_date else title)
        slug = _unique(base[:200].strip("-") or "production", taken)
        studio = rng.choice(words.STUDIOS[kind])
        platforms = ""
        if kind == K.VIDEO_GAME:
            chosen = rng.sample(words.GAME_PLATFORMS, rng.randint(1, 3))
            platforms = ", ".join((["PC"] if rng.random() < 0.8 else []) + chosen)
        screen = kind in {K.FILM, K.TV_SERIES}
        return ProductionPlan(
            index=index,
            kind=kind,
            status=status,
            title=title,
            slug=slug,
            release_date=release_date,
            anchor=anchor,
            run_end=run_end,
            studio=studio,
            venue=rng.choice(words.VENUES) if kind == K.THEATER else "",
            platforms=platforms,
            synopsis=self._synopsis(kind, rng, studio, platforms, synopsis_bits),
            website=f"https://{slugify(title)}.example/" if rng.random() < 0.4 else "",
            imdb_id=f"tt{rng.randint(1_000_000, 39_999_999):07d}"
            if screen and rng.random() < 0.6
            else "",
            tmdb_id=rng.randint(10_000, 1_300_000)
            if screen and rng.random() < 0.5
            else None,
            igdb_id=rng.randint(1_000, 300_000)
            if kind == K.VIDEO_GAME and rng.random() < 0.6
            else None,
            tags=rng.sample(words.GENRE_TAGS[kind], rng.randint(1, 2)),
            locale=rng.choice(words.FAKER_LOCALES),
        )

    def _title(self, kind: str, rng: random.Random) -> tuple[str, dict[str, str]]:
        if kind == K.FILM:
            values = {
                "adjective": rng.choice(words.FILM_ADJECTIVES),
                "noun": rng.choice(words.FILM_NOUNS),
                "place": rng.choice(words.PLACE_NAMES),
            }
            return rng.choice(words.FILM_TEMPLATES).format(**values), {}
        if kind == K.TV_SERIES:
            surname, surname2 = rng.sample(words.TV_SURNAMES, 2)
            values = {
                "place": rng.choice(words.PLACE_NAMES),
                "noun": rng.choice(words.FILM_NOUNS),
                "adjective": rng.choice(words.FILM_ADJECTIVES),
                "surname": surname,
                "surname2": surname2,
                "number": str(rng.randint(3, 99)),
            }
            return rng.choice(words.TV_TEMPLATES).format(**values), {}
        if kind == K.THEATER:
            noun, noun2 = rng.sample(words.THEATER_NOUNS, 2)
            values = {
                "a_season": _with_article(rng.choice(words.THEATER_SEASONS)),
                "noun": noun,
                "noun2": noun2,
                "adjective": rng.choice(words.FILM_ADJECTIVES),
                "name": rng.choice(words.THEATER_NAMES),
                "place": rng.choice(words.PLACE_NAMES),
            }
            template = rng.choice(words.THEATER_TEMPLATES)
            return template.format(**values), {"musical": "Musical" in template}
        if kind == K.VIDEO_GAME:
            values = {
                "adjective": rng.choice(words.GAME_ADJECTIVES),
                "noun": rng.choice(words.GAME_NOUNS),
                "subtitle": rng.choice(words.GAME_SUBTITLES),
            }
            return rng.choice(words.GAME_TEMPLATES).format(**values), {}
        song = f"{rng.choice(words.SONG_ADJECTIVES)} {rng.choice(words.SONG_NOUNS)}"
        if rng.random() < 0.7:
            artist = f"{rng.choice(words.ARTIST_FIRST)} {rng.choice(words.ARTIST_LAST)}"
        else:
            artist = f"The {rng.choice(words.BAND_NOUNS)}"
        return f"{song} — {artist}", {"song": song, "artist": artist}

    def _synopsis(
        self, kind: str, rng: random.Random, studio: str, platforms: str, bits: dict
    ) -> str:
        who = rng.choice(words.PROTAGONISTS)
        what = rng.choice(words.PREDICAMENTS)
        where = rng.choice(words.SETTINGS)
        if kind == K.FILM:
            return f"{who[0].upper()}{who[1:]} {what} in {where}."
        if kind == K.TV_SERIES:
            return (
                f"{who[0].upper()}{who[1:]} {what} in {where}. "
                f"{_with_article(rng.choice(('six', 'eight', 'ten')))}-part series for "
                f"{studio}."
            )
        if kind == K.THEATER:
            form = (
                "A new musical"
                if bits.get("musical")
                else rng.choice(("A new play", "A revival", "A new play"))
            )
            return f"{form} in which {who} {what}. Set in {where}."
        if kind == K.VIDEO_GAME:
            genre = rng.choice(words.GAME_GENRES)
            return (
                f"{_with_article(genre)} game about {rng.choice(words.GAME_PREMISES)}. "
                f"Developed by {studio} for {platforms}."
            )
        return (
            f"The video for {bits['artist']}'s single “{bits['song']}”, "
            f"{rng.choice(words.MUSIC_VIDEO_CONCEPTS)}."
        )

    def _dates(
        self, kind: str, status: str, rng: random.Random
    ) -> tuple[datetime.date | None, datetime.date, datetime.date | None]:
        """(release date, the date post dates hang from, the end of a stage run)."""
        if status == S.RELEASED:
            release = CATALOGUE_DATE - rng.randint(30, 3650) * DAY
            return release, release, None
        if status == S.CLOSED:
            run = rng.randint(28, 180)
            opening = CATALOGUE_DATE - rng.randint(run + 14, 3000) * DAY
            return opening, opening, opening + run * DAY
        if status == S.RUNNING:
            opening = CATALOGUE_DATE - rng.randint(7, 240) * DAY
            return opening, opening, CATALOGUE_DATE - DAY
        if status == S.CANCELLED:
            return None, CATALOGUE_DATE - rng.randint(300, 1500) * DAY, None
        # Still in the making: today falls within the current phase's window.
        low, high = PHASE_WINDOWS[kind][CURRENT_PHASE[status]]
        planned = CATALOGUE_DATE - rng.randint(low, high) * DAY
        if status == S.ANNOUNCED and rng.random() < 0.5:
            return None, planned, None
        return planned, planned, None

    # Credits ------------------------------------------------------------------
    def plan_credits(self, production: ProductionPlan) -> list[CreditPlan]:
        rng = self.rng("credits", production.index)
        kind = production.kind
        roles = self.roles_by_kind[kind]
        pool = self._pool(production.block)
        crew_people = [
            p for craft, people in pool.items() if craft != "cast" for p in people
        ]
        used: set[int] = set()
        credits: list[CreditPlan] = []

        lead_role = next(
            (role for slug in LEAD_ROLES[kind] for role in roles if role.slug == slug),
            None,
        ) or next((role for role in roles if role.department.slug == "directing"), None)
        if lead_role is not None:
            candidates = pool.get(lead_role.department.slug) or crew_people
            if candidates:
                lead = rng.choice(candidates)
                used.add(lead)
                credits.append(CreditPlan(lead, lead_role, "", 1, True))

        credits += self._plan_cast(production, rng, pool.get("cast", []), used)

        by_department: dict[str, list[Role]] = defaultdict(list)
        for role in roles:
            if role.department.slug != "cast" and role != lead_role:
                by_department[role.department.slug].append(role)
        departments = [d for d in by_department if pool.get(d)]
        rng.shuffle(departments)
        priority = [d for d in PRIORITY_DEPARTMENTS[kind] if d in departments]
        order = priority + [d for d in departments if d not in priority]
        wanted = max(rng.randint(6, 15), rng.randint(6, 15))  # most crews are big
        if demo_depth.is_showcase_series(production):
            # Its episodes' directors and writers are part of the crew too.
            wanted = min(wanted, MAX_CREW - demo_depth.EPISODE_CREW_COUNT)
        verified_share = 0.8 if production.status in {S.RELEASED, S.CLOSED} else 0.45
        crew: list[CreditPlan] = []
        taken_roles: set[int] = set()
        for pass_number in range(3):
            for department in order:
                if len(crew) >= wanted:
                    break
                free_roles = [
                    r for r in by_department[department] if r.pk not in taken_roles
                ]
                free_people = [p for p in pool[department] if p not in used]
                if not free_roles or not free_people:
                    continue
                # The first pass hires heads of department (listed first per craft).
                head_first = pass_number == 0 and rng.random() < 0.7
                role = free_roles[0] if head_first else rng.choice(free_roles)
                person = rng.choice(free_people)
                used.add(person)
                taken_roles.add(role.pk)
                crew.append(
                    CreditPlan(
                        person,
                        role,
                        "",
                        100 + len(crew),
                        rng.random() < verified_share,
                    )
                )
        return credits + crew

    def _plan_cast(
        self,
        production: ProductionPlan,
        rng: random.Random,
        actors: list[int],
        used: set[int],
    ) -> list[CreditPlan]:
        kind = production.kind
        available = {role.slug: role for role in self.roles_by_kind[kind]}
        weighted = [
            (available[slug], w) for slug, w in CAST_ROLES[kind] if slug in available
        ]
        if not weighted:
            weighted = [
                (role, 1)
                for role in self.roles_by_kind[kind]
                if role.department.slug == "cast"
            ]
        free = [person for person in actors if person not in used]
        if not weighted or not free:
            return []
        faker = self.fakers[production.locale]
        faker.seed_instance(f"{self.seed}:cast:{production.index}")
        count = min(rng.randint(*CAST_SIZE[kind]), len(free))
        people = rng.sample(free, count)
        cast: list[CreditPlan] = []
        characters: list[str] = []
        for position, person in enumerate(people):
            if position == 0:
                role = weighted[0][0]  # a lead: actor, or voice actor in games
            else:
                role = rng.choices([r for r, _ in weighted], [w for _, w in weighted])[
                    0
                ]
            character = ""
            if role.slug in CHARACTER_ROLES:
                character = self._character(kind, rng, faker, characters)
                characters.append(character)
            elif role.slug == "understudy" and characters:
                character = rng.choice(characters)
            used.add(person)
            cast.append(
                CreditPlan(person, role, character, 10 + position, rng.random() < 0.7)
            )
        return cast

    def _character(
        self, kind: str, rng: random.Random, faker: Faker, taken: list[str]
    ) -> str:
        for _ in range(5):
            if kind == K.VIDEO_GAME:
                name = rng.choice(words.GAME_CHARACTERS)
            elif kind == K.MUSIC_VIDEO or rng.random() < 0.1:
                name = rng.choice(words.ARCHETYPES)
            elif rng.random() < 0.25:
                name = f"{rng.choice(words.CHARACTER_TITLES)} {faker.last_name()}"
            else:
                name = f"{faker.first_name()} {faker.last_name()}"
            if name not in taken:
                return name
        return f"{name} ({len(taken) + 1})"

    # Posts --------------------------------------------------------------------
    def plan_posts(
        self, production: ProductionPlan, credits: list[CreditPlan]
    ) -> list[PostPlan]:
        rng = self.rng("posts", production.index)
        kind, status = production.kind, production.status
        sequence = THEATER_PHASES if kind == K.THEATER else SCREEN_PHASES
        if status in {S.RELEASED, S.RUNNING, S.CLOSED}:
            phases = list(sequence)
        elif status == S.CANCELLED:
            phases = list(sequence[:2])
        else:
            phases = list(sequence[: sequence.index(CURRENT_PHASE[status]) + 1])
        count = rng.randint(*POSTS_PER_STATUS[status])
        chosen = rng.sample(phases, min(count, len(phases)))
        chosen += [rng.choice(phases) for _ in range(count - len(chosen))]
        chosen.sort(key=sequence.index)
        crew = [credit for credit in credits if credit.department != "cast"]
        cast = [credit for credit in credits if credit.department == "cast"]
        if not crew:
            return []
        plans = [
            self._plan_post(production, phase, crew, cast, rng) for phase in chosen
        ]
        plans.sort(key=lambda plan: (sequence.index(plan.phase), plan.happened_on))
        for number, plan in enumerate(p for p in plans if p.kind == PK.DEV_DIARY):
            plan.context["number"] = str(number + 1)
        published = [plan for plan in plans if plan.status == PostStatus.PUBLISHED]
        # The newest published post of each block's first five productions leads
        # the home page, with a few more at random.
        if published and production.slot == 0:
            published[-1].is_featured = True
        for plan in published:
            if rng.random() < 0.04:
                plan.is_featured = True
        for plan in plans:
            self._write_text(plan, rng)
        return plans

    def _plan_post(
        self,
        production: ProductionPlan,
        phase: str,
        crew: list[CreditPlan],
        cast: list[CreditPlan],
        rng: random.Random,
    ) -> PostPlan:
        kind = production.kind
        candidates = [
            k for k in POST_KINDS_IN_PHASE[phase] if k in POST_KINDS_FOR[kind]
        ]
        post_kind = self.post_kinds.pick(rng, candidates)
        focus = self._focus(post_kind, crew, rng)
        featured = [focus.person]
        if post_kind in POSTS_WITH_CAST and cast:
            extra = rng.sample(cast, min(len(cast), rng.randint(0, 2)))
            featured += [c.person for c in extra if c.person not in featured]
        primary = PRIMARY_CRAFT.get(post_kind)
        if post_kind == PK.REHEARSAL and kind == K.THEATER:
            primary = "stage-management"
        crafts = [primary] if primary else []
        if focus.department not in crafts:
            crafts.append(focus.department)
        relevant = [c for c in crew if c.department in POST_CRAFTS[post_kind]]
        if relevant and rng.random() < 0.5:
            other = rng.choice(relevant)
            if other.department not in crafts:
                crafts.append(other.department)
            if other.person not in featured:
                featured.append(other.person)

        provenance = self.provenances.pick(
            rng, list(PROVENANCE_WEIGHTS), list(PROVENANCE_WEIGHTS.values())
        )
        platform = self.platforms.pick(rng, PLATFORMS_FOR[provenance])
        status = self.statuses.pick(
            rng, list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        )
        happened_on = self._happened_on(production, phase, rng)
        published_at = None
        if status == PostStatus.PUBLISHED:
            day = min(happened_on + rng.randint(0, 10) * DAY, CATALOGUE_DATE)
            at = datetime.time(rng.randint(8, 20), rng.choice((0, 15, 30, 45)))
            published_at = min(
                datetime.datetime.combine(day, at, tzinfo=datetime.UTC), timezone.now()
            )
        person = self.people[focus.person]
        medium = words.MEDIUM[kind]
        characters = [c.character for c in cast if c.character]
        context = {
            "title": production.title,
            "studio": production.studio,
            "person": person.name,
            "role_lower": _lower_role(focus.role.name),
            "character": rng.choice(characters) if characters else "the lead",
            "place": rng.choice(words.POST_PLACES),
            "stage": rng.choice(words.POST_STAGES[medium]),
            "set_piece": rng.choice(words.SET_PIECES),
            "work": rng.choice(words.WORK[medium]),
            "topic": rng.choice(words.DEV_TOPICS),
            "quote": rng.choice(
                _for_medium(words.QUOTES, words.QUOTES_FOR_MEDIUM, medium, phase)
            ),
            "medium": medium,
            "number": "1",
        }
        tags = rng.sample(words.POST_TAGS[post_kind], rng.randint(1, 2))
        tags.append(
            rng.choice(
                _for_medium(
                    words.PHASE_TAGS, words.PHASE_TAGS_FOR_MEDIUM, medium, phase
                )
            )
        )
        if rng.random() < 0.5:
            tags.append(production.tags[0])
        return PostPlan(
            production=production,
            slug="",
            title="",
            body="",
            kind=post_kind,
            phase=phase,
            happened_on=happened_on,
            source_platform=platform,
            source_url="",
            provenance=provenance,
            status=status,
            published_at=published_at,
            is_featured=False,
            moderation_note=rng.choice(words.MODERATION_NOTES)
            if status == PostStatus.REJECTED
            else "",
            featured_people=featured,
            crafts=crafts,
            tags=list(dict.fromkeys(tags)),
            focus=focus,
            context=context,
        )

    def _focus(
        self, post_kind: str, crew: list[CreditPlan], rng: random.Random
    ) -> CreditPlan:
        for department in POST_CRAFTS[post_kind]:
            matching = [credit for credit in crew if credit.department == department]
            if matching:
                return rng.choice(matching)
        return rng.choice(crew)

    def _happened_on(
        self, production: ProductionPlan, phase: str, rng: random.Random
    ) -> datetime.date:
        if phase == PH.LIVE_RUN:
            start, end = production.anchor, production.run_end or production.anchor
        else:
            low, high = PHASE_WINDOWS[production.kind][phase]
            start, end = production.anchor + low * DAY, production.anchor + high * DAY
        end = min(end, CATALOGUE_DATE - DAY)
        start = min(start, end)
        return start + rng.randint(0, (end - start).days) * DAY

    def _write_text(self, plan: PostPlan, rng: random.Random) -> None:
        context = plan.context
        medium = words.MEDIUM[plan.production.kind]
        titles = _for_medium(
            words.POST_TITLES, words.POST_TITLES_FOR_MEDIUM, medium, plan.kind
        )
        plan.title = rng.choice(titles).format(**context)[:200]
        base = slugify(plan.title)[:200].strip("-") or "post"
        plan.slug = _unique(base, self._post_slugs)
        paragraphs = _for_medium(
            words.POST_PARAGRAPHS, words.POST_PARAGRAPHS_FOR_MEDIUM, medium, plan.kind
        )
        count = rng.randint(1, min(3, len(paragraphs)))
        picked = sorted(rng.sample(range(len(paragraphs)), count))
        plan.body = "\n\n".join(paragraphs[i].format(**context) for i in picked)
        plan.source_url = self._source_url(plan, rng)

    def _source_url(self, plan: PostPlan, rng: random.Random) -> str:
        platform = plan.source_platform
        production = plan.production
        if platform == SP.ORIGINAL:
            return ""
        if plan.provenance == Provenance.FIRST_HAND:
            person = self.people[plan.focus.person]
            handle = _handle(person.instagram_handle or person.slug, 15)
        elif plan.provenance == Provenance.FAN:
            handle = _handle(production.title, 10) + f"_{rng.choice(FAN_SUFFIXES)}"
        else:
            handle = _handle(production.title, 15)
        long_id = rng.randrange(10**18, 10**19)
        if platform == SP.INSTAGRAM:
            return f"https://www.instagram.com/p/{_code(rng, 11)}/"
        if platform == SP.TIKTOK:
            return f"https://www.tiktok.com/@{handle}/video/{long_id}"
        if platform == SP.X:
            return f"https://x.com/{handle}/status/{long_id}"
        if platform == SP.YOUTUBE:
            return f"https://www.youtube.com/watch?v={_code(rng, 11)}"
        if platform == SP.VIMEO:
            return f"https://vimeo.com/{rng.randrange(10**8, 10**9)}"
        if platform == SP.FACEBOOK:
            return f"https://www.facebook.com/{handle}/videos/{long_id // 10**4}/"
        if plan.provenance == Provenance.PRESS:
            return f"https://www.{rng.choice(words.OUTLETS)}/features/{plan.slug}/"
        return f"https://{slugify(production.title)}.example/news/{plan.slug}/"

    # Videos -------------------------------------------------------------------
    def plan_videos(self, posts: Sequence[PostPlan], count: int) -> list[VideoPlan]:
        """Which published posts of ``posts`` get the demo's ``count`` videos, each
        the best fit left for its reel (REELS, in turn), and what they show."""
        published = [post for post in posts if post.status == PostStatus.PUBLISHED]
        left = list(published)
        plans = []
        for number in range(min(count, len(published))):
            reel = REELS[number % len(REELS)]
            post = min(left, key=reel.fit)
            left.remove(post)
            plans.append(self._plan_video(reel, post))
        return plans

    # Set pieces -----------------------------------------------------------------
    def plan_showcase(self, posts: Sequence[PostPlan], *, taken: set[str]) -> Showcase:
        """Which published posts of ``posts`` (none of ``taken``) show the 360°
        photo, an immersive post, and the before/after pair, a VFX breakdown: of
        the production kinds they suit best, a featured post first."""

        def best(kind: str, production_kinds: Sequence[str]) -> PostPlan | None:
            fitting = [
                post
                for post in posts
                if post.kind == kind
                and post.status == PostStatus.PUBLISHED
                and post.production.kind in production_kinds
                and post.slug not in taken
            ]
            return min(
                fitting,
                key=lambda post: (
                    production_kinds.index(post.production.kind),
                    not post.is_featured,
                ),
                default=None,
            )

        return Showcase(
            panorama=best(PK.IMMERSIVE, PANORAMA_KINDS),
            breakdown=best(PK.VFX_BREAKDOWN, BREAKDOWN_KINDS),
        )

    def _plan_video(self, reel: Reel, post: PostPlan) -> VideoPlan:
        rng = self.rng("video", post.slug)
        person = self.people[post.focus.person]
        day = post.happened_on
        context = {**post.context, "date": f"{day.day} {day:%B %Y}"}
        plan = VideoPlan(
            reel=reel,
            post=post,
            caption=words.VIDEO_CAPTIONS[reel.name].format(**context),
        )
        if reel.embed:
            plan.embed_url = self._embed_url(reel, post, rng)
        elif reel.name == "phone":
            plan.handle = _handle(person.instagram_handle or person.slug, 15)
            plan.overlay = rng.choice(words.PHONE_OVERLAYS).format(**context)
        else:
            plan.speaker = person.name
            plan.credit = f"{post.focus.role.name} · {post.production.title}"
        return plan

    def _embed_url(self, reel: Reel, post: PostPlan, rng: random.Random) -> str:
        """The post's own source link when it is on the reel's platform, else a
        link of the same shape."""
        if post.source_platform in reel.platforms and embed_for(post.source_url):
            return post.source_url
        if reel.name == "youtube":
            return f"https://www.youtube.com/watch?v={_code(rng, 11)}"
        handle = _handle(post.production.title, 15)
        return f"https://www.tiktok.com/@{handle}/video/{rng.randrange(10**18, 10**19)}"


# --- Writing -----------------------------------------------------------------------
def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _cue_time(seconds: float, separator: str) -> str:
    """00:00:01.500 (WebVTT, separator ".") or 00:00:01,500 (SRT, ",")."""
    ms = round(seconds * 1000)
    clock = f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}"
    return f"{clock}{separator}{ms % 1000:03d}"


def _webvtt(cues: Sequence[tuple], speaker: str) -> str:
    """The cues' first text as WebVTT, spoken by ``speaker``."""
    blocks = [
        f"{_cue_time(start, '.')} --> {_cue_time(end, '.')}\n<v {speaker}>{text}"
        for start, end, text, _ in cues
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _srt(cues: Sequence[tuple]) -> str:
    """The cues' second text as SubRip, numbered from 1."""
    return "".join(
        f"{number}\n{_cue_time(start, ',')} --> {_cue_time(end, ',')}\n{text}\n\n"
        for number, (start, end, _, text) in enumerate(cues, start=1)
    )


class DemoSeeder:
    """Writes the planned catalogue with bulk inserts, skipping rows already there."""

    def __init__(self, *, seed: int, size: int, images: int, videos: int, log) -> None:
        self.seed = seed
        self.size = size
        self.images = images
        self.videos = videos
        self.log = log
        self.lookup_chunk = connection.features.max_query_params or 5000
        self.lookup_chunk = min(self.lookup_chunk - 10, 5000)
        self.stored_files: list[str] = []
        self.video_ids: list[int] = []  # the video files this run added
        self.showcase_paths: dict[str, str] = {}  # set piece → its post's page
        self._tag_ids: dict[str, int] = {}
        self._credit_rows: list[Credit] = []
        self._post_plans: list[PostPlan] = []

    def run(self) -> None:
        try:
            self._run()
        except BaseException:
            for name in self.stored_files:
                default_storage.delete(name)
            raise

    def _run(self) -> None:
        departments = {d.slug: d.pk for d in Department.objects.all()}
        roles_by_kind = {
            kind: list(
                Role.objects.for_kind(kind).select_related("department").order_by("pk")
            )
            for kind in KINDS
        }
        if not departments or not all(roles_by_kind.values()):
            raise CommandError(
                "The departments and roles are missing; run `manage.py migrate` first."
            )
        self.department_ids = departments
        planner = DemoPlanner(
            seed=self.seed, size=self.size, roles_by_kind=roles_by_kind
        )

        people = planner.plan_people()
        self.person_ids, _ = self._create_missing(
            Person,
            [
                Person(
                    name=p.name,
                    slug=p.slug,
                    bio=p.bio,
                    imdb_id=p.imdb_id,
                    instagram_handle=p.instagram_handle,
                )
                for p in people
            ],
        )
        self.person_slugs = [p.slug for p in people]
        self.log(f"People planned: {len(people)}")

        productions = planner.plan_productions()
        self.production_ids, new_productions = self._create_missing(
            Production, [self._production_row(p) for p in productions]
        )
        self._tag(
            Production,
            [
                (self.production_ids[p.slug], p.tags)
                for p in productions
                if p.slug in new_productions
            ],
        )
        self._add_releases(
            [p for p in productions if p.slug in new_productions and p.platforms]
        )
        self.log(
            f"Productions planned: {len(productions)} ({len(new_productions)} new)"
        )

        # Videos go to posts of the first block (the same whatever the size);
        # images to featured posts first, then other published ones, then the
        # rest, leaving out the posts that show a video.
        first_block: list[PostPlan] = []
        featured: list[PostPlan] = []
        published: list[PostPlan] = []
        unpublished: list[PostPlan] = []
        block_credits: dict[str, list[CreditPlan]] = {}
        block_posts: dict[str, list[PostPlan]] = {}
        for production in productions:
            credits = planner.plan_credits(production)
            posts = planner.plan_posts(production, credits)
            if production.slug in new_productions:
                self._queue(production, credits, posts)
            if production.block == 0:
                first_block += posts
                block_credits[production.slug] = credits
                block_posts[production.slug] = posts
            for post in posts:
                if post.is_featured:
                    queue = featured
                elif post.status == PostStatus.PUBLISHED:
                    queue = published
                else:
                    queue = unpublished
                # Room for the posts left out for their videos and set pieces.
                if len(queue) < self.images + self.videos + SHOWCASE_POSTS:
                    queue.append(post)
        self._flush()
        demo_depth.DepthSeeder(
            productions=productions,
            people=people[:PEOPLE_PER_SIZE],
            credits=block_credits,
            posts=block_posts,
            production_id=self.production_ids.__getitem__,
            person_id=self._person_id,
            rng=planner.rng,
        ).run()
        self.log("Seasons, tour, versions, titles and aliases added")
        videos = planner.plan_videos(first_block, self.videos)
        with_video = {video.post.slug for video in videos}
        # The set pieces come with the images (none with --images 0).
        showcase = planner.plan_showcase(first_block, taken=with_video)
        shown = with_video | {post.slug for post in showcase.posts}
        illustrated = [
            post
            for post in featured + published + unpublished
            if post.slug not in shown
        ]
        self._add_media(illustrated[: self.images], planner)
        if self.images:
            self._add_showcase(showcase, planner)
        self._add_posters(productions[: len(KINDS)])
        self._add_videos(videos, planner)

    # Rows ---------------------------------------------------------------------
    def _ids_by_slug(
        self, model: type[models.Model], slugs: Sequence[str]
    ) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(slugs), self.lookup_chunk):
            found.update(model.objects.filter(slug__in=chunk).values_list("slug", "pk"))
        return found

    def _create_missing(
        self, model: type[models.Model], rows: list[models.Model]
    ) -> tuple[dict[str, int], set[str]]:
        """Insert rows whose slug is free; return every slug's id and the new slugs."""
        existing = self._ids_by_slug(model, [row.slug for row in rows])
        new_rows = [row for row in rows if row.slug not in existing]
        model.objects.bulk_create(
            new_rows, batch_size=BATCH_SIZE, ignore_conflicts=True
        )
        new_ids = self._ids_by_slug(model, [row.slug for row in new_rows])
        return {**existing, **new_ids}, set(new_ids)

    def _production_row(self, plan: ProductionPlan) -> Production:
        return Production(
            title=plan.title,
            slug=plan.slug,
            kind=plan.kind,
            status=plan.status,
            synopsis=plan.synopsis,
            release_date=plan.release_date,
            studio=plan.studio,
            venue=plan.venue,
            website=plan.website,
            imdb_id=plan.imdb_id,
            tmdb_id=plan.tmdb_id,
            igdb_id=plan.igdb_id,
        )

    def _add_releases(self, games: list[ProductionPlan]) -> None:
        """Each new game's 1.0, on the platforms its plan names."""
        versions = GameVersion.objects.bulk_create(
            [
                GameVersion(
                    production_id=self.production_ids[game.slug],
                    name="1.0",
                    kind=VersionKind.RELEASE,
                    release_date=game.release_date,
                )
                for game in games
            ],
            batch_size=BATCH_SIZE,
        )
        named = functools.cache(lambda text: platforms_from_names(text)[0])
        on = GameVersion.platforms.through
        on.objects.bulk_create(
            [
                on(gameversion_id=version.pk, platform_id=platform.pk)
                for game, version in zip(games, versions, strict=True)
                for platform in named(game.platforms)
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )

    def _queue(
        self,
        production: ProductionPlan,
        credits: list[CreditPlan],
        posts: list[PostPlan],
    ) -> None:
        production_id = self.production_ids[production.slug]
        self._credit_rows += [
            Credit(
                production_id=production_id,
                person_id=self.person_ids[self.person_slugs[credit.person]],
                role_id=credit.role.pk,
                character=credit.character,
                billing_order=credit.billing_order,
                is_verified=credit.is_verified,
            )
            for credit in credits
        ]
        self._post_plans += posts
        if (
            len(self._credit_rows) >= BATCH_SIZE * 2
            or len(self._post_plans) >= BATCH_SIZE
        ):
            self._flush()

    def _flush(self) -> None:
        Credit.objects.bulk_create(
            self._credit_rows, batch_size=BATCH_SIZE, ignore_conflicts=True
        )
        self._credit_rows = []
        plans, self._post_plans = self._post_plans, []
        if not plans:
            return
        post_ids, new = self._create_missing(Post, [self._post_row(p) for p in plans])
        plans = [plan for plan in plans if plan.slug in new]
        featuring = Post.featured_people.through
        featuring.objects.bulk_create(
            [
                featuring(
                    post_id=post_ids[plan.slug],
                    person_id=self.person_ids[self.person_slugs[person]],
                )
                for plan in plans
                for person in plan.featured_people
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        showing = Post.crafts.through
        showing.objects.bulk_create(
            [
                showing(
                    post_id=post_ids[plan.slug],
                    department_id=self.department_ids[craft],
                )
                for plan in plans
                for craft in plan.crafts
                if craft in self.department_ids
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        self._tag(Post, [(post_ids[plan.slug], plan.tags) for plan in plans])
        # Bulk writes send no signals: the posts' production, tag and people names.
        refresh_post_search_text(post_ids.values())

    def _post_row(self, plan: PostPlan) -> Post:
        # bulk_create skips Post.save(), which is where body_html is rendered.
        return Post(
            production_id=self.production_ids[plan.production.slug],
            title=plan.title,
            slug=plan.slug,
            body=plan.body,
            body_html=render_markdown(plan.body),
            kind=plan.kind,
            phase=plan.phase,
            happened_on=plan.happened_on,
            source_platform=plan.source_platform,
            source_url=plan.source_url,
            provenance=plan.provenance,
            status=plan.status,
            published_at=plan.published_at,
            is_featured=plan.is_featured,
            moderation_note=plan.moderation_note,
        )

    def _tag(
        self, model: type[models.Model], tagged: list[tuple[int, list[str]]]
    ) -> None:
        names = list(dict.fromkeys(name for _, names in tagged for name in names))
        missing = [name for name in names if name not in self._tag_ids]
        if missing:
            slugs = {name: slugify(name, allow_unicode=True) for name in missing}
            Tag.objects.bulk_create(
                [Tag(name=name, slug=slug) for name, slug in slugs.items()],
                ignore_conflicts=True,
            )
            by_slug = self._ids_by_slug(Tag, list(slugs.values()))
            self._tag_ids.update({name: by_slug[slug] for name, slug in slugs.items()})
        content_type = ContentType.objects.get_for_model(model)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(
                    content_type=content_type,
                    object_id=object_id,
                    tag_id=self._tag_ids[name],
                )
                for object_id, names in tagged
                for name in names
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )

    # Files --------------------------------------------------------------------
    def _add_media(self, plans: list[PostPlan], planner: DemoPlanner) -> None:
        """Give each chosen post 1–3 pool images, unless it already has media."""
        if not plans:
            return
        posts = self._our_posts(plans, media_count=Count("media"))
        todo = [
            (posts[plan.slug], plan)
            for plan in plans
            if plan.slug in posts and posts[plan.slug].media_count == 0
        ]
        if not todo:
            return
        pool = self._image_pool()
        people = Person.objects.in_bulk(
            [self.person_ids[self.person_slugs[plan.focus.person]] for _, plan in todo]
        )
        # The same few pictures are stored many times: render each of them once.
        renditions = {image.sha256: make_renditions(image) for image in pool}
        for post, plan in todo:
            rng = planner.rng("media", plan.slug)
            count = rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
            medium = words.MEDIUM[plan.production.kind]
            alt_text = _for_medium(
                words.ALT_TEXTS, words.ALT_TEXTS_FOR_MEDIUM, medium, plan.kind
            )
            alt_text = alt_text.format(**plan.context)
            day = plan.happened_on
            caption = f"{plan.context['stage'].capitalize()}, {day.day} {day:%B %Y}."
            credited = people.get(self.person_ids[self.person_slugs[plan.focus.person]])
            for position, index in enumerate(rng.sample(range(POOL_SIZE), count)):
                media_asset_add(
                    post=post,
                    actor=None,
                    upload=_taken_on(pool[index], plan.happened_on),
                    alt_text=f"{ALT_PREFIXES[position]}{alt_text}",
                    caption=caption,
                    credited_to=credited,
                    position=position,
                    renditions=renditions[pool[index].sha256],
                )
        self.log(f"Images added to {len(todo)} posts")

    def _image_pool(self) -> list[CleanImage]:
        pool = []
        for index in range(POOL_SIZE):
            exif = None
            if index in POOL_CAMERAS:
                camera, at, zone, where = POOL_CAMERAS[index]
                taken_at = datetime.datetime.combine(POOL_DAY, at, tzinfo=zone)
                exif = demo_images.camera_exif(camera, taken_at=taken_at, gps=where)
            data = demo_images.still_jpeg(
                random.Random(f"{self.seed}:still:{index}"),
                number=index + 1,
                caption=words.POOL_CAPTIONS[index % len(words.POOL_CAPTIONS)],
                exif=exif,
            )
            pool.append(
                intake_image(ContentFile(data, name=f"demo-still-{index + 1:02d}.jpg"))
            )
        return pool

    def _add_showcase(self, showcase: Showcase, planner: DemoPlanner) -> None:
        """The 360° set photo and the before/after pair, each on its post unless
        the post shows it already."""
        if not showcase.posts:
            return
        panorama = Q(media__projection=Projection.EQUIRECTANGULAR)
        posts = self._our_posts(
            showcase.posts,
            panoramas=Count("media", filter=panorama),
            pairs=Count("media", filter=Q(media__after_of__isnull=False)),
        )
        plan = showcase.panorama
        if plan and plan.slug in posts:
            if not posts[plan.slug].panoramas:
                self._add_panorama(posts[plan.slug], plan, planner)
            self.showcase_paths["360° set photo"] = posts[plan.slug].get_absolute_url()
        plan = showcase.breakdown
        if plan and plan.slug in posts:
            if not posts[plan.slug].pairs:
                self._add_before_after(posts[plan.slug], plan, planner)
            self.showcase_paths["Before/after"] = posts[plan.slug].get_absolute_url()

    def _add_panorama(self, post: Post, plan: PostPlan, planner: DemoPlanner) -> None:
        """A 360° photo of the set, taken from centre stage on the post's day."""
        size = demo_panorama.SIZE
        taken_at = datetime.datetime.combine(
            plan.happened_on, datetime.time(18, 40, 5), tzinfo=UTC_PLUS_ONE
        )
        data = demo_panorama.panorama_jpeg(
            planner.rng("panorama", plan.slug),
            xmp=panorama_xmp(*size),
            exif=demo_images.camera_exif(THETA, taken_at=taken_at),
        )
        day = plan.happened_on
        media_asset_add(
            post=post,
            actor=None,
            upload=intake_image(ContentFile(data, name="R0010042.JPG")),
            alt_text=PANORAMA_ALT.format(**plan.context),
            caption=PANORAMA_CAPTION.format(date=f"{day.day} {day:%B %Y}"),
            credited_to=Person.objects.get(pk=self._person_id(plan.focus.person)),
        )

    def _add_before_after(
        self, post: Post, plan: PostPlan, planner: DemoPlanner
    ) -> None:
        """The shot's plate, then the final composite as its "after"."""
        taken_at = datetime.datetime.combine(plan.happened_on, datetime.time(10, 14))
        plate_data, final_data = demo_images.vfx_shot_jpegs(
            planner.rng("vfx-shot", plan.slug),
            plate_exif=demo_images.camera_exif(ALEXA, taken_at=taken_at),
        )
        credited = Person.objects.get(pk=self._person_id(plan.focus.person))
        pictures = []
        for data, name, alt_text, caption in (
            (plate_data, "vfx-042-0030-plate.jpg", PLATE_ALT, PLATE_CAPTION),
            (final_data, "vfx-042-0030-comp.jpg", FINAL_ALT, FINAL_CAPTION),
        ):
            pictures.append(
                media_asset_add(
                    post=post,
                    actor=None,
                    upload=intake_image(ContentFile(data, name=name)),
                    alt_text=alt_text.format(**plan.context),
                    caption=caption,
                    credited_to=credited,
                    focal_point=SHOT_FOCUS,
                )
            )
        plate, final = pictures
        media_asset_update(asset=final, user=None, after_of=plate)

    def _our_posts(self, plans: Sequence[PostPlan], **annotations) -> dict[str, Post]:
        """The rows of these planned posts, by slug, leaving out any post of that
        slug that another production holds."""
        found: dict[str, Post] = {}
        slugs = [plan.slug for plan in plans]
        for chunk in _chunks(slugs, self.lookup_chunk):
            found.update(
                Post.objects.filter(slug__in=chunk)
                .annotate(**annotations)
                .in_bulk(field_name="slug")
            )
        ours = {}
        for plan in plans:
            post = found.get(plan.slug)
            if post and post.production_id == self.production_ids[plan.production.slug]:
                ours[plan.slug] = post
        return ours

    def _add_videos(self, plans: list[VideoPlan], planner: DemoPlanner) -> None:
        """Give each chosen post its video, unless it already shows one."""
        if not plans:
            return
        posts = self._our_posts(
            [plan.post for plan in plans],
            video_count=Count("media", filter=Q(media__kind__in=VIDEO_MEDIA)),
        )
        todo = [
            (posts[plan.post.slug], plan)
            for plan in plans
            if plan.post.slug in posts and posts[plan.post.slug].video_count == 0
        ]
        if not todo:
            return
        people = Person.objects.in_bulk(
            [self._person_id(plan.post.focus.person) for _, plan in todo]
        )
        with tempfile.TemporaryDirectory(prefix="bts-demo-clips-") as workdir:
            for post, plan in todo:
                if plan.reel.embed:
                    media_asset_add(
                        post=post,
                        actor=None,
                        embed_url=plan.embed_url,
                        caption=plan.caption,
                    )
                    continue
                # The phone clip is its filmer's; the featurette, the studio's.
                filmer = people.get(self._person_id(plan.post.focus.person))
                asset = media_asset_add(
                    post=post,
                    actor=None,
                    upload=self._clip(plan, planner, workdir),
                    caption=plan.caption,
                    credited_to=filmer if plan.reel.name == "phone" else None,
                )
                self.video_ids.append(asset.pk)
                if plan.reel.name == "featurette":
                    self._add_captions(asset, speaker=plan.speaker)
        self.log(f"Videos added to {len(todo)} posts")

    def _person_id(self, index: int) -> int:
        return self.person_ids[self.person_slugs[index]]

    def _clip(self, plan: VideoPlan, planner: DemoPlanner, workdir: str) -> CleanVideo:
        """Make the plan's clip in ``workdir`` and take it in as an upload."""
        rng = planner.rng("clip", plan.post.slug)
        number = len(self.video_ids) + 1
        if plan.reel.name == "phone":
            name = f"IMG_{4100 + number:04d}.MOV"
            demo_videos.phone_clip(
                f"{workdir}/{name}",
                rng=rng,
                handle=plan.handle,
                caption=plan.overlay,
                seconds=PHONE_SECONDS,
            )
        else:
            name = f"featurette-excerpt-{number}.mp4"
            demo_videos.featurette_clip(
                f"{workdir}/{name}",
                rng=rng,
                speaker=plan.speaker,
                credit=plan.credit,
                seconds=FEATURETTE_SECONDS,
            )
        with open(f"{workdir}/{name}", "rb") as clip:
            return intake_video(File(clip, name=name))

    def _add_captions(self, asset: MediaAsset, *, speaker: str) -> None:
        """English captions, written as WebVTT, and Finnish ones, as SRT."""
        for language, text, name in (
            ("en", _webvtt(words.FEATURETTE_CUES, speaker), "captions.en.vtt"),
            ("fi", _srt(words.FEATURETTE_CUES), "tekstitys.fi.srt"),
        ):
            caption_add(
                asset=asset,
                user=None,  # the system, as media_asset_add's actor
                captions=clean_captions(ContentFile(text.encode(), name=name)),
                language=language,
            )

    def _add_posters(self, plans: list[ProductionPlan]) -> None:
        """A poster for the first production of each kind, if it has none yet."""
        ids = [self.production_ids[plan.slug] for plan in plans]
        productions = Production.objects.filter(pk__in=ids, poster="").in_bulk()
        for plan in plans:
            production = productions.get(self.production_ids[plan.slug])
            if production is None:
                continue
            year = plan.release_date.year if plan.release_date else "Coming soon"
            data = demo_images.poster_jpeg(
                random.Random(f"{self.seed}:poster:{plan.index}"),
                title=plan.title,
                tagline=f"{plan.studio} · {year}",
            )
            image = intake_image(ContentFile(data, name=f"{plan.slug}-poster.jpg"))
            production.poster.save(
                image.filename, ContentFile(image.content), save=False
            )
            self.stored_files.append(production.poster.name)
            production.save(update_fields=["poster", "updated_at"])


def _taken_on(image: CleanImage, day: datetime.date) -> CleanImage:
    """``image`` as taken on ``day``: the pool's pictures are stored on many posts,
    each dated its post's day at the time of day its camera recorded."""
    taken_at = image.capture.taken_at
    if taken_at is None:
        return image
    capture = replace(
        image.capture, taken_at=datetime.datetime.combine(day, taken_at.timetz())
    )
    return replace(image, capture=capture)


# --- The command -------------------------------------------------------------------
COUNTED = (
    ("People", Person),
    ("Productions", Production),
    ("Credits", Credit),
    ("Posts", Post),
    ("Seasons", Season),
    ("Episodes", Episode),
    ("Venues", Venue),
    ("Runs", Run),
    ("Performances", Performance),
    ("Game versions", GameVersion),
    ("Aliases", PersonAlias),
    ("Other titles", AlternativeTitle),
    ("Featured people", Post.featured_people.through),
    ("Crafts shown", Post.crafts.through),
    ("Media assets", MediaAsset),
    ("Video renditions", VideoRendition),
    ("Captions", Caption),
    ("Tags", Tag),
    ("Tagged items", TaggedItem),
)


def _counts() -> dict[str, int]:
    return {label: model.objects.count() for label, model in COUNTED}


class Command(BaseCommand):
    help = (
        "Seed a demo catalogue: 25 productions, 50 people, ~500 credits and ~100 "
        "posts per --size, with images and a few videos. Safe to run again: "
        "existing rows are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--size",
            type=int,
            default=1,
            help="Scale: 25 productions and 50 people per unit (default 1).",
        )
        parser.add_argument(
            "--images",
            type=int,
            default=None,
            help=f"How many posts get images (default {IMAGES_PER_SIZE} per size, at "
            f"most {MAX_DEFAULT_IMAGES}), besides the 360° set photo and the "
            "before/after pair, which come with any images (none with 0).",
        )
        parser.add_argument(
            "--videos",
            type=int,
            default=DEFAULT_VIDEOS,
            help=f"How many posts get a video (default {DEFAULT_VIDEOS}, whatever "
            "the size: a phone clip, a featurette excerpt with captions, a YouTube "
            "and a TikTok embed, then round again; 0 for none).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1)."
        )

    def handle(
        self,
        *args,
        size: int,
        images: int | None,
        videos: int,
        seed: int,
        **options,
    ) -> None:
        if size < 1:
            raise CommandError(
                f"--size must be a whole number of at least 1, not {size}."
            )
        if images is None:
            images = min(IMAGES_PER_SIZE * size, MAX_DEFAULT_IMAGES)
        if images < 0:
            raise CommandError(f"--images cannot be negative (got {images}).")
        if videos < 0:
            raise CommandError(f"--videos cannot be negative (got {videos}).")
        verbosity = options.get("verbosity", 1)
        started = time.perf_counter()
        before = _counts()
        seeder = DemoSeeder(
            seed=seed,
            size=size,
            images=images,
            videos=videos,
            log=(lambda line: self.stdout.write(line))
            if verbosity >= 2
            else (lambda line: None),
        )
        # New videos are transcoded once this block commits (or queued for the
        # Celery worker when a broker is configured), as uploads are.
        with files_rollback(), transaction.atomic():
            seeder.run()
        bump_content_version()  # bulk inserts send no save signals
        after = _counts()
        elapsed = time.perf_counter() - started
        self._report_videos(seeder.video_ids, verbosity)
        if verbosity < 1:
            return
        self.stdout.write(f"Demo catalogue (size {size}, seed {seed}):")
        for label, total in after.items():
            created = total - before[label]
            self.stdout.write(f"  {label:<16} {created:>8} created {total:>9} in total")
        for label, path in seeder.showcase_paths.items():
            self.stdout.write(f"  {label + ':':<16} {path}")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f}s."))

    def _report_videos(self, ids: list[int], verbosity: int) -> None:
        """Say so when a new video could not be made, or waits for the worker."""
        if not ids:
            return
        videos = MediaAsset.objects.filter(pk__in=ids)
        for error in videos.filter(status=MediaStatus.FAILED).values_list(
            "processing_error", flat=True
        ):
            self.stderr.write(self.style.WARNING(f"A demo video failed: {error}"))
        waiting = videos.filter(status=MediaStatus.PROCESSING).count()
        if waiting and settings.CELERY_BROKER_URL and verbosity >= 1:
            self.stdout.write(
                f"{waiting} demo videos are queued: the Celery worker transcodes them."
            )
