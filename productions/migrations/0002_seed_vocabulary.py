"""Seed the curated vocabulary: the departments (crafts) and the roles within them.

The data lives in module-level tuples so it can be read, reviewed and imported by
tests. Seeding is idempotent (update_or_create by slug) and reversible.
"""

from django.db import migrations

# Production kinds a role exists on; an empty string means every kind.
ALL = ""
SCREEN = "film,tv_series,music_video"
FILM_TV = "film,tv_series"
THEATER = "theater"
GAME = "video_game"
STAGE_AND_SCREEN = "film,tv_series,theater,music_video"

# (slug, name, description), in display order; position is assigned from the order.
DEPARTMENTS = (
    (
        "directing",
        "Directing",
        "The director and the assistants who turn a script into a plan for every "
        "day of work and keep the set or rehearsal room running to it.",
    ),
    (
        "writing",
        "Writing",
        "The writers who build the story, structure and dialogue, from screenplays "
        "and plays to a television writers' room or a game's branching narrative.",
    ),
    (
        "production",
        "Production",
        "The producers and managers who raise the money, hire the team and keep "
        "the budget, schedule and paperwork of a production on track.",
    ),
    (
        "locations",
        "Locations",
        "The scouts and managers who find real places to shoot, negotiate their "
        "use and look after them while the crew is there.",
    ),
    (
        "cast",
        "Cast",
        "The performers seen and heard in the finished work, from leading actors "
        "and voice actors to understudies, dancers and background players.",
    ),
    (
        "casting",
        "Casting",
        "The casting team who run auditions and chemistry reads and propose the "
        "performers for every part to the director and producers.",
    ),
    (
        "camera",
        "Camera & Cinematography",
        "The cinematographer and camera crew who choose lenses, frame and move the "
        "camera, keep shots in focus and safeguard the footage.",
    ),
    (
        "lighting",
        "Lighting",
        "The electricians, grips and lighting designers who power, rig and shape "
        "the light on a set, on a stage or in a digital scene.",
    ),
    (
        "sound",
        "Sound",
        "Production sound on set and post-production sound afterwards: recording "
        "dialogue, then editing, designing and mixing the final soundtrack.",
    ),
    (
        "production-design",
        "Production Design & Art",
        "The designers, art directors and builders who create the physical and "
        "digital worlds of a production, from sketches to finished sets.",
    ),
    (
        "set-decoration",
        "Set Decoration",
        "The decorators and dressers who fill a built set or location with the "
        "furniture and objects that make it feel lived in.",
    ),
    (
        "costume",
        "Costume & Wardrobe",
        "The designers, makers and wardrobe crew who dress every character and "
        "keep each costume ready and in continuity from fitting to final take.",
    ),
    (
        "makeup-hair",
        "Makeup & Hair",
        "The makeup artists, hair stylists and prosthetics team who shape how "
        "every performer looks, from natural beauty to wounds and creatures.",
    ),
    (
        "visual-effects",
        "Visual Effects",
        "The artists who add, remove and combine images digitally, from set "
        "extensions and creatures to real-time game effects.",
    ),
    (
        "special-effects",
        "Special Effects",
        "The technicians who create practical effects in front of the camera or "
        "audience, such as rain, wind, smoke, fire and explosions.",
    ),
    (
        "editing",
        "Editing",
        "The editors and finishing artists who assemble the footage into the "
        "finished cut and give the picture its final colour.",
    ),
    (
        "music",
        "Music",
        "The composers, orchestrators, supervisors and musical directors who write, "
        "choose, arrange and perform a production's music.",
    ),
    (
        "stunts",
        "Stunts",
        "The coordinators, performers and fight directors who design and perform "
        "dangerous action so that it reads as real and stays safe.",
    ),
    (
        "choreography",
        "Choreography",
        "The choreographers and movement specialists who create and rehearse dance, "
        "movement and intimate scenes with the performers.",
    ),
    (
        "stage-management",
        "Stage Management",
        "The stage managers and backstage crew who run a theatre production's "
        "rehearsals and call and crew every performance.",
    ),
    (
        "game-design",
        "Game Design",
        "The designers who decide how a game plays: its rules, systems, levels, "
        "encounters and the interface the player uses.",
    ),
    (
        "programming",
        "Programming",
        "The programmers who build a game's engine, gameplay, tools, graphics and "
        "networking code.",
    ),
    (
        "animation",
        "Animation",
        "The animators, riggers and storyboard artists who plan shots and give "
        "characters and objects their movement.",
    ),
    (
        "audio",
        "Audio",
        "Interactive audio for games, distinct from film and stage sound: sound "
        "effects, voice and music built to react to what the player does.",
    ),
    (
        "qa",
        "QA",
        "The quality assurance testers who play unfinished builds of a game to "
        "find, reproduce and track down bugs before release.",
    ),
    (
        "marketing-publicity",
        "Marketing & Publicity",
        "The publicists, photographers and videographers who document a "
        "production behind the scenes and present it to press and audiences.",
    ),
)

# (department slug, slug, name, production kinds, description)
ROLES = (
    # Directing
    (
        "directing",
        "director",
        "Director",
        ALL,
        "Leads the creative vision of a production and guides the cast and crew "
        "in realising it.",
    ),
    (
        "directing",
        "first-assistant-director",
        "First Assistant Director",
        SCREEN,
        "Breaks down the script into a shooting schedule and runs the set so each "
        "day's work gets done.",
    ),
    (
        "directing",
        "second-assistant-director",
        "Second Assistant Director",
        FILM_TV,
        "Prepares the call sheets and moves cast and background performers to and "
        "from set.",
    ),
    (
        "directing",
        "second-unit-director",
        "Second Unit Director",
        FILM_TV,
        "Directs the second unit's action, inserts and establishing shots.",
    ),
    (
        "directing",
        "script-supervisor",
        "Script Supervisor",
        FILM_TV,
        "Tracks continuity and notes what was shot in every take for the editor.",
    ),
    (
        "directing",
        "associate-director",
        "Associate Director",
        THEATER,
        "Supports the director in rehearsal and keeps the staging intact during "
        "the run.",
    ),
    (
        "directing",
        "voice-director",
        "Voice Director",
        "film,tv_series,video_game",
        "Directs the voice actors' performances in the recording booth.",
    ),
    # Writing
    (
        "writing",
        "screenwriter",
        "Screenwriter",
        FILM_TV,
        "Writes the screenplay: the story, scenes and dialogue that are filmed.",
    ),
    (
        "writing",
        "showrunner",
        "Showrunner",
        "tv_series",
        "Runs a television series day to day as its head writer and executive "
        "producer.",
    ),
    (
        "writing",
        "staff-writer",
        "Staff Writer",
        "tv_series",
        "Breaks stories and drafts episodes as a member of a writers' room.",
    ),
    (
        "writing",
        "playwright",
        "Playwright",
        THEATER,
        "Writes the play that a stage production brings to life.",
    ),
    (
        "writing",
        "book-writer",
        "Book Writer",
        THEATER,
        "Writes the spoken scenes, or book, of a stage musical.",
    ),
    (
        "writing",
        "lyricist",
        "Lyricist",
        "film,tv_series,theater",
        "Writes the words of a production's original songs.",
    ),
    (
        "writing",
        "dramaturg",
        "Dramaturg",
        THEATER,
        "Researches a play's world and advises the director and writer on the script.",
    ),
    (
        "writing",
        "narrative-designer",
        "Narrative Designer",
        GAME,
        "Shapes how a game tells its story through quests, dialogue systems and "
        "player choices.",
    ),
    (
        "writing",
        "game-writer",
        "Game Writer",
        GAME,
        "Writes a game's dialogue, lore, barks and in-world text.",
    ),
    # Production
    (
        "production",
        "producer",
        "Producer",
        ALL,
        "Oversees a production from development to release, securing the money, "
        "people and schedule.",
    ),
    (
        "production",
        "executive-producer",
        "Executive Producer",
        ALL,
        "Finances or champions a production and signs off its biggest decisions.",
    ),
    (
        "production",
        "line-producer",
        "Line Producer",
        SCREEN,
        "Manages the budget and day-to-day logistics of the physical production.",
    ),
    (
        "production",
        "unit-production-manager",
        "Unit Production Manager",
        FILM_TV,
        "Controls the budget, crew deals and schedule of a shooting unit.",
    ),
    (
        "production",
        "production-coordinator",
        "Production Coordinator",
        SCREEN,
        "Runs the production office, organising travel, equipment and paperwork.",
    ),
    (
        "production",
        "production-assistant",
        "Production Assistant",
        SCREEN,
        "Helps every department on set and in the office with whatever the day needs.",
    ),
    (
        "production",
        "general-manager",
        "General Manager",
        THEATER,
        "Manages a stage production's budget, contracts and business affairs for "
        "its producers.",
    ),
    (
        "production",
        "company-manager",
        "Company Manager",
        THEATER,
        "Looks after a theatre company's payroll, housing and welfare during the "
        "run or tour.",
    ),
    (
        "production",
        "production-manager",
        "Production Manager",
        THEATER,
        "Plans the budget, schedule and crews that build and install a stage show.",
    ),
    (
        "production",
        "game-producer",
        "Game Producer",
        GAME,
        "Plans a game's development milestones and keeps its teams on schedule.",
    ),
    # Locations
    (
        "locations",
        "location-manager",
        "Location Manager",
        SCREEN,
        "Secures filming locations, handles permits and looks after each location "
        "during the shoot.",
    ),
    (
        "locations",
        "location-scout",
        "Location Scout",
        SCREEN,
        "Searches for and photographs real places that could match the script.",
    ),
    # Cast
    (
        "cast",
        "actor",
        "Actor",
        ALL,
        "Plays a character on screen, on stage or through performance capture.",
    ),
    (
        "cast",
        "voice-actor",
        "Voice Actor",
        "film,tv_series,video_game",
        "Performs a character with the voice alone, for animation, dubbing or games.",
    ),
    (
        "cast",
        "motion-capture-performer",
        "Motion Capture Performer",
        "film,tv_series,video_game",
        "Performs in a capture suit so that a digital character moves like a person.",
    ),
    (
        "cast",
        "understudy",
        "Understudy",
        THEATER,
        "Learns a role so they can go on whenever the regular performer cannot.",
    ),
    (
        "cast",
        "swing",
        "Swing",
        THEATER,
        "Covers several ensemble tracks and steps in when any of them is out.",
    ),
    (
        "cast",
        "stand-in",
        "Stand-in",
        FILM_TV,
        "Takes an actor's place on set while lighting and camera are set up.",
    ),
    (
        "cast",
        "background-actor",
        "Background Actor",
        SCREEN,
        "Populates the world of a scene without speaking lines.",
    ),
    (
        "cast",
        "dancer",
        "Dancer",
        STAGE_AND_SCREEN,
        "Performs choreographed dance on screen or on stage.",
    ),
    (
        "cast",
        "puppeteer",
        "Puppeteer",
        "film,tv_series,theater",
        "Brings puppets and animatronic characters to life in performance.",
    ),
    # Casting
    (
        "casting",
        "casting-director",
        "Casting Director",
        ALL,
        "Finds and auditions performers and proposes the cast to the director and "
        "producers.",
    ),
    (
        "casting",
        "casting-associate",
        "Casting Associate",
        ALL,
        "Runs auditions and deals with agents on behalf of the casting director.",
    ),
    # Camera & Cinematography
    (
        "camera",
        "director-of-photography",
        "Director of Photography",
        SCREEN,
        "Designs the look of the images with the director and leads the camera "
        "and lighting crews.",
    ),
    (
        "camera",
        "camera-operator",
        "Camera Operator",
        SCREEN,
        "Frames and moves the camera during each take.",
    ),
    (
        "camera",
        "first-assistant-camera",
        "First Assistant Camera",
        SCREEN,
        "Also called the focus puller, keeps the image sharp during takes and "
        "looks after the camera and lenses.",
    ),
    (
        "camera",
        "second-assistant-camera",
        "Second Assistant Camera",
        SCREEN,
        "Also called the clapper loader, slates each take and keeps the camera "
        "reports.",
    ),
    (
        "camera",
        "steadicam-operator",
        "Steadicam Operator",
        SCREEN,
        "Wears a stabilising rig to make smooth handheld moves through a scene.",
    ),
    (
        "camera",
        "drone-operator",
        "Drone Operator",
        SCREEN,
        "Flies a camera drone to capture aerial shots.",
    ),
    (
        "camera",
        "digital-imaging-technician",
        "Digital Imaging Technician",
        SCREEN,
        "The DIT manages camera settings and on-set colour and backs up the footage.",
    ),
    (
        "camera",
        "video-assist-operator",
        "Video Assist Operator",
        FILM_TV,
        "Records and plays back takes on the set monitors for the director to review.",
    ),
    (
        "camera",
        "unit-stills-photographer",
        "Unit Stills Photographer",
        SCREEN,
        "Photographs the actors and the crew at work on set for publicity, the "
        "press kit and the archive.",
    ),
    # Lighting
    (
        "lighting",
        "gaffer",
        "Gaffer",
        SCREEN,
        "Heads the electrical crew and builds the lighting the cinematographer "
        "designs.",
    ),
    (
        "lighting",
        "best-boy-electric",
        "Best Boy Electric",
        SCREEN,
        "The gaffer's second in command, running the electric crew, kit and power.",
    ),
    (
        "lighting",
        "electrician",
        "Electrician",
        SCREEN,
        "Rigs and runs the lights and power cables on set.",
    ),
    (
        "lighting",
        "key-grip",
        "Key Grip",
        SCREEN,
        "Leads the grips, who rig camera support and shape light with flags and "
        "frames.",
    ),
    (
        "lighting",
        "best-boy-grip",
        "Best Boy Grip",
        SCREEN,
        "The key grip's second in command, running the grip crew and its equipment.",
    ),
    (
        "lighting",
        "dolly-grip",
        "Dolly Grip",
        SCREEN,
        "Lays track and pushes the camera dolly so every move hits its marks.",
    ),
    (
        "lighting",
        "lighting-designer",
        "Lighting Designer",
        THEATER,
        "Designs how a stage show is lit, cue by cue.",
    ),
    (
        "lighting",
        "lighting-programmer",
        "Lighting Programmer",
        THEATER,
        "Programs the lighting designer's cues into the lighting console.",
    ),
    (
        "lighting",
        "follow-spot-operator",
        "Follow Spot Operator",
        THEATER,
        "Operates a follow spot that keeps a performer in light as they move.",
    ),
    (
        "lighting",
        "lighting-artist",
        "Lighting Artist",
        "film,tv_series,video_game",
        "Lights digital scenes in a renderer or game engine to set mood and guide "
        "the eye.",
    ),
    # Sound
    (
        "sound",
        "production-sound-mixer",
        "Production Sound Mixer",
        FILM_TV,
        "Records dialogue on set and balances the microphones during each take.",
    ),
    (
        "sound",
        "boom-operator",
        "Boom Operator",
        FILM_TV,
        "Holds the boom microphone close to the actors while keeping it out of frame.",
    ),
    (
        "sound",
        "playback-operator",
        "Playback Operator",
        SCREEN,
        "Plays music back on set so performers can sing, dance and lip-sync to it.",
    ),
    (
        "sound",
        "sound-designer",
        "Sound Designer",
        "film,tv_series,theater",
        "Creates the soundscape and sound effects of a film, series or stage show.",
    ),
    (
        "sound",
        "supervising-sound-editor",
        "Supervising Sound Editor",
        FILM_TV,
        "Leads the post-production sound team that builds the soundtrack.",
    ),
    (
        "sound",
        "dialogue-editor",
        "Dialogue Editor",
        FILM_TV,
        "Cleans and assembles the recorded dialogue and prepares it for ADR and "
        "the mix.",
    ),
    (
        "sound",
        "foley-artist",
        "Foley Artist",
        "film,tv_series,video_game",
        "Performs everyday sounds such as footsteps and cloth movement in sync "
        "with the picture.",
    ),
    (
        "sound",
        "re-recording-mixer",
        "Re-recording Mixer",
        FILM_TV,
        "Balances dialogue, music and effects into the final soundtrack mix.",
    ),
    (
        "sound",
        "sound-engineer",
        "Sound Engineer",
        THEATER,
        "Mixes the live sound of a stage show at every performance.",
    ),
    # Production Design & Art
    (
        "production-design",
        "production-designer",
        "Production Designer",
        SCREEN,
        "Designs the overall look of a production's sets and locations with the "
        "director.",
    ),
    (
        "production-design",
        "art-director",
        "Art Director",
        "film,tv_series,video_game,music_video",
        "Turns the design into drawings, budgets and built or digital art and "
        "leads the artists.",
    ),
    (
        "production-design",
        "set-designer",
        "Set Designer",
        SCREEN,
        "Drafts the detailed plans of each set for the construction crew.",
    ),
    (
        "production-design",
        "scenic-designer",
        "Scenic Designer",
        THEATER,
        "Designs the set and stage environment of a theatre production.",
    ),
    (
        "production-design",
        "scenic-artist",
        "Scenic Artist",
        "film,tv_series,theater",
        "Paints and textures sets and backdrops so they read as real materials.",
    ),
    (
        "production-design",
        "props-master",
        "Props Master",
        STAGE_AND_SCREEN,
        "Finds, makes and looks after every object the actors handle.",
    ),
    (
        "production-design",
        "construction-coordinator",
        "Construction Coordinator",
        FILM_TV,
        "Leads the carpenters and builders who construct the sets.",
    ),
    (
        "production-design",
        "concept-artist",
        "Concept Artist",
        "film,tv_series,video_game",
        "Paints early images that define how characters, places and objects will look.",
    ),
    (
        "production-design",
        "environment-artist",
        "Environment Artist",
        GAME,
        "Builds the 3D spaces, terrain and structures that players explore.",
    ),
    (
        "production-design",
        "character-artist",
        "Character Artist",
        GAME,
        "Sculpts and textures the 3D characters of a game.",
    ),
    (
        "production-design",
        "technical-artist",
        "Technical Artist",
        GAME,
        "Bridges art and code, building shaders, tools and pipelines so art runs "
        "well in the engine.",
    ),
    # Set Decoration
    (
        "set-decoration",
        "set-decorator",
        "Set Decorator",
        SCREEN,
        "Chooses and places the furniture and objects that make a set feel lived in.",
    ),
    (
        "set-decoration",
        "lead-set-dresser",
        "Lead Set Dresser",
        FILM_TV,
        "Runs the set dressing crew and plans the dressing and striking of sets.",
    ),
    (
        "set-decoration",
        "set-dresser",
        "Set Dresser",
        SCREEN,
        "Places and moves furnishings on set and keeps them in continuity.",
    ),
    (
        "set-decoration",
        "set-decoration-buyer",
        "Set Decoration Buyer",
        FILM_TV,
        "Sources, buys and rents the pieces the set decorator has chosen.",
    ),
    # Costume & Wardrobe
    (
        "costume",
        "costume-designer",
        "Costume Designer",
        STAGE_AND_SCREEN,
        "Designs what every character wears to reveal who they are.",
    ),
    (
        "costume",
        "costume-supervisor",
        "Costume Supervisor",
        STAGE_AND_SCREEN,
        "Runs the costume department's budget, staff and fittings for the designer.",
    ),
    (
        "costume",
        "costume-maker",
        "Costume Maker",
        "film,tv_series,theater",
        "Cuts and sews costumes from the designer's drawings.",
    ),
    (
        "costume",
        "set-costumer",
        "Set Costumer",
        FILM_TV,
        "Dresses actors on set and keeps their costumes in continuity between takes.",
    ),
    (
        "costume",
        "wardrobe-supervisor",
        "Wardrobe Supervisor",
        THEATER,
        "Keeps a stage show's costumes clean, repaired and ready for every "
        "performance.",
    ),
    (
        "costume",
        "dresser",
        "Dresser",
        THEATER,
        "Helps actors into their costumes and through quick changes during a show.",
    ),
    # Makeup & Hair
    (
        "makeup-hair",
        "makeup-artist",
        "Makeup Artist",
        STAGE_AND_SCREEN,
        "Designs and applies the makeup that shapes how each performer looks.",
    ),
    (
        "makeup-hair",
        "hair-stylist",
        "Hair Stylist",
        STAGE_AND_SCREEN,
        "Cuts, styles and maintains performers' hair for the character and period.",
    ),
    (
        "makeup-hair",
        "makeup-department-head",
        "Makeup Department Head",
        FILM_TV,
        "Designs the makeup of the whole cast and leads the makeup team.",
    ),
    (
        "makeup-hair",
        "prosthetics-designer",
        "Prosthetics Designer",
        "film,tv_series,theater",
        "Designs and sculpts prosthetic pieces that change an actor's face or body.",
    ),
    (
        "makeup-hair",
        "special-makeup-effects-artist",
        "Special Makeup Effects Artist",
        FILM_TV,
        "Creates wounds, creatures and ageing effects with makeup and prosthetics.",
    ),
    (
        "makeup-hair",
        "wig-supervisor",
        "Wig Supervisor",
        THEATER,
        "Builds, styles and maintains the wigs of a stage show.",
    ),
    # Visual Effects
    (
        "visual-effects",
        "vfx-supervisor",
        "VFX Supervisor",
        SCREEN,
        "Plans the visual effects with the director and oversees them from set to "
        "final shot.",
    ),
    (
        "visual-effects",
        "vfx-producer",
        "VFX Producer",
        FILM_TV,
        "Manages the budget, schedule and vendors of a production's visual effects.",
    ),
    (
        "visual-effects",
        "cg-supervisor",
        "CG Supervisor",
        FILM_TV,
        "Leads the artists who build and render a show's computer-generated assets.",
    ),
    (
        "visual-effects",
        "compositor",
        "Compositor",
        SCREEN,
        "Combines live-action plates and CG elements into finished shots.",
    ),
    (
        "visual-effects",
        "matte-painter",
        "Matte Painter",
        FILM_TV,
        "Paints the digital backgrounds and set extensions that live action sits in.",
    ),
    (
        "visual-effects",
        "roto-artist",
        "Roto Artist",
        SCREEN,
        "Traces elements frame by frame so they can be separated from the background.",
    ),
    (
        "visual-effects",
        "matchmove-artist",
        "Matchmove Artist",
        FILM_TV,
        "Recreates the real camera's motion in 3D so digital elements fit the shot.",
    ),
    (
        "visual-effects",
        "vfx-artist",
        "VFX Artist",
        GAME,
        "Creates real-time effects such as fire, magic and explosions in the game "
        "engine.",
    ),
    # Special Effects
    (
        "special-effects",
        "special-effects-supervisor",
        "Special Effects Supervisor",
        SCREEN,
        "Plans and runs the practical effects on set, such as rain, fire and "
        "explosions.",
    ),
    (
        "special-effects",
        "special-effects-technician",
        "Special Effects Technician",
        SCREEN,
        "Builds and operates rigs for wind, smoke, breakaways and other practical "
        "effects.",
    ),
    (
        "special-effects",
        "pyrotechnician",
        "Pyrotechnician",
        STAGE_AND_SCREEN,
        "Handles and fires explosives and pyrotechnic effects safely.",
    ),
    # Editing
    (
        "editing",
        "editor",
        "Editor",
        SCREEN,
        "Assembles the footage into the finished cut, shaping pace, performance "
        "and story.",
    ),
    (
        "editing",
        "assistant-editor",
        "Assistant Editor",
        SCREEN,
        "Organises and syncs the footage and prepares the cut for sound, VFX and "
        "colour.",
    ),
    (
        "editing",
        "colorist",
        "Colorist",
        SCREEN,
        "Grades the colour and contrast of the final picture to set its look.",
    ),
    (
        "editing",
        "post-production-supervisor",
        "Post-production Supervisor",
        FILM_TV,
        "Schedules and oversees post-production from picture lock to delivery.",
    ),
    (
        "editing",
        "trailer-editor",
        "Trailer Editor",
        "film,tv_series,video_game",
        "Cuts the trailers and promos that sell a production.",
    ),
    # Music
    (
        "music",
        "composer",
        "Composer",
        ALL,
        "Writes a production's original score.",
    ),
    (
        "music",
        "music-supervisor",
        "Music Supervisor",
        "film,tv_series,video_game",
        "Chooses and licenses the existing songs used in a production.",
    ),
    (
        "music",
        "orchestrator",
        "Orchestrator",
        "film,tv_series,theater,video_game",
        "Arranges the composer's music for the instruments of the orchestra.",
    ),
    (
        "music",
        "music-editor",
        "Music Editor",
        FILM_TV,
        "Fits the score and songs to the picture and prepares the music for the mix.",
    ),
    (
        "music",
        "musical-director",
        "Musical Director",
        THEATER,
        "Teaches the score to the cast and conducts the band of a stage musical.",
    ),
    # Stunts
    (
        "stunts",
        "stunt-coordinator",
        "Stunt Coordinator",
        "film,tv_series,video_game,music_video",
        "Designs the action sequences and keeps everyone performing them safe.",
    ),
    (
        "stunts",
        "stunt-performer",
        "Stunt Performer",
        "film,tv_series,video_game,music_video",
        "Performs falls, fights and other dangerous action.",
    ),
    (
        "stunts",
        "stunt-double",
        "Stunt Double",
        SCREEN,
        "Doubles for a specific actor in action the actor should not perform.",
    ),
    (
        "stunts",
        "stunt-rigger",
        "Stunt Rigger",
        FILM_TV,
        "Rigs the wires and harnesses used for falls, flying and jerk-backs.",
    ),
    (
        "stunts",
        "fight-choreographer",
        "Fight Choreographer",
        "film,tv_series,video_game",
        "Designs fight sequences and rehearses them with actors and stunt performers.",
    ),
    (
        "stunts",
        "fight-director",
        "Fight Director",
        THEATER,
        "Stages a show's fights so they look real and stay safe night after night.",
    ),
    # Choreography
    (
        "choreography",
        "choreographer",
        "Choreographer",
        ALL,
        "Creates a production's dance and movement and teaches it to the performers.",
    ),
    (
        "choreography",
        "assistant-choreographer",
        "Assistant Choreographer",
        STAGE_AND_SCREEN,
        "Helps the choreographer teach, rehearse and clean the dance numbers.",
    ),
    (
        "choreography",
        "dance-captain",
        "Dance Captain",
        THEATER,
        "Keeps a show's choreography sharp during the run and rehearses replacements.",
    ),
    (
        "choreography",
        "movement-director",
        "Movement Director",
        "film,tv_series,theater",
        "Shapes how actors move and carry themselves beyond set dance numbers.",
    ),
    (
        "choreography",
        "intimacy-coordinator",
        "Intimacy Coordinator",
        "film,tv_series,theater",
        "Choreographs intimate scenes and safeguards the performers taking part.",
    ),
    # Stage Management
    (
        "stage-management",
        "production-stage-manager",
        "Production Stage Manager",
        THEATER,
        "Leads the stage management team and the backstage running of a show.",
    ),
    (
        "stage-management",
        "stage-manager",
        "Stage Manager",
        THEATER,
        "Runs rehearsals and calls the light, sound and scene cues in performance.",
    ),
    (
        "stage-management",
        "deputy-stage-manager",
        "Deputy Stage Manager",
        THEATER,
        "Keeps the prompt book and, in British practice, calls the show.",
    ),
    (
        "stage-management",
        "assistant-stage-manager",
        "Assistant Stage Manager",
        THEATER,
        "Sets props and helps run backstage during rehearsals and performances.",
    ),
    (
        "stage-management",
        "stagehand",
        "Stagehand",
        THEATER,
        "Moves scenery and runs the backstage changes during a performance.",
    ),
    (
        "stage-management",
        "fly-operator",
        "Fly Operator",
        THEATER,
        "Raises and lowers scenery on the fly system above the stage.",
    ),
    # Game Design
    (
        "game-design",
        "game-director",
        "Game Director",
        GAME,
        "Owns a game's overall creative vision and leads the design of how it plays.",
    ),
    (
        "game-design",
        "game-designer",
        "Game Designer",
        GAME,
        "Designs the rules, mechanics and goals that make a game playable.",
    ),
    (
        "game-design",
        "level-designer",
        "Level Designer",
        GAME,
        "Builds the layouts, encounters and pacing of a game's levels.",
    ),
    (
        "game-design",
        "systems-designer",
        "Systems Designer",
        GAME,
        "Designs interlocking systems such as progression, economy and crafting.",
    ),
    (
        "game-design",
        "combat-designer",
        "Combat Designer",
        GAME,
        "Tunes enemies, weapons and abilities so fights feel fair and exciting.",
    ),
    (
        "game-design",
        "ux-designer",
        "UX Designer",
        GAME,
        "Designs menus, controls and feedback so a game is clear to play.",
    ),
    # Programming
    (
        "programming",
        "technical-director",
        "Technical Director",
        GAME,
        "Sets the technical direction of a game's engine and code and leads its "
        "programmers.",
    ),
    (
        "programming",
        "gameplay-programmer",
        "Gameplay Programmer",
        GAME,
        "Codes the mechanics, controls and behaviour the designers specify.",
    ),
    (
        "programming",
        "engine-programmer",
        "Engine Programmer",
        GAME,
        "Builds and optimises the core engine: rendering, memory, physics and "
        "streaming.",
    ),
    (
        "programming",
        "graphics-programmer",
        "Graphics Programmer",
        GAME,
        "Writes the rendering code and shaders that draw the game's images.",
    ),
    (
        "programming",
        "tools-programmer",
        "Tools Programmer",
        GAME,
        "Builds the editors and pipelines the rest of the team makes the game with.",
    ),
    (
        "programming",
        "network-programmer",
        "Network Programmer",
        GAME,
        "Writes the online and multiplayer code that keeps players in sync.",
    ),
    (
        "programming",
        "ai-programmer",
        "AI Programmer",
        GAME,
        "Codes how non-player characters perceive, decide and move.",
    ),
    # Animation
    (
        "animation",
        "animation-director",
        "Animation Director",
        "film,tv_series,video_game",
        "Sets the animation style and reviews the animators' work.",
    ),
    (
        "animation",
        "animator",
        "Animator",
        "film,tv_series,video_game,music_video",
        "Gives characters and objects their movement, pose by pose or by keys.",
    ),
    (
        "animation",
        "character-animator",
        "Character Animator",
        "film,tv_series,video_game",
        "Animates characters' acting and body mechanics so they feel alive.",
    ),
    (
        "animation",
        "cinematic-animator",
        "Cinematic Animator",
        GAME,
        "Animates the story cutscenes of a game.",
    ),
    (
        "animation",
        "stop-motion-animator",
        "Stop-motion Animator",
        SCREEN,
        "Moves puppets and models a frame at a time to animate them on camera.",
    ),
    (
        "animation",
        "rigging-artist",
        "Rigging Artist",
        "film,tv_series,video_game",
        "Builds the digital skeletons and controls animators pose characters with.",
    ),
    (
        "animation",
        "storyboard-artist",
        "Storyboard Artist",
        "film,tv_series,video_game,music_video",
        "Draws the shots of a scene in sequence before it is filmed or animated.",
    ),
    (
        "animation",
        "motion-capture-supervisor",
        "Motion Capture Supervisor",
        "film,tv_series,video_game",
        "Runs the capture stage, cameras and data of a performance-capture shoot.",
    ),
    # Audio (interactive / game audio)
    (
        "audio",
        "audio-director",
        "Audio Director",
        GAME,
        "Sets the sound of a game and leads its sound designers, composers and "
        "voice team.",
    ),
    (
        "audio",
        "game-sound-designer",
        "Sound Designer",
        GAME,
        "Creates the sound effects of a game, built to react to what the player does.",
    ),
    (
        "audio",
        "technical-sound-designer",
        "Technical Sound Designer",
        GAME,
        "Implements sounds in the engine with audio middleware so they respond "
        "to play.",
    ),
    (
        "audio",
        "audio-programmer",
        "Audio Programmer",
        GAME,
        "Writes the code that mixes, spatialises and streams a game's audio.",
    ),
    (
        "audio",
        "dialogue-supervisor",
        "Dialogue Supervisor",
        GAME,
        "Manages a game's voice scripts, recording sessions and dialogue files.",
    ),
    # QA
    (
        "qa",
        "qa-lead",
        "QA Lead",
        GAME,
        "Plans test passes and leads the testers working on a game.",
    ),
    (
        "qa",
        "qa-tester",
        "QA Tester",
        GAME,
        "Plays unfinished builds to find, reproduce and report bugs.",
    ),
    (
        "qa",
        "compliance-tester",
        "Compliance Tester",
        GAME,
        "Checks a game against the platform holders' certification requirements.",
    ),
    (
        "qa",
        "localization-tester",
        "Localization Tester",
        GAME,
        "Checks a game's translated text and voice for errors and lost context.",
    ),
    (
        "qa",
        "test-automation-engineer",
        "Test Automation Engineer",
        GAME,
        "Writes automated tests and bots that play builds to catch regressions.",
    ),
    # Marketing & Publicity
    (
        "marketing-publicity",
        "unit-publicist",
        "Unit Publicist",
        FILM_TV,
        "Handles press and publicity while a production shoots, including set visits.",
    ),
    (
        "marketing-publicity",
        "press-agent",
        "Press Agent",
        THEATER,
        "Promotes a stage show to the press and arranges reviews and interviews.",
    ),
    (
        "marketing-publicity",
        "epk-producer",
        "EPK Producer",
        SCREEN,
        "Produces the electronic press kit of interviews and behind-the-scenes "
        "footage.",
    ),
    (
        "marketing-publicity",
        "bts-videographer",
        "BTS Videographer",
        ALL,
        "Also called the EPK videographer, films behind-the-scenes footage and "
        "interviews.",
    ),
    (
        "marketing-publicity",
        "production-photographer",
        "Production Photographer",
        THEATER,
        "Photographs dress rehearsals and performances for press, programmes and "
        "the archive.",
    ),
    (
        "marketing-publicity",
        "making-of-director",
        "Making-of Director",
        "film,tv_series,video_game",
        "Directs the documentary that records how a production was made.",
    ),
    (
        "marketing-publicity",
        "social-media-manager",
        "Social Media Manager",
        ALL,
        "Runs a production's social accounts and posts its behind-the-scenes content.",
    ),
    (
        "marketing-publicity",
        "community-manager",
        "Community Manager",
        GAME,
        "Talks with a game's players online and shares development news with them.",
    ),
)


def seed_vocabulary(apps, schema_editor):
    Department = apps.get_model("productions", "Department")
    Role = apps.get_model("productions", "Role")
    departments = {}
    for index, (slug, name, description) in enumerate(DEPARTMENTS, start=1):
        departments[slug], _ = Department.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "position": index * 10,
            },
        )
    for department_slug, slug, name, kinds, description in ROLES:
        Role.objects.update_or_create(
            slug=slug,
            defaults={
                "department": departments[department_slug],
                "name": name,
                "production_kinds": kinds,
                "description": description,
            },
        )


def unseed_vocabulary(apps, schema_editor):
    Department = apps.get_model("productions", "Department")
    Role = apps.get_model("productions", "Role")
    Role.objects.filter(slug__in=[role[1] for role in ROLES]).delete()
    Department.objects.filter(
        slug__in=[department[0] for department in DEPARTMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("productions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_vocabulary, unseed_vocabulary),
    ]
