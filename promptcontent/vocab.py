"""Curated vocabularies the image generator combines (CON-1).

Every entry has a ``key`` (which is also its hashtag, without the ``#``), the ``phrase`` the description
template uses and, for most kinds, a ``detail`` sentence.  Hashtags are derived from these keys only, so
the description and the hashtags of an image always come from the same attributes.

Company names and sectors follow the repository contract: company n (1..200) is
``PREFIX[(n-1) % 20] + ' ' + SECTOR[(n-1) // 20]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

COMPANY_PREFIXES: tuple[str, ...] = (
    "Aurora", "Brisa", "Cumbre", "Delta", "Estrella", "Faro", "Granito", "Horizonte", "Índigo", "Jade",
    "Lumbre", "Marea", "Nácar", "Olivo", "Pino", "Quetzal", "Roble", "Sendero", "Trópico", "Volcán",
)


@dataclass(frozen=True)
class Sector:
    key: str  # hashtag and attribute key (English)
    name_es: str  # the contract's SECTOR name, part of the company name
    noun: str  # how the description names the industry


SECTORS: tuple[Sector, ...] = (
    Sector("food", "Alimentos", "food and beverage"),
    Sector("technology", "Tecnología", "consumer technology"),
    Sector("fashion", "Moda", "fashion"),
    Sector("health", "Salud", "health and wellness"),
    Sector("home", "Hogar", "home and interior"),
    Sector("travel", "Viajes", "travel and tourism"),
    Sector("finance", "Finanzas", "personal finance"),
    Sector("education", "Educación", "education"),
    Sector("sports", "Deportes", "sports"),
    Sector("cosmetics", "Cosmética", "beauty and cosmetics"),
)


@dataclass(frozen=True)
class Subject:
    key: str
    sector: str
    phrase: str
    detail: str
    settings: tuple[str, ...]  # settings that make sense for this subject


@dataclass(frozen=True)
class Term:
    key: str
    phrase: str
    detail: str = ""


@dataclass(frozen=True)
class Palette:
    key: str
    phrase: str
    colours: tuple[tuple[str, str], ...]  # (colour name, hex)


@dataclass(frozen=True)
class Use:
    key: str
    phrase: str
    detail: str
    width: int
    height: int


SUBJECTS: tuple[Subject, ...] = (
    # food
    Subject("ramen", "food", "a steaming bowl of ramen topped with a soft-boiled egg and spring onion",
            "Wisps of steam rise from the broth while chopsticks lift a tangle of noodles.",
            ("kitchen", "citynight", "market", "restaurant")),
    Subject("pancakes", "food", "a tall stack of blueberry pancakes dripping with maple syrup",
            "A pat of butter melts on top and a few berries have rolled across the plate.",
            ("kitchen", "breakfastnook", "cafe", "studio")),
    Subject("tomatoes", "food", "a crate of heirloom tomatoes in red, yellow and striped green",
            "Water droplets cling to the skins as if the fruit had just been rinsed.",
            ("market", "garden", "kitchen", "studio")),
    Subject("latteart", "food", "a barista pouring a rosetta pattern into a cappuccino",
            "The milk foam forms a crisp leaf shape on the espresso crema.",
            ("cafe", "kitchen", "studio", "citynight")),
    Subject("pizza", "food", "a wood-fired pizza with blistered crust, basil and fresh mozzarella",
            "A slice is being pulled away and the melted cheese stretches between the pieces.",
            ("restaurant", "kitchen", "rooftop", "garden")),
    # technology
    Subject("smartphone", "technology", "a slim smartphone showing a colourful home screen",
            "A hand holds the phone at an angle so the edge-to-edge display catches the light.",
            ("studio", "office", "citynight", "cafe")),
    Subject("headphones", "technology", "a pair of over-ear wireless headphones with cushioned ear cups",
            "The headband rests on a stack of vinyl records and a charging cable coils beside it.",
            ("studio", "bedroom", "citynight", "office")),
    Subject("laptop", "technology", "an open ultralight laptop next to a notebook and a cup of tea",
            "Lines of code and a project dashboard are visible on the screen.",
            ("office", "cafe", "library", "livingroom")),
    Subject("smartwatch", "technology", "a smartwatch displaying heart-rate and step-count rings",
            "The watch sits on a wrist mid-gesture, its strap textured like woven fabric.",
            ("studio", "mountain", "gym", "citynight")),
    Subject("drone", "technology", "a quadcopter drone hovering with its four propellers spinning",
            "A small gimbal camera points forward beneath the body of the aircraft.",
            ("mountain", "beach", "desert", "field")),
    # fashion
    Subject("sneakers", "fashion", "a pair of white leather sneakers with pastel-coloured laces",
            "The shoes are shown mid-stride so the cushioned sole and stitching are visible.",
            ("citynight", "studio", "skatepark", "rooftop")),
    Subject("trenchcoat", "fashion", "a model wearing a camel trench coat with the belt tied at the waist",
            "The coat's hem moves in the wind and the collar is turned up.",
            ("citynight", "rooftop", "studio", "cafe")),
    Subject("handbag", "fashion", "a structured leather handbag with gold hardware",
            "The bag stands upright beside sunglasses and a silk scarf.",
            ("studio", "boutique", "cafe", "rooftop")),
    Subject("denim", "fashion", "a folded stack of denim jeans in light, mid and dark washes",
            "Copper rivets and contrast stitching stand out along the pockets.",
            ("boutique", "studio", "market", "skatepark")),
    Subject("sunhat", "fashion", "a woman in a wide-brimmed straw sun hat and a linen dress",
            "She looks away from the camera, one hand holding the brim of the hat.",
            ("beach", "garden", "field", "desert")),
    # health
    Subject("yoga", "health", "a woman holding a balanced tree pose on a cork yoga mat",
            "Her palms are pressed together and her gaze is steady on the horizon.",
            ("beach", "studio", "forest", "livingroom")),
    Subject("smoothie", "health", "a green smoothie in a glass jar with a paper straw",
            "Spinach leaves, kiwi slices and chia seeds are scattered around the jar.",
            ("kitchen", "cafe", "gym", "garden")),
    Subject("meditation", "health", "a man meditating cross-legged with his eyes closed",
            "His hands rest on his knees and his shoulders are relaxed.",
            ("forest", "livingroom", "mountain", "beach")),
    Subject("vitamins", "health", "a row of amber glass bottles of vitamins and supplements",
            "A few capsules are spilled in front of the bottles next to a sprig of rosemary.",
            ("studio", "kitchen", "pharmacy", "bathroom")),
    Subject("stethoscope", "health", "a doctor in a white coat holding a stethoscope",
            "She smiles reassuringly at a patient who sits just out of focus.",
            ("clinic", "pharmacy", "office", "studio")),
    # home
    Subject("sofa", "home", "a deep velvet sofa piled with knitted cushions",
            "A wool throw is folded over one arm and a reading lamp leans over it.",
            ("livingroom", "studio", "loft", "bedroom")),
    Subject("houseplants", "home", "a corner filled with potted houseplants, a monstera and trailing pothos",
            "Terracotta pots of different heights stand on a wooden plant stand.",
            ("livingroom", "loft", "garden", "bathroom")),
    Subject("bed", "home", "a freshly made bed with crisp linen sheets and a chunky knit blanket",
            "Two pillows lean against an upholstered headboard.",
            ("bedroom", "loft", "studio", "cabin")),
    Subject("dining", "home", "a long oak dining table set for a family dinner",
            "Candles, ceramic plates and folded napkins line the table.",
            ("kitchen", "garden", "loft", "cabin")),
    Subject("candles", "home", "a cluster of scented soy candles in ceramic jars",
            "The small flames flicker and cast soft shadows on the wall behind them.",
            ("bathroom", "bedroom", "livingroom", "cabin")),
    # travel
    Subject("suitcase", "travel", "a hard-shell carry-on suitcase with a passport tucked in the handle",
            "Luggage tags and a boarding pass peek out of the front pocket.",
            ("airport", "citynight", "beach", "hotel")),
    Subject("hammock", "travel", "a hammock strung between two palm trees above white sand",
            "A paperback novel and a coconut drink rest on the sand underneath.",
            ("beach", "jungle", "coast", "island")),
    Subject("backpacker", "travel", "a backpacker reading a paper map at a trailhead",
            "A compass hangs from the strap of a weathered hiking backpack.",
            ("mountain", "forest", "desert", "jungle")),
    Subject("train", "travel", "a vintage red train crossing a stone viaduct",
            "Passengers lean out of the windows to take in the view of the valley.",
            ("mountain", "forest", "field", "citynight")),
    Subject("resortpool", "travel", "an infinity pool that seems to spill into the ocean",
            "Two loungers and a folded towel wait at the edge of the water.",
            ("island", "hotel", "beach", "jungle")),
    # finance
    Subject("piggybank", "finance", "a ceramic piggy bank with coins stacked in front of it",
            "A child's hand is dropping one more coin into the slot.",
            ("livingroom", "studio", "office", "kitchen")),
    Subject("charts", "finance", "a tablet showing rising investment charts and a portfolio summary",
            "A pen and a printed budget sheet lie beside the tablet.",
            ("office", "cafe", "studio", "livingroom")),
    Subject("creditcard", "finance", "a contactless credit card being tapped on a payment terminal",
            "The terminal screen flashes an approved payment.",
            ("cafe", "boutique", "market", "restaurant")),
    Subject("couple", "finance", "a young couple reviewing their household budget at the kitchen table",
            "Receipts are sorted into neat piles next to a calculator.",
            ("kitchen", "livingroom", "office", "cafe")),
    Subject("keys", "finance", "a hand holding the keys to a new home with a small house-shaped keyring",
            "A front door with a brass number is softly blurred behind them.",
            ("suburb", "garden", "studio", "loft")),
    # education
    Subject("books", "education", "an open textbook with highlighted passages and sticky notes",
            "A pair of reading glasses rests across the pages.",
            ("library", "cafe", "classroom", "bedroom")),
    Subject("graduation", "education", "graduates tossing their caps into the air",
            "The tassels blur in motion against the sky.",
            ("campus", "field", "citynight", "stadium")),
    Subject("microscope", "education", "a student looking through a microscope",
            "Glass slides and a notebook full of sketches sit on the bench.",
            ("lab", "classroom", "studio", "campus")),
    Subject("onlinelesson", "education", "a teenager attending an online lesson on a laptop with headphones",
            "On screen, a teacher draws a diagram on a digital whiteboard.",
            ("bedroom", "livingroom", "library", "cafe")),
    Subject("globe", "education", "a classic world globe spun by a child's hand",
            "Pencils and a colouring map of the continents surround the globe.",
            ("classroom", "library", "studio", "livingroom")),
    # sports
    Subject("runner", "sports", "a runner sprinting with a determined expression",
            "Every muscle is tense and one foot is just leaving the ground.",
            ("mountain", "citynight", "beach", "stadium")),
    Subject("cyclist", "sports", "a cyclist climbing a steep road on a carbon road bike",
            "Sweat shines on the rider's forearms and the front wheel is slightly blurred.",
            ("mountain", "forest", "field", "citynight")),
    Subject("football", "sports", "a football resting on the penalty spot of a freshly cut pitch",
            "Goal nets and floodlights are softly out of focus in the background.",
            ("stadium", "field", "citynight", "campus")),
    Subject("surfer", "sports", "a surfer carving across the face of a breaking wave",
            "Spray fans out behind the board as the rider leans into the turn.",
            ("beach", "island", "coast", "harbour")),
    Subject("kettlebell", "sports", "an athlete lifting a heavy kettlebell overhead",
            "Chalk dust hangs in the air around the athlete's hands.",
            ("gym", "studio", "rooftop", "field")),
    # cosmetics
    Subject("lipstick", "cosmetics", "a row of lipsticks in shades from nude to deep berry",
            "One tube is uncapped to show the freshly cut bullet.",
            ("studio", "boutique", "bathroom", "bedroom")),
    Subject("serum", "cosmetics", "a glass dropper bottle of face serum releasing a single golden drop",
            "The drop hangs from the pipette just above a smooth stone.",
            ("studio", "bathroom", "garden", "beach")),
    Subject("skincare", "cosmetics", "a woman applying moisturiser with a fresh, glowing complexion",
            "Her hair is wrapped in a towel and her skin looks dewy.",
            ("bathroom", "bedroom", "studio", "garden")),
    Subject("perfume", "cosmetics", "a faceted perfume bottle surrounded by fresh flower petals",
            "Light refracts through the glass and throws small rainbows on the surface.",
            ("studio", "boutique", "garden", "bedroom")),
    Subject("makeupbrushes", "cosmetics", "a set of soft makeup brushes fanned out beside an eyeshadow palette",
            "A little loose powder has dusted the surface around the brushes.",
            ("studio", "bedroom", "boutique", "bathroom")),
)

SETTINGS: tuple[Term, ...] = (
    Term("kitchen", "in a bright home kitchen", "Tiled walls and wooden counters frame the scene."),
    Term("citynight", "on a busy city street at night", "Neon signs and headlights reflect on the wet pavement."),
    Term("market", "at an open-air farmers' market", "Striped awnings and crates of produce fill the background."),
    Term("restaurant", "in a lively neighbourhood restaurant", "Diners and hanging pendant lamps are blurred behind."),
    Term("breakfastnook", "in a sunny breakfast nook", "Morning light slants through a window onto the table."),
    Term("cafe", "in a cosy corner café", "Brick walls, chalkboard menus and warm bulbs set the scene."),
    Term("studio", "in a clean photo studio with a seamless backdrop", "Nothing distracts from the product."),
    Term("garden", "in a lush backyard garden", "Flower beds and climbing vines surround the scene."),
    Term("rooftop", "on a rooftop terrace above the city skyline", "String lights hang over the railing."),
    Term("office", "in a modern open-plan office", "Glass walls, standing desks and plants fill the space."),
    Term("bedroom", "in a quiet bedroom", "Sheer curtains soften the daylight coming through the window."),
    Term("mountain", "on a winding mountain trail above the clouds", "Rocky peaks rise in the distance."),
    Term("gym", "in an industrial-style gym", "Exposed beams and rubber floors give the space an edge."),
    Term("beach", "on a sandy beach at the water's edge", "Gentle waves roll in and the horizon is wide open."),
    Term("desert", "in a sweeping desert of sand dunes", "Long shadows stretch across the ridges of sand."),
    Term("field", "in an open meadow of tall grass", "Wildflowers dot the grass as far as the eye can see."),
    Term("skatepark", "at a concrete skatepark covered in graffiti", "Ramps and bowls curve around the frame."),
    Term("boutique", "in an elegant boutique with marble shelves", "Brass rails and soft spotlights line the walls."),
    Term("forest", "in a misty pine forest", "Tall trunks fade into the fog and ferns cover the ground."),
    Term("livingroom", "in a relaxed living room", "A rug, a bookshelf and a large window complete the room."),
    Term("pharmacy", "in a tidy neighbourhood pharmacy", "Neatly labelled shelves stretch behind the counter."),
    Term("bathroom", "in a spa-like bathroom with stone tiles", "A freestanding tub and folded towels sit nearby."),
    Term("clinic", "in a bright medical clinic", "Clean white surfaces and a window onto trees keep it calm."),
    Term("loft", "in a converted industrial loft", "High ceilings, brick walls and steel windows define it."),
    Term("cabin", "in a wooden mountain cabin", "A stone fireplace glows and snow is visible outside."),
    Term("airport", "in a sunlit airport departure hall", "Planes are visible through the tall glass facade."),
    Term("hotel", "in a boutique hotel lobby", "Rattan chairs and tall palms frame the reception desk."),
    Term("jungle", "in a dense tropical rainforest", "Giant leaves, hanging vines and birdsong surround it."),
    Term("island", "on a remote tropical island", "Turquoise water surrounds a small curve of white sand."),
    Term("suburb", "on a quiet tree-lined suburban street", "Front porches and picket fences line the pavement."),
    Term("library", "in a hushed library reading room", "Tall shelves and green desk lamps stretch into the distance."),
    Term("classroom", "in a cheerful school classroom", "Colourful posters and a chalkboard cover the walls."),
    Term("campus", "on a university campus lawn", "Historic stone buildings border the green."),
    Term("lab", "in a well-equipped science laboratory", "Beakers, pipettes and safety goggles fill the benches."),
    Term("coast", "along a rugged rocky coastline", "Cliffs drop into a churning sea below a lighthouse."),
    Term("harbour", "beside a fishing harbour at dawn", "Colourful boats bob at their moorings in the still water."),
    Term("stadium", "in a floodlit sports stadium", "Empty stands rise steeply on every side."),
)

STYLES: tuple[Term, ...] = (
    Term("flatlay", "top-down flat-lay photograph", "Everything is arranged in a tidy grid seen from directly above."),
    Term("cinematic", "cinematic wide-angle photograph",
         "A shallow depth of field and letterboxed framing give it a film still quality."),
    Term("watercolour", "loose watercolour illustration",
         "Soft washes bleed into each other and the paper texture shows through."),
    Term("render3d", "glossy 3D render",
         "Smooth surfaces, soft global illumination and clay-like shapes make it feel playful."),
    Term("vintagefilm", "vintage film photograph",
         "Grain, faded highlights and slightly warm tones recall 1970s snapshots."),
    Term("vector", "minimalist flat vector illustration", "Simple geometric shapes and bold outlines keep it clean."),
    Term("aerial", "aerial drone photograph", "The bird's-eye view reveals patterns invisible from the ground."),
    Term("macro", "close-up macro photograph", "Tiny textures and surface details are rendered in sharp focus."),
)

MOODS: tuple[Term, ...] = (
    Term("joyful", "joyful and upbeat", "It should make the viewer smile and feel like celebrating."),
    Term("calm", "calm and serene", "The composition breathes, inviting the viewer to slow down."),
    Term("energetic", "energetic and bold", "Strong diagonals and motion create a sense of urgency."),
    Term("nostalgic", "nostalgic and sentimental", "It evokes fond memories of simpler times."),
    Term("luxurious", "luxurious and refined", "Every detail suggests premium quality and exclusivity."),
    Term("playful", "playful and whimsical", "A touch of humour keeps the scene light-hearted."),
    Term("dramatic", "dramatic and intense", "Deep shadows and high contrast heighten the tension."),
    Term("cosy", "cosy and intimate", "It feels warm, safe and close, like a quiet evening at home."),
)

PALETTES: tuple[Palette, ...] = (
    Palette("sunset", "warm sunset tones",
            (("coral", "#FF6F61"), ("amber", "#FFBF00"), ("magenta", "#C2185B"))),
    Palette("ocean", "cool ocean blues",
            (("navy", "#1B2A49"), ("teal", "#00897B"), ("sky blue", "#87CEEB"))),
    Palette("earthy", "earthy neutrals",
            (("terracotta", "#C65D3B"), ("sand", "#D8C3A5"), ("olive", "#708238"))),
    Palette("pastel", "soft pastels",
            (("blush pink", "#F8C8DC"), ("mint", "#B5EAD7"), ("lavender", "#C7CEEA"))),
    Palette("monochrome", "monochrome black and white",
            (("charcoal", "#333333"), ("silver grey", "#BDBDBD"), ("white", "#FFFFFF"))),
    Palette("neon", "vivid neon colours",
            (("electric pink", "#FF10F0"), ("cyan", "#00FFFF"), ("lime", "#32CD32"))),
    Palette("evergreen", "deep evergreen greens",
            (("emerald", "#046307"), ("moss", "#8A9A5B"), ("pine", "#01796F"))),
    Palette("goldblack", "black and gold",
            (("jet black", "#0A0A0A"), ("gold", "#D4AF37"), ("bronze", "#CD7F32"))),
)

USES: tuple[Use, ...] = (
    Use("instagramstory", "a vertical Instagram story",
        "The subject sits in the middle third, leaving room for stickers and a swipe-up link.", 1080, 1920),
    Use("webbanner", "a wide website hero banner",
        "Empty space on the left is reserved for a headline and a call-to-action button.", 1920, 600),
    Use("feedpost", "a square social media feed post",
        "The square crop keeps the subject centred so it survives small thumbnails.", 1080, 1080),
    Use("newsletter", "an email newsletter header",
        "The image is kept light so that it loads quickly in mail clients.", 1200, 400),
    Use("linkedin", "a LinkedIn company post",
        "The framing is professional enough for a business audience.", 1200, 627),
    Use("tiktokcover", "a TikTok video cover",
        "Bold contrast makes it stand out while users scroll quickly.", 1080, 1920),
    Use("poster", "a printed in-store poster",
        "It is composed in portrait so it can be printed large at high resolution.", 2480, 3508),
    Use("blogheader", "a blog article header",
        "A calm strip at the top allows the article title to be overlaid.", 1600, 900),
)

# Which styles make sense for which subject and setting: a flat-lay needs an object lying on a surface
# indoors (or at a market stall, a garden or a beach towel), a macro shot a small object, an aerial shot an
# outdoor setting and a subject big enough to be seen from above.
SMALL_OBJECTS: frozenset[str] = frozenset({
    "ramen", "pancakes", "tomatoes", "latteart", "pizza", "smartphone", "headphones", "smartwatch", "sneakers",
    "handbag", "denim", "smoothie", "vitamins", "candles", "piggybank", "creditcard", "keys", "books", "globe",
    "lipstick", "serum", "perfume", "makeupbrushes",
})
FLATLAY_OBJECTS: frozenset[str] = (SMALL_OBJECTS - {"latteart", "smartwatch", "creditcard", "keys"}) | {
    "laptop", "suitcase", "charts",
}
OUTDOOR_SETTINGS: frozenset[str] = frozenset({
    "citynight", "market", "garden", "rooftop", "mountain", "beach", "desert", "field", "skatepark", "forest",
    "jungle", "island", "suburb", "campus", "stadium", "coast", "harbour",
})
FLATLAY_OUTDOOR_OK: frozenset[str] = frozenset({"market", "garden", "rooftop", "beach"})


def style_fits(style: str, subject: str, setting: str) -> bool:
    """Whether a style can plausibly depict this subject in this setting."""
    if style == "flatlay":
        return subject in FLATLAY_OBJECTS and (setting not in OUTDOOR_SETTINGS or setting in FLATLAY_OUTDOOR_OK)
    if style == "macro":
        return subject in SMALL_OBJECTS
    if style == "aerial":
        return setting in OUTDOOR_SETTINGS and subject not in SMALL_OBJECTS
    return True


HASHTAG_CATEGORIES: tuple[str, ...] = (
    "sector", "subject", "setting", "style", "mood", "palette", "use", "brand",
)


def by_key(items: tuple[T, ...], key: str) -> T:
    """Return the vocabulary entry with the given key (KeyError when unknown)."""
    for item in items:
        if item.key == key:  # type: ignore[attr-defined]
            return item
    raise KeyError(key)


def check_vocabulary() -> None:
    """Fail fast when the curated lists contradict each other (unknown setting keys, duplicate keys)."""
    setting_keys = {s.key for s in SETTINGS}
    for subject in SUBJECTS:
        unknown = set(subject.settings) - setting_keys
        if unknown:
            raise ValueError(f"subject {subject.key} uses unknown settings {sorted(unknown)}")
    subject_keys = {s.key for s in SUBJECTS}
    unknown_subjects = (SMALL_OBJECTS | FLATLAY_OBJECTS) - subject_keys
    unknown_settings = OUTDOOR_SETTINGS - setting_keys
    if unknown_subjects or unknown_settings:
        raise ValueError(f"style rules name unknown keys: {sorted(unknown_subjects | unknown_settings)}")
    keys = [x.key for group in (SECTORS, SUBJECTS, SETTINGS, STYLES, MOODS, PALETTES, USES) for x in group]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"duplicate vocabulary keys: {sorted(duplicates)}")
