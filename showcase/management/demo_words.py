"""Word lists the ``seed_demo`` command builds its invented catalogue from.

Everything here is made up: titles, companies, venues and outlets are combinations
meant to read like a real catalogue without naming real productions.
"""

# --- Production titles -----------------------------------------------------------
FILM_ADJECTIVES = (
    "Salt", "Quiet", "Burning", "Paper", "Silver", "Hollow", "Northern", "Last",
    "Drowned", "Crooked", "Glass", "Iron", "Velvet", "Distant", "Amber", "Broken",
    "Golden", "Midnight", "Restless", "Sleeping", "Forgotten", "Scarlet", "Patient",
    "Borrowed", "Wild", "Lonely", "Hidden", "Bright", "Empty", "Tender", "Stolen",
    "Copper", "Winter", "Summer", "Faded", "Falling", "Secret", "Lost", "Pale",
    "Long",
)  # fmt: skip
FILM_NOUNS = (
    "Orchard", "Harbour", "Crossing", "Lighthouse", "Meridian", "Parade", "Tide",
    "Garden", "Frontier", "Archive", "Season", "Station", "River", "Horizon",
    "Kingdom", "Ferry", "Signal", "Inheritance", "Border", "Lantern", "Island",
    "Road", "Shore", "Hour", "Cartographer", "Orchestra", "Witness", "Tenant",
    "Passenger", "Mountain", "Promise", "Harvest", "Choir", "Reservoir",
    "Observatory", "Carnival", "Quarry", "Pilgrim", "Vineyard", "Estate",
)  # fmt: skip
FILM_TEMPLATES = (
    "The {adjective} {noun}",
    "The {adjective} {noun}",
    "{adjective} {noun}",
    "The {noun}",
    "After the {noun}",
    "The {noun} at {place}",
    "{place}",
)

PLACE_NAMES = (
    "Ashcombe", "Saltmere", "Kestrel Bay", "Larkhill", "Wrenfield", "Coldharbour",
    "Marrowgate", "Dunmore", "Port Aster", "Hollins Cross", "Bramblewick",
    "St. Verity", "Gallowmere", "Eastwater", "Fennick", "Halloran Point",
    "Oxley Vale", "Caddis Reach", "Tallow Street", "Marlow Heights",
)  # fmt: skip

TV_TEMPLATES = (
    "{place}",
    "{place} Nights",
    "The {noun} Files",
    "{surname} & {surname2}",
    "{adjective} Heights",
    "Station {number}",
    "The {surname}s",
    "{place} General",
    "The {adjective} Hours",
    "Life at {place}",
)
TV_SURNAMES = (
    "Hale", "Okafor", "Brannigan", "Marsh", "Castillo", "Lindqvist", "Doyle",
    "Achebe", "Varga", "Pryce", "Moreau", "Tanaka", "Quill", "Ferreira", "Lowell",
    "Aldana", "Sorensen", "Byrne", "Kaplan", "Ndiaye",
)  # fmt: skip

THEATER_TEMPLATES = (
    "{a_season}'s {noun}",
    "The {noun}'s {noun2}",
    "The {adjective} {noun}",
    "{name} in the {noun}",
    "{noun}s",
    "The {noun} of {place}",
    "Small Hours at {place}",
    "{name}! A New Musical",
)
THEATER_SEASONS = ("Winter", "Summer", "Midsummer", "Spring", "Autumn", "Harvest")
THEATER_NOUNS = (
    "Lantern", "Tale", "Wedding", "Wake", "Ballad", "Garden", "Daughter", "Ferryman",
    "Inheritance", "Storm", "Parlour", "Visitor", "Crown", "Lighthouse", "Masque",
    "Orchard", "Confession", "Seamstress", "Gambler", "Glasshouse", "Rehearsal",
    "Understudy", "Choir", "Lodger", "Carousel",
)  # fmt: skip
THEATER_NAMES = (
    "Nell", "Ophelia Marsh", "Tobias", "Agnes", "Cassius", "Marigold", "Rosalind",
    "Hal", "Constance", "Ezra", "Imelda", "Percy", "Winifred", "Juniper", "Florian",
)  # fmt: skip

GAME_ADJECTIVES = (
    "Hollow", "Neon", "Iron", "Shattered", "Crimson", "Silent", "Endless", "Feral",
    "Ashen", "Sunken", "Starbound", "Arcane", "Lunar", "Phantom", "Rogue", "Emerald",
    "Obsidian", "Tidal", "Clockwork", "Verdant", "Radiant", "Frozen",
)  # fmt: skip
GAME_NOUNS = (
    "Circuit", "Protocol", "Drift", "Relic", "Echo", "Vanguard", "Spire", "Abyss",
    "Signal", "Bastion", "Vector", "Rift", "Hearth", "Frontier", "Colony", "Warden",
    "Nexus", "Cipher", "Orbit", "Dominion", "Lantern", "Garden", "Labyrinth",
    "Engine",
)  # fmt: skip
GAME_SUBTITLES = (
    "Ashes of the Deep", "The Long Night", "Reclamation", "Afterlight",
    "Between Stars", "Low Orbit", "The Sunken Crown", "First Light", "Wildlands",
    "Heartwood", "Zero Hour", "The Glass Sea",
)  # fmt: skip
GAME_TEMPLATES = (
    "{adjective} {noun}",
    "{adjective} {noun}",
    "{noun}fall",
    "{noun}: {subtitle}",
    "{adjective} {noun} II",
    "Beyond the {noun}",
    "{noun} Tactics",
)

SONG_ADJECTIVES = (
    "Neon", "Paper", "Slow", "Glass", "Golden", "Midnight", "Electric", "Velvet",
    "Silver", "Satellite", "Wild", "Lonely", "Sugar", "Static", "Burning", "Summer",
    "Violet", "Cold", "Secret", "Heavy",
)  # fmt: skip
SONG_NOUNS = (
    "Tides", "Moons", "Fire", "Hearts", "Lights", "Drive", "Coast", "Heatwave",
    "Signals", "Rivers", "Ghosts", "Mirrors", "Streets", "Horses", "Machines",
    "Summers", "Skylines", "Flowers", "Wires", "Echoes",
)  # fmt: skip
ARTIST_FIRST = (
    "Aurora", "Juno", "Marlowe", "Milo", "Sasha", "Nova", "Ivy", "Ezra", "Lux",
    "Remy", "Cleo", "Otis", "Sol", "Wren", "Kai", "Lila", "Nico", "Zadie",
)  # fmt: skip
ARTIST_LAST = (
    "Vale", "Hart", "Gray", "Reyes", "Bloom", "Stone", "Lark", "Wilde", "Moreno",
    "Frost", "Lane", "Cross", "Monroe", "Sable",
)  # fmt: skip
BAND_NOUNS = (
    "Satellites", "Paper Kites", "Night Swimmers", "Static", "Lanterns",
    "Heat Signatures", "Low Orbits", "Velvet Ropes", "Glass Animals of Harbour Street",
    "Sunday Drivers", "Radio Gardens", "Small Hours",
)  # fmt: skip

# --- Companies, venues, platforms -------------------------------------------------
STUDIOS = {
    "film": (
        "Northlight Pictures", "Ember Hill Films", "Blue Heron Studios",
        "Saltmarsh Pictures", "Copperline Films", "Fieldstone Entertainment",
        "Lanternfish Pictures", "Meridian Road Films", "Harbourside Pictures",
        "Wildcard Pictures", "Paper Boat Films", "Half Moon Features",
        "Red Kite Films", "Silver Birch Studios",
    ),
    "tv_series": (
        "Channel North", "Meridian TV", "Streamline+", "The Harbour Network",
        "Beacon One", "Kestrel Television", "Prism Streaming", "Lighthouse TV",
        "Compass Network", "Arcadia Channel", "Orbit Plus",
    ),
    "theater": (
        "The Larkspur Company", "Old Quay Theatre Company", "Riverside Players",
        "Tin Lantern Theatre", "Northern Stage Collective", "The Fourth Wall Ensemble",
        "Bellweather Theatre", "Paper Crown Theatre", "Dovecote Players",
        "Mercury Street Company",
    ),
    "video_game": (
        "Hollowpoint Games", "Tidal Forge", "Lantern Interactive", "Brightmoss Studio",
        "Ninefold Games", "Quiet Engine", "Paper Tiger Interactive", "Kilnworks",
        "Starfall Collective", "Blue Ember Games", "Nightjar Studios",
        "Polygon Orchard",
    ),
    "music_video": (
        "Saltwater Records", "Velvet Static Music", "Parlour Records", "Neon Harbour",
        "Golden Hour Recordings", "Low Tide Records", "Kite & Key",
        "Palomino Sound", "Bright Noise Records",
    ),
}  # fmt: skip

VENUES = (
    "The Larkspur Playhouse, Bristol", "Old Quay Theatre, Liverpool",
    "Riverside Studio Theatre, London", "The Tin Lantern, Glasgow",
    "Alder Hall, Manchester", "Crescent Theatre, Dublin",
    "The Glasshouse Stage, Edinburgh", "Ferry Street Theatre, Leeds",
    "The Round at Millbank, Newcastle", "Hollins Park Playhouse, Sheffield",
    "Mercury Street Theatre, New York", "The Cordwainer, Chicago",
    "Harbourfront Stage, Toronto", "Teatro Nuvola, Lisbon",
)  # fmt: skip

GAME_PLATFORMS = (
    "PlayStation 5",
    "Xbox Series X|S",
    "Nintendo Switch",
    "macOS",
    "iOS",
    "Android",
)

# --- Synopses ----------------------------------------------------------------------
PROTAGONISTS = (
    "a retired cartographer", "a young ferry pilot", "a disgraced chef",
    "a night-shift nurse", "a travelling piano tuner", "a lighthouse keeper",
    "a teenage beekeeper", "a widowed orchard owner", "a former stunt rider",
    "a radio operator", "two estranged sisters", "a small-town magistrate",
    "a jazz drummer on parole", "a marine biologist", "a struggling theatre troupe",
    "an immigrant tailor", "a wedding photographer", "a detective near retirement",
)  # fmt: skip
PREDICAMENTS = (
    "has one summer to save the family business",
    "must decide who to trust when a storm cuts the town off",
    "sets out to finish a map their father abandoned",
    "finds a stranger's diary that rewrites local history",
    "is drawn into a feud that has lasted three generations",
    "agrees to one last job before leaving for good",
    "tries to keep a promise made on the night of the flood",
    "discovers the town's favourite son was never who he claimed",
    "is hired to find a missing singer and finds a family instead",
    "races to stage one final show before the building is sold",
)  # fmt: skip
SETTINGS = (
    "a fading seaside town", "1970s Lisbon", "the last winter before the dam",
    "a border town in the high desert", "a tower block awaiting demolition",
    "a vineyard in the year of the fires", "a coastal village in the 1950s",
    "a night market that only opens in the rain", "a remote island observatory",
    "a city under curfew",
)  # fmt: skip
GAME_PREMISES = (
    "a salvager mapping a drowned city one dive at a time",
    "a lighthouse keeper defending the coast from things that come with the fog",
    "a courier crossing a frozen continent with a cargo nobody will name",
    "a crew of thieves planning heists across a clockwork metropolis",
    "a botanist rebuilding a colony's ecosystem after the crash",
    "a knight who wakes in a castle that rearranges itself every night",
    "a detective robot solving crimes nobody else remembers",
    "rival guilds racing to chart a continent that keeps moving",
)  # fmt: skip
GAME_GENRES = (
    "action-adventure", "roguelike", "narrative", "open-world", "tactics",
    "survival", "puzzle", "role-playing", "platformer",
)  # fmt: skip
MUSIC_VIDEO_CONCEPTS = (
    "shot in a single take through an empty shopping centre at dawn",
    "filmed on a night ferry with a cast of forty dancers",
    "built around a practical rain rig and a revolving set",
    "shot on 16mm across three nights in an abandoned lido",
    "staged as a one-shot dance piece in a multi-storey car park",
    "mixing stop-motion miniatures with live performance",
    "filmed in a working roller rink after closing time",
)  # fmt: skip

GENRE_TAGS = {
    "film": ("drama", "thriller", "comedy", "period drama", "science fiction",
             "horror", "romance", "western", "coming of age", "mystery"),
    "tv_series": ("drama", "crime", "comedy", "limited series", "anthology",
                  "fantasy", "science fiction", "medical drama"),
    "theater": ("musical", "new writing", "revival", "comedy", "tragedy",
                "immersive theatre", "family show"),
    "video_game": ("rpg", "action", "puzzle", "platformer", "strategy", "survival",
                   "indie", "open world"),
    "music_video": ("pop", "indie rock", "electronic", "hip-hop", "folk", "r&b",
                    "dance"),
}  # fmt: skip

# --- People ------------------------------------------------------------------------
# Craft department slug → (what they are called, what they are known for).
CRAFT_BIOS = {
    "directing": ("director", ("intimate character drama", "large ensemble casts",
                               "long, unbroken takes")),
    "writing": ("writer", ("sharp dialogue", "adapting novels", "branching stories")),
    "production": ("producer", ("independent features", "co-productions across "
                                "Europe", "first-time directors")),
    "locations": ("location manager", ("difficult coastal shoots", "city-centre "
                                       "night work")),
    "cast": ("actor", ("classical stage work", "comedy", "physical performance",
                       "screen and voice work")),
    "casting": ("casting director", ("finding first-time performers",
                                     "large ensemble casts")),
    "camera": ("cinematographer", ("natural light", "handheld work",
                                   "anamorphic widescreen")),
    "lighting": ("lighting specialist", ("moody night exteriors",
                                         "complex stage rigs")),
    "sound": ("sound specialist", ("location dialogue", "immersive mixes")),
    "production-design": ("production designer", ("period interiors",
                                                  "built environments",
                                                  "miniatures")),
    "set-decoration": ("set decorator", ("lived-in interiors", "period props")),
    "costume": ("costume designer", ("period costume", "hand-dyed textiles",
                                     "quick-change stage costume")),
    "makeup-hair": ("makeup and hair artist", ("prosthetics", "period hair",
                                               "ageing makeup")),
    "visual-effects": ("visual effects artist", ("invisible set extensions",
                                                 "creature work",
                                                 "real-time effects")),
    "special-effects": ("special effects technician", ("rain and wind rigs",
                                                       "practical fire")),
    "editing": ("editor", ("documentary-style cutting", "tense thrillers")),
    "music": ("composer", ("small-ensemble scores", "electronic textures",
                           "choral writing")),
    "stunts": ("stunt performer", ("high falls", "fight design", "precision "
                                   "driving")),
    "choreography": ("choreographer", ("contemporary dance", "movement for "
                                       "camera")),
    "stage-management": ("stage manager", ("new writing", "large-scale musicals")),
    "game-design": ("game designer", ("systemic level design", "combat tuning")),
    "programming": ("programmer", ("rendering", "gameplay systems", "tools")),
    "animation": ("animator", ("character animation", "cinematics")),
    "audio": ("audio designer", ("reactive soundscapes", "voice pipelines")),
    "qa": ("quality assurance tester", ("certification passes",
                                        "localization testing")),
    "marketing-publicity": ("publicist", ("behind-the-scenes films",
                                          "press campaigns")),
}  # fmt: skip

# Per block of 50 people: how many follow each craft (the rest are cast).
CRAFT_ROSTER = (
    ("directing", 3), ("writing", 2), ("production", 2), ("locations", 1),
    ("casting", 1), ("camera", 2), ("lighting", 1), ("sound", 1),
    ("production-design", 2), ("set-decoration", 1), ("costume", 1),
    ("makeup-hair", 1), ("visual-effects", 1), ("special-effects", 1),
    ("editing", 1), ("music", 1), ("stunts", 1), ("choreography", 1),
    ("stage-management", 1), ("game-design", 2), ("programming", 1),
    ("animation", 1), ("audio", 1), ("qa", 1), ("marketing-publicity", 1),
)  # fmt: skip

CITIES = (
    "London", "Glasgow", "Bristol", "Manchester", "Dublin", "Lisbon", "Madrid",
    "Barcelona", "Berlin", "Prague", "Budapest", "Copenhagen", "Stockholm",
    "Montreal", "Toronto", "Vancouver", "New York", "Atlanta", "Los Angeles",
    "Austin", "Mexico City", "São Paulo", "Cape Town", "Lagos", "Mumbai", "Seoul",
    "Sydney", "Wellington",
)  # fmt: skip

FAKER_LOCALES = (
    "en_US", "en_GB", "en_IE", "fr_FR", "es_ES", "it_IT", "de_DE", "pt_BR",
    "nl_NL", "sv_SE", "pl_PL", "da_DK", "fi_FI", "es_MX", "en_IN",
)  # fmt: skip

CHARACTER_TITLES = (
    "Detective", "Captain", "Dr.", "Sister", "Inspector", "Old", "Young", "Aunt",
    "Professor", "Father",
)  # fmt: skip
ARCHETYPES = (
    "The Ferryman", "The Stranger", "The Archivist", "The Driver", "The Girl in the "
    "Red Coat", "The Night Porter", "The Widow", "The Boy on the Pier", "The Singer",
    "The Landlord", "The Twins", "The Messenger",
)  # fmt: skip
GAME_CHARACTERS = (
    "Kestrel", "Warden Ilsa", "Corvo Mast", "Sable", "The Archivist", "Nine",
    "Captain Oru", "Wick", "Mother Brine", "Tamsin Rook", "Echo", "Halden",
    "The Cartographer", "Vesper", "Grim Jonah", "Pell",
)  # fmt: skip

# --- Posts -------------------------------------------------------------------------
POST_TITLES = {
    "photo_set": (
        "Stills from the {place} shoot on {title}",
        "On set with {title}: a photo diary",
        "{title}: first look behind the camera",
        "Photos from {stage} on {title}",
    ),
    "video": (
        "Behind the camera on {title}",
        "Watch: a day of {work} on {title}",
        "{title}: a walkthrough of {stage}",
    ),
    "interview": (
        "{person} on {work} for {title}",
        "In conversation: {person}, {role_lower} of {title}",
        "“We built it for real”: {person} on {title}",
    ),
    "rehearsal": (
        "In the rehearsal room with {title}",
        "Rehearsing the {set_piece} for {title}",
        "{title}: blocking the {set_piece}",
    ),
    "set_design": (
        "Building the {place} for {title}",
        "From model box to {stage}: the sets of {title}",
        "Designing the world of {title}",
    ),
    "costume_design": (
        "Dressing {character}: the costumes of {title}",
        "Fittings week for {title}",
        "Inside the wardrobe department of {title}",
    ),
    "vfx_breakdown": (
        "How the {set_piece} in {title} was built",
        "VFX breakdown: the {set_piece} of {title}",
        "{title}: before and after the effects",
    ),
    "dev_diary": (
        "{title} dev diary #{number}: {topic}",
        "Dev diary: {topic} in {title}",
    ),
    "featurette": (
        "The making of {title}",
        "{title}: a making-of featurette",
        "Making {title}: from page to {medium}",
    ),
    "day_in_the_life": (
        "A day with the {role_lower} of {title}",
        "Call time 6am: a day in the life on {title}",
    ),
    "immersive": (
        "Step inside the {place}: a 360° tour of the {title} set",
        "{title} in VR: walk the {stage}",
    ),
    "social_post": (
        "{person}: “{quote}”",
        "That's a wrap on {title}",
        "{title}: {quote}",
    ),
}
# Titles, paragraphs and alt text where a medium needs its own words.
POST_TITLES_FOR_MEDIUM = {
    ("game", "photo_set"): (
        "Photos from {stage} at {studio}",
        "{title}: a photo diary from {stage}",
    ),
    ("game", "video"): (
        "Behind the build: {title}",
        "Watch: {work} on {title}",
    ),
    ("game", "day_in_the_life"): (
        "A day in the studio with the {role_lower} of {title}",
    ),
    ("game", "immersive"): (
        "{title} in VR: walk the {place}",
        "Step inside the {place}: a 360° tour of {title}",
    ),
    ("stage", "photo_set"): (
        "Photos from {stage}: {title}",
        "{title} in rehearsal: a photo diary",
    ),
    ("stage", "immersive"): ("Step on stage: a 360° tour of the {title} set",),
    ("stage", "day_in_the_life"): (
        "Half hour call: a day with the {role_lower} of {title}",
        "A show day with the {role_lower} of {title}",
    ),
}
POST_PLACES = (
    "harbour", "ballroom", "lighthouse", "station concourse", "orchard", "night "
    "market", "tenement courtyard", "hotel lobby", "old dockyard", "ferry deck",
    "attic", "cathedral nave", "roadside diner", "greenhouse",
)  # fmt: skip
# Where the work happens, by medium (see MEDIUM).
POST_STAGES = {
    "screen": ("Stage 4", "the backlot", "the paint shop", "the scene dock",
               "location", "the edit suite", "the camera truck", "base camp"),
    "stage": ("the rehearsal room", "the tech rehearsal", "the paint frame",
              "the wardrobe", "the wings", "the fly floor", "the green room"),
    "game": ("the mocap stage", "the studio", "the art pit", "the audio booth",
             "the playtest lab", "the dev floor"),
}  # fmt: skip
SET_PIECES = (
    "storm sequence", "ballroom scene", "rooftop chase", "flood", "opening number",
    "train crossing", "market fight", "final duel", "ferry crash", "snowfall",
)  # fmt: skip
WORK = {
    "screen": ("lighting a night exterior", "building a set in six days",
               "recording the sound of rain", "practical effects",
               "costume continuity", "shooting on film", "blocking a fight",
               "working with animals", "shooting in a single take"),
    "stage": ("lighting a storm on stage", "a set that turns on a revolve",
              "quick changes", "teaching the ensemble a fight",
              "sound for a small room", "rehearsing with live music",
              "keeping a long run fresh"),
    "game": ("building the drowned city", "performance capture",
             "a soundtrack that reacts to the player", "tuning the boss fights",
             "writing branching dialogue", "real-time lighting"),
}  # fmt: skip
DEV_TOPICS = (
    "lighting the caves", "how enemies hunt", "the first playable",
    "building the drowned city", "writing barks", "our audio pipeline",
    "animation blending", "performance on handhelds", "accessibility options",
    "the save system", "boss design", "procedural weather",
)  # fmt: skip
QUOTES = {
    "development": ("It starts here: the first pages of something new",
                    "Mood boards everywhere. This one is going to be special",
                    "Pitch day. Fingers crossed"),
    "pre_production": ("First read-through today, and we're all a bit in love "
                       "with this script",
                       "Fittings done. Now the real work starts",
                       "Scouting all week; we found the place"),
    "production": ("Building something special in the paint shop",
                   "Another long day, and worth every minute"),
    "post_production": ("Picture lock. Now for the sound",
                        "Deep in the edit and loving what we see",
                        "Final mix this week"),
    "release": ("It's out in the world. Thank you, everyone",
                "Premiere night, and what a ride it's been"),
    "live_run": ("Opening night. Still shaking",
                 "Show 50 tonight and the company is flying",
                 "Closing night. What a run it's been"),
}  # fmt: skip
QUOTES_FOR_MEDIUM = {
    ("screen", "production"): ("Day 12: the rain machine finally behaved",
                               "We shot the whole scene in one take",
                               "That's a wrap on the night shoots"),
    ("stage", "pre_production"): ("First read-through today, and we're all a bit "
                                  "in love with this play",
                                  "The model box is finished. Look at it!"),
    ("stage", "production"): ("Tech week. Send coffee",
                              "First day in the theatre with the full set"),
    ("game", "pre_production"): ("The prototype is fun. Now we make it a game",
                                 "Vertical slice done. Time to sleep"),
    ("game", "production"): ("The first playable is playable!",
                             "Mocap week: everyone is covered in markers"),
    ("game", "post_production"): ("Bug count going down, morale going up",
                                  "Certification week. Wish us luck"),
    ("game", "release"): ("Launch day! Thank you for playing",
                          "It's out in the world. Thank you, everyone"),
}  # fmt: skip
MEDIUM = {
    "film": "screen", "tv_series": "screen", "theater": "stage",
    "video_game": "game", "music_video": "screen",
}  # fmt: skip

POST_PARAGRAPHS = {
    "photo_set": (
        "These frames come from {stage}, where the crew spent the week on the "
        "{place}. {person} kept a camera on a strap between setups.",
        "Most of the light here is practical: tungsten bulbs hidden in the set "
        "dressing, with a single soft source through the windows.",
        "Look for the tape marks on the floor in the wider shots — the "
        "*{set_piece}* was choreographed to the inch.",
    ),
    "video": (
        "A short film following the crew of **{title}** through a day of {work}.",
        "The unit moved three times before lunch; the footage shows how much of "
        "the schedule hangs on the first setup of the day.",
        "{person} talks through the plan on the walk from base camp to set.",
    ),
    "interview": (
        "**{person}** ({role_lower}) talks about {work} on *{title}*.",
        "> We tested everything twice, then threw half of it away on the day. "
        "That's where the good stuff came from.",
        "On working with {studio}: “They gave us time, which is the rarest thing on "
        "any production.”",
    ),
    "rehearsal": (
        "The company started on the *{set_piece}* in week two, working it in "
        "slow motion before adding music.",
        "{person} ran the session with a stopwatch and a roll of spike tape; every "
        "entrance is counted.",
        "- warm-up and notes\n- the {set_piece}, section by section\n- a full "
        "run with the band",
    ),
    "set_design": (
        "The {place} began as a card model at 1:25 scale before the build moved "
        "to {stage}.",
        "{person} and the art department aged every surface by hand — paint, "
        "wax and a lot of tea.",
        "Nothing in the set is quite square; the slight lean makes the space feel "
        "older on camera.",
    ),
    "costume_design": (
        "Every costume for **{character}** was built from scratch, from "
        "hand-dyed linen to reworked vintage buttons.",
        "{person} kept a wall of swatches and reference photographs in the "
        "fitting room for the whole prep.",
        "There are four identical versions of the lead coat, each aged a little "
        "more for the {set_piece}.",
    ),
    "vfx_breakdown": (
        "The *{set_piece}* combines a practical plate shot on {stage} with "
        "digital set extensions.",
        "{person} walks through the layers: clean plate, matchmove, simulation, "
        "then the final composite.",
        "About a third of what you see was really there on the day — the rest "
        "was built to match it.",
    ),
    "dev_diary": (
        "This month the team has been focused on **{topic}**.",
        "{person} explains the first prototype, why it did not survive "
        "playtesting, and what replaced it.",
        "- what changed since the last build\n- what playtesters told us\n- "
        "what is next",
    ),
    "featurette": (
        "From the first read-through to the final {medium}, this featurette "
        "follows the making of *{title}*.",
        "Cast and crew talk about the {set_piece}, the weather, and the long "
        "nights in between.",
        "Produced with {studio}, with footage from every phase of the production.",
    ),
    "day_in_the_life": (
        "Call time is 6am. {person} ({role_lower}) lets us follow along for a "
        "full day on *{title}*.",
        "Between setups there is paperwork, prep for tomorrow, and a lot of walking.",
        "By wrap the {place} has been reset twice and the call sheet for "
        "tomorrow is already out.",
    ),
    "immersive": (
        "A 360° capture of the {place}, made while the set was still standing.",
        "Look around to find the details the camera never lingered on: the "
        "labels, the handwritten notes, the view from the window.",
        "Best viewed in a headset; it also works in any modern browser.",
    ),
    "social_post": (
        "{quote}.",
        "Thank you to everyone at {studio} and the whole crew of *{title}*.",
        "More from {stage} soon.",
    ),
}

POST_PARAGRAPHS_FOR_MEDIUM = {
    ("game", "photo_set"): (
        "These shots come from {stage} at {studio}, where the team spent the week "
        "on the {place}. {person} kept a camera by the desk.",
        "Whiteboards, reference prints and a lot of sticky notes: this is what "
        "a milestone week looks like.",
        "Look closely at the monitors — some of these levels changed completely "
        "after playtesting.",
    ),
    ("game", "video"): (
        "A short film following the team behind **{title}** through a week of {work}.",
        "{person} talks through the goals for the next milestone and what had to "
        "be cut to hit it.",
    ),
    ("game", "day_in_the_life"): (
        "Stand-up is at 10. {person} ({role_lower}) lets us follow along for a "
        "full day on *{title}*.",
        "Between builds there are reviews, bug triage and a lot of coffee.",
        "By the end of the day the nightly build is compiling and tomorrow's "
        "tasks are on the board.",
    ),
    ("stage", "day_in_the_life"): (
        "The half is called at 7.05pm. {person} ({role_lower}) lets us follow "
        "along for a show day of *{title}*.",
        "Before the audience arrives there are checks, notes from last night "
        "and a fight call on stage.",
        "After the curtain call the set is reset for tomorrow's matinée.",
    ),
}
ALT_TEXTS = {
    "photo_set": "Crew members setting up a camera and lights on the {place} set "
                 "of {title}",
    "video": "Frame from a behind-the-scenes video: the crew of {title} "
             "rehearsing a shot on {stage}",
    "interview": "{person} talking during an interview about {title}",
    "rehearsal": "Performers rehearsing the {set_piece} for {title} in a room "
                 "marked with tape",
    "set_design": "A partly built set of the {place} for {title}, with "
                  "scaffolding and paint pots",
    "costume_design": "Costumes for {title} on a rail beside a dress form and "
                      "fabric swatches",
    "vfx_breakdown": "Side-by-side frames of the {set_piece} in {title}, before "
                     "and after the visual effects",
    "dev_diary": "Work-in-progress screen from {title} showing {topic}",
    "featurette": "The director of {title} watching a take on a monitor",
    "day_in_the_life": "{person} at work on the set of {title}",
    "immersive": "Wide view of the {place} set of {title}",
    "social_post": "Cast and crew of {title} gathered on set",
}  # fmt: skip

ALT_TEXTS_FOR_MEDIUM = {
    ("game", "photo_set"): "Performers in motion-capture suits on {stage} "
                           "for {title}",
    ("game", "video"): "Frame from a behind-the-scenes video: developers of "
                       "{title} reviewing a level on a large screen",
    ("game", "featurette"): "The game director of {title} reviewing a build "
                            "with the team",
    ("game", "day_in_the_life"): "{person} at a desk with two monitors, working "
                                 "on {title}",
    ("game", "immersive"): "Wide view of the {place} level in {title}",
    ("game", "social_post"): "The team behind {title} gathered in the studio",
    ("stage", "photo_set"): "Actors and crew on the {place} set of {title} "
                            "during a rehearsal",
    ("stage", "featurette"): "The director of {title} giving notes to the "
                             "company in the stalls",
    ("stage", "immersive"): "Wide view of the stage and set of {title} from "
                            "the wings",
}  # fmt: skip
POST_TAGS = {
    "photo_set": ("on set", "stills", "cinematography"),
    "video": ("behind the scenes", "crew"),
    "interview": ("interview", "craft talk"),
    "rehearsal": ("rehearsal", "movement"),
    "set_design": ("set build", "art department", "scenic art"),
    "costume_design": ("costume", "fittings", "textiles"),
    "vfx_breakdown": ("vfx", "compositing", "before and after"),
    "dev_diary": ("game development", "prototype", "playtesting"),
    "featurette": ("making of", "featurette"),
    "day_in_the_life": ("crew life", "call sheet"),
    "immersive": ("vr", "360"),
    "social_post": ("wrap", "crew"),
}
PHASE_TAGS = {
    "development": ("concept art", "early days"),
    "pre_production": ("prep", "read-through", "location scout"),
    "production": ("shoot day", "on location", "soundstage"),
    "post_production": ("post-production", "edit"),
    "release": ("premiere", "press tour"),
    "live_run": ("opening night", "backstage", "curtain call"),
}
# Where a medium calls a phase something else.
PHASE_TAGS_FOR_MEDIUM = {
    ("stage", "pre_production"): ("prep", "read-through", "model box"),
    ("stage", "production"): ("rehearsals", "tech week"),
    ("game", "pre_production"): ("prototype", "vertical slice"),
    ("game", "production"): ("alpha", "performance capture"),
    ("game", "post_production"): ("polish", "certification"),
    ("game", "release"): ("launch", "patch notes"),
}

OUTLETS = (
    "screendaily-review.example", "stagelight-review.example",
    "the-reel-report.example", "pixelpress.example", "frame-and-fold.example",
    "encore-magazine.example", "the-callsheet.example",
)  # fmt: skip
MODERATION_NOTES = (
    "The source link does not show this production; please link the original post.",
    "This duplicates a post already in the catalogue.",
    "We could not confirm the photographer's permission to share these images.",
)
POOL_CAPTIONS = (
    "Stage 4 · pre-light", "Wardrobe · fittings", "Rehearsal room", "Location · dawn",
    "Edit suite", "Mocap stage", "Scene dock", "Camera test", "Paint frame",
    "Tech rehearsal", "Foley stage", "Green room",
)  # fmt: skip

# --- Videos --------------------------------------------------------------------------
# Each demo video's caption (MediaAsset.caption); {date} as "12 March 2026".
VIDEO_CAPTIONS = {
    "phone": "Filmed on {person}'s phone: {stage}, {date}.",
    "featurette": "From the making-of featurette: {person}, {role_lower}, on the "
    "{set_piece}.",
    "youtube": "The official behind-the-scenes video of {title}, on YouTube.",
    "tiktok": "Behind the scenes of {title}, shared on TikTok.",
}
# What the phone clip's on-screen caption says, under the filmer's handle.
PHONE_OVERLAYS = (
    "last setup of the day",
    "walking the mark for the {set_piece}",
    "quiet on set... and we're rolling",
)
# The featurette excerpt's lines: (start, end, English, Finnish). The English ones
# are captioned as WebVTT with the speaker named, the Finnish ones as an SRT file.
FEATURETTE_CUES = (
    (
        0.4,
        1.8,
        "We wanted every light on this set to be a real one.",
        "Halusimme, että jokainen tämän lavasteen valo on aito.",
    ),
    (
        1.9,
        3.3,
        "So we hid the lamps in the flats and let the actors find them.",
        "Piilotimme lamput lavasteisiin ja annoimme näyttelijöiden löytää ne.",
    ),
    (
        3.4,
        4.6,
        "Nothing you see here was added afterwards.",
        "Mitään, mitä tässä näet, ei lisätty jälkikäteen.",
    ),
    (
        4.7,
        6.2,
        "That first take is the one we kept.",
        "Ensimmäinen otto on se, jonka pidimme.",
    ),
)
