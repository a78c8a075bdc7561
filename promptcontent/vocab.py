"""Curated vocabularies the image generator combines (CON-1).

Every entry has a ``key`` (which is also its hashtag, without the ``#``), the ``phrase`` the description
template uses and, for most kinds, a ``detail`` sentence.  Hashtags are derived from these keys only, so
the description and the hashtags of an image always come from the same attributes.

Company names and sectors follow the repository contract: company n (1..200) is
``PREFIX[(n-1) % 20] + ' ' + SECTOR[(n-1) // 20]``.
"""

from __future__ import annotations

import re
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


# --- Spanish ---------------------------------------------------------------------------------------------
# The same attributes, written in Spanish for the Spanish-speaking users (getContent in their language).
# These are not word-by-word translations: each entry is the natural Spanish way of saying it (Latin
# American usage: "celular", "audífonos", "tenis"), with accents.  Tags are the Spanish hashtags (ASCII,
# no accents, as people type them); `gender` ("m"/"f") lets the templates agree articles and demonstratives.


@dataclass(frozen=True)
class EsTerm:
    tag: str
    phrase: str
    detail: str = ""
    gender: str = "m"


@dataclass(frozen=True)
class EsPalette:
    tag: str
    phrase: str
    colours: tuple[str, str, str]


SECTORS_ES: dict[str, EsTerm] = {
    "food": EsTerm("alimentos", "alimentos y bebidas"),
    "technology": EsTerm("tecnologia", "tecnología de consumo", gender="f"),
    "fashion": EsTerm("moda", "moda", gender="f"),
    "health": EsTerm("salud", "salud y bienestar", gender="f"),
    "home": EsTerm("hogar", "hogar y decoración"),
    "travel": EsTerm("viajes", "viajes y turismo"),
    "finance": EsTerm("finanzas", "finanzas personales", gender="f"),
    "education": EsTerm("educacion", "educación", gender="f"),
    "sports": EsTerm("deportes", "deportes"),
    "cosmetics": EsTerm("cosmetica", "belleza y cosmética", gender="f"),
}

SUBJECTS_ES: dict[str, EsTerm] = {
    "ramen": EsTerm("ramen", "un tazón humeante de ramen con huevo cocido y cebollín",
                    "El vapor sube del caldo mientras unos palillos levantan una maraña de fideos."),
    "pancakes": EsTerm("panqueques", "una torre de panqueques de arándanos bañados en miel de maple",
                       "Un trozo de mantequilla se derrite encima y algunos arándanos ruedan por el plato."),
    "tomatoes": EsTerm("tomates", "una caja de tomates criollos rojos, amarillos y verdes rayados",
                       "Las gotas de agua se aferran a la piel como si acabaran de lavarlos."),
    "latteart": EsTerm("arteenlatte", "un barista que dibuja una roseta en la espuma de un capuchino",
                       "La leche forma una hoja nítida sobre la crema del espresso."),
    "pizza": EsTerm("pizza", "una pizza al horno de leña con borde inflado, albahaca y mozzarella fresca",
                    "Alguien separa una porción y el queso derretido se estira entre los pedazos."),
    "smartphone": EsTerm("celular", "un celular delgado con una pantalla de inicio llena de color",
                         "Una mano lo sostiene inclinado y la pantalla de borde a borde atrapa la luz."),
    "headphones": EsTerm("audifonos", "unos audífonos inalámbricos de diadema con almohadillas acolchadas",
                         "Descansan sobre una pila de discos de vinilo, junto a un cable de carga enrollado."),
    "laptop": EsTerm("laptop", "una laptop ultraligera abierta junto a una libreta y una taza de té",
                     "En la pantalla se ven líneas de código y un tablero de proyecto."),
    "smartwatch": EsTerm("relojinteligente", "un reloj inteligente que muestra los anillos de pulso y de pasos",
                         "Lo lleva una muñeca en pleno movimiento; la correa tiene textura de tela tejida."),
    "drone": EsTerm("dron", "un dron cuadricóptero suspendido en el aire con las cuatro hélices girando",
                    "Bajo el cuerpo del aparato, una pequeña cámara con estabilizador apunta hacia adelante."),
    "sneakers": EsTerm("tenis", "unos tenis blancos de cuero con cordones en tonos pastel",
                       "Se ven a media zancada, de modo que se aprecian la suela acolchada y las costuras."),
    "trenchcoat": EsTerm("gabardina", "una modelo con una gabardina color camel y el cinturón anudado",
                         "El ruedo del abrigo se mueve con el viento y lleva el cuello levantado."),
    "handbag": EsTerm("bolso", "un bolso estructurado de cuero con herrajes dorados",
                      "Está de pie junto a unos anteojos de sol y una pañoleta de seda."),
    "denim": EsTerm("mezclilla", "una pila de pantalones de mezclilla doblados en lavados claro, medio y oscuro",
                    "Los remaches de cobre y las costuras en contraste resaltan en los bolsillos."),
    "sunhat": EsTerm("sombrero", "una mujer con un sombrero de paja de ala ancha y un vestido de lino",
                     "Mira hacia otro lado y con una mano sujeta el ala del sombrero."),
    "yoga": EsTerm("yoga", "una mujer que sostiene la postura del árbol sobre una esterilla de corcho",
                   "Tiene las palmas unidas y la mirada fija en el horizonte."),
    "smoothie": EsTerm("batido", "un batido verde en un frasco de vidrio con pajilla de papel",
                       "Alrededor del frasco hay hojas de espinaca, rodajas de kiwi y semillas de chía."),
    "meditation": EsTerm("meditacion", "un hombre que medita con las piernas cruzadas y los ojos cerrados",
                         "Apoya las manos en las rodillas y mantiene los hombros relajados."),
    "vitamins": EsTerm("vitaminas", "una fila de frascos de vidrio ámbar con vitaminas y suplementos",
                       "Delante de los frascos hay algunas cápsulas regadas y una ramita de romero."),
    "stethoscope": EsTerm("estetoscopio", "una doctora con bata blanca y un estetoscopio en la mano",
                          "Sonríe con calma a una paciente que aparece desenfocada a un lado."),
    "sofa": EsTerm("sofa", "un sofá profundo de terciopelo cubierto de cojines tejidos",
                   "Sobre un brazo hay una manta de lana doblada y una lámpara de lectura se inclina encima."),
    "houseplants": EsTerm("plantas",
                          "un rincón lleno de plantas de interior en maceta, una costilla de Adán y un potos colgante",
                          "Macetas de barro de distintas alturas descansan sobre un soporte de madera."),
    "bed": EsTerm("cama", "una cama recién tendida con sábanas de lino y una cobija de punto grueso",
                  "Dos almohadas se apoyan contra un cabecero tapizado."),
    "dining": EsTerm("comedor", "una larga mesa de roble servida para una cena familiar",
                     "Velas, platos de cerámica y servilletas dobladas recorren la mesa."),
    "candles": EsTerm("velas", "un grupo de velas aromáticas de soya en frascos de cerámica",
                      "Las pequeñas llamas titilan y proyectan sombras suaves en la pared."),
    "suitcase": EsTerm("maleta", "una maleta de cabina de carcasa rígida con un pasaporte metido en el asa",
                       "Del bolsillo delantero asoman las etiquetas de equipaje y un pase de abordar."),
    "hammock": EsTerm("hamaca", "una hamaca colgada entre dos palmeras sobre arena blanca",
                      "Debajo, en la arena, reposan una novela de bolsillo y un coco con pajilla."),
    "backpacker": EsTerm("mochilero", "un mochilero que consulta un mapa de papel al inicio de un sendero",
                         "De la correa de su gastada mochila de montaña cuelga una brújula."),
    "train": EsTerm("tren", "un tren rojo antiguo que cruza un viaducto de piedra",
                    "Los pasajeros se asoman por las ventanas para mirar el valle."),
    "resortpool": EsTerm("piscina", "una piscina infinita que parece derramarse en el océano",
                         "Dos tumbonas y una toalla doblada esperan a la orilla del agua."),
    "piggybank": EsTerm("alcancia", "una alcancía de cerámica en forma de cerdito con monedas apiladas delante",
                        "La mano de un niño deja caer una moneda más por la ranura."),
    "charts": EsTerm("graficos", "una tableta con gráficos de inversión al alza y el resumen de un portafolio",
                     "Junto a la tableta hay un bolígrafo y una hoja de presupuesto impresa."),
    "creditcard": EsTerm("tarjeta", "una tarjeta de crédito sin contacto que se acerca a un datáfono",
                         "La pantalla de la terminal muestra el pago aprobado."),
    "couple": EsTerm("pareja", "una pareja joven que revisa su presupuesto familiar en la mesa de la cocina",
                     "Los recibos están ordenados en montoncitos junto a una calculadora."),
    "keys": EsTerm("llaves", "una mano que sostiene las llaves de una casa nueva con un llavero en forma de casita",
                   "Detrás, una puerta de entrada con un número de bronce aparece suavemente desenfocada."),
    "books": EsTerm("libros", "un libro de texto abierto con pasajes resaltados y notas adhesivas",
                    "Unos anteojos de lectura descansan sobre las páginas."),
    "graduation": EsTerm("graduacion", "unos graduados que lanzan sus birretes al aire",
                         "Las borlas se ven borrosas por el movimiento contra el cielo."),
    "microscope": EsTerm("microscopio", "una estudiante que observa por un microscopio",
                         "Sobre la mesa hay portaobjetos de vidrio y un cuaderno lleno de bocetos."),
    "onlinelesson": EsTerm("claseenlinea", "un adolescente que sigue una clase en línea en su laptop con audífonos",
                           "En la pantalla, una profesora dibuja un diagrama en una pizarra digital."),
    "globe": EsTerm("globoterraqueo", "un globo terráqueo clásico que gira bajo la mano de un niño",
                    "Lo rodean lápices y un mapa de los continentes para colorear."),
    "runner": EsTerm("corredor", "un corredor que esprinta con expresión decidida",
                     "Tiene todos los músculos tensos y un pie apenas despega del suelo."),
    "cyclist": EsTerm("ciclista", "un ciclista que sube una cuesta empinada en una bicicleta de ruta de carbono",
                      "El sudor brilla en sus antebrazos y la rueda delantera se ve un poco movida."),
    "football": EsTerm("futbol", "un balón de fútbol colocado en el punto penal de una cancha recién cortada",
                       "Al fondo, las redes de la portería y los reflectores se ven desenfocados."),
    "surfer": EsTerm("surf", "un surfista que corta la pared de una ola que rompe",
                     "El agua sale en abanico detrás de la tabla mientras se inclina en el giro."),
    "kettlebell": EsTerm("pesarusa", "una atleta que levanta una pesa rusa pesada por encima de la cabeza",
                         "Alrededor de sus manos flota polvo de magnesio."),
    "lipstick": EsTerm("labial", "una fila de labiales en tonos que van del nude al morado baya",
                       "Uno está destapado y deja ver la barra recién estrenada."),
    "serum": EsTerm("serum", "un frasco gotero de sérum facial que suelta una sola gota dorada",
                    "La gota cuelga de la pipeta justo encima de una piedra lisa."),
    "skincare": EsTerm("cuidadodelapiel", "una mujer que se aplica crema hidratante, con el cutis fresco y luminoso",
                       "Lleva el pelo envuelto en una toalla y la piel se ve jugosa."),
    "perfume": EsTerm("perfume", "un frasco de perfume facetado rodeado de pétalos frescos",
                      "La luz atraviesa el cristal y proyecta pequeños arcoíris sobre la superficie."),
    "makeupbrushes": EsTerm("brochas",
                            "un juego de brochas de maquillaje suaves en abanico junto a una paleta de sombras",
                            "Un poco de polvo suelto ha quedado esparcido alrededor de las brochas."),
}

SETTINGS_ES: dict[str, EsTerm] = {
    "kitchen": EsTerm("cocina", "en una cocina casera luminosa",
                      "Paredes de azulejo y encimeras de madera enmarcan la escena."),
    "citynight": EsTerm("ciudaddenoche", "en una calle concurrida de la ciudad, de noche",
                        "Los letreros de neón y los faros se reflejan en el pavimento mojado."),
    "market": EsTerm("feria", "en una feria del agricultor al aire libre",
                     "Toldos a rayas y cajones de verduras llenan el fondo."),
    "restaurant": EsTerm("restaurante", "en un animado restaurante de barrio",
                         "Detrás se adivinan comensales y lámparas colgantes desenfocadas."),
    "breakfastnook": EsTerm("desayunador", "en un desayunador soleado",
                            "La luz de la mañana entra sesgada por una ventana sobre la mesa."),
    "cafe": EsTerm("cafeteria", "en el rincón de una cafetería acogedora",
                   "Paredes de ladrillo, pizarras con el menú y bombillos cálidos ambientan el lugar."),
    "studio": EsTerm("estudio", "en un estudio fotográfico limpio con fondo infinito", "Nada distrae del producto."),
    "garden": EsTerm("jardin", "en un jardín trasero frondoso",
                     "Arriates de flores y enredaderas rodean la escena."),
    "rooftop": EsTerm("azotea", "en una terraza en la azotea con vista al perfil de la ciudad",
                      "Guirnaldas de luces cuelgan sobre la baranda."),
    "office": EsTerm("oficina", "en una oficina moderna de planta abierta",
                     "Paredes de vidrio, escritorios de pie y plantas llenan el espacio."),
    "bedroom": EsTerm("dormitorio", "en un dormitorio tranquilo",
                      "Unas cortinas translúcidas suavizan la luz del día que entra por la ventana."),
    "mountain": EsTerm("montana", "en un sendero de montaña sinuoso por encima de las nubes",
                       "A lo lejos se elevan picos rocosos."),
    "gym": EsTerm("gimnasio", "en un gimnasio de estilo industrial",
                  "Vigas a la vista y pisos de hule le dan carácter al espacio."),
    "beach": EsTerm("playa", "en una playa de arena a la orilla del mar",
                    "Las olas llegan mansas y el horizonte está completamente despejado."),
    "desert": EsTerm("desierto", "en un amplio desierto de dunas",
                     "Sombras alargadas se extienden sobre las crestas de arena."),
    "field": EsTerm("pradera", "en una pradera abierta de pasto alto",
                    "Hasta donde alcanza la vista, el pasto está salpicado de flores silvestres."),
    "skatepark": EsTerm("skatepark", "en un skatepark de concreto cubierto de grafitis",
                        "Rampas y piscinas curvas rodean el encuadre."),
    "boutique": EsTerm("tiendaboutique", "en una boutique elegante con estantes de mármol",
                       "Rieles de latón y focos suaves recorren las paredes."),
    "forest": EsTerm("bosque", "en un bosque de pinos envuelto en niebla",
                     "Los troncos altos se pierden en la bruma y los helechos cubren el suelo."),
    "livingroom": EsTerm("sala", "en una sala de estar relajada",
                         "Una alfombra, un librero y un ventanal completan la estancia."),
    "pharmacy": EsTerm("farmacia", "en una farmacia de barrio ordenada",
                       "Detrás del mostrador se extienden estantes bien rotulados."),
    "bathroom": EsTerm("bano", "en un baño de aire spa con azulejos de piedra",
                       "Cerca hay una tina exenta y toallas dobladas."),
    "clinic": EsTerm("clinica", "en una clínica médica luminosa",
                     "Superficies blancas impecables y una ventana hacia los árboles transmiten calma."),
    "loft": EsTerm("loft", "en un loft industrial reconvertido",
                   "Techos altos, paredes de ladrillo y ventanales de acero lo definen."),
    "cabin": EsTerm("cabana", "en una cabaña de madera en la montaña",
                    "Una chimenea de piedra arde y afuera se ve la nieve."),
    "airport": EsTerm("aeropuerto", "en una sala de salidas de aeropuerto bañada de sol",
                      "A través de la alta fachada de vidrio se ven los aviones."),
    "hotel": EsTerm("hotel", "en el vestíbulo de un hotel boutique",
                    "Sillas de ratán y palmas altas enmarcan la recepción."),
    "jungle": EsTerm("selva", "en una selva tropical espesa",
                     "Hojas gigantes, lianas colgantes y el canto de los pájaros lo envuelven todo."),
    "island": EsTerm("isla", "en una isla tropical remota",
                     "Un agua turquesa rodea una pequeña curva de arena blanca."),
    "suburb": EsTerm("barrio", "en una calle residencial tranquila bordeada de árboles",
                     "Porches y cercas de madera blanca bordean la acera."),
    "library": EsTerm("biblioteca", "en la sala de lectura silenciosa de una biblioteca",
                      "Estanterías altas y lámparas verdes de escritorio se pierden a lo lejos."),
    "classroom": EsTerm("aula", "en un aula escolar alegre",
                        "Carteles de colores y una pizarra cubren las paredes."),
    "campus": EsTerm("campus", "en el césped de un campus universitario",
                     "Edificios históricos de piedra bordean la zona verde."),
    "lab": EsTerm("laboratorio", "en un laboratorio de ciencias bien equipado",
                  "Vasos de precipitado, pipetas y gafas de seguridad llenan las mesas."),
    "coast": EsTerm("costa", "a lo largo de una costa rocosa y escarpada",
                    "Los acantilados caen a un mar agitado bajo un faro."),
    "harbour": EsTerm("puerto", "junto a un puerto pesquero al amanecer",
                      "Botes de colores se mecen amarrados en el agua quieta."),
    "stadium": EsTerm("estadio", "en un estadio deportivo iluminado por reflectores",
                      "Las graderías vacías se levantan empinadas por todos los costados."),
}

STYLES_ES: dict[str, EsTerm] = {
    "flatlay": EsTerm("vistacenital", "fotografía cenital tipo flat-lay",
                      "Todo está ordenado en una cuadrícula prolija, visto directamente desde arriba.", "f"),
    "cinematic": EsTerm("cinematografica", "fotografía cinematográfica en gran angular",
                        "La poca profundidad de campo y el encuadre panorámico le dan aire de fotograma de película.",
                        "f"),
    "watercolour": EsTerm("acuarela", "ilustración suelta en acuarela",
                          "Las aguadas se funden unas con otras y se nota la textura del papel.", "f"),
    "render3d": EsTerm("render3d", "render 3D brillante",
                       "Superficies lisas, iluminación global suave y formas como de plastilina lo vuelven lúdico.",
                       "m"),
    "vintagefilm": EsTerm("fotoretro", "fotografía analógica de época",
                          "El grano, las luces lavadas y los tonos algo cálidos recuerdan las instantáneas de los "
                          "años setenta.",
                          "f"),
    "vector": EsTerm("vectorial", "ilustración vectorial plana y minimalista",
                     "Formas geométricas simples y contornos marcados mantienen la imagen limpia.", "f"),
    "aerial": EsTerm("aerea", "fotografía aérea tomada con dron",
                     "La vista de pájaro revela patrones que desde el suelo no se perciben.", "f"),
    "macro": EsTerm("macro", "fotografía macro de primer plano",
                    "Las texturas diminutas y los detalles de la superficie aparecen con total nitidez.", "f"),
}

MOODS_ES: dict[str, EsTerm] = {  # masculine forms: the templates say "el ambiente", "el tono"
    "joyful": EsTerm("alegre", "alegre y optimista",
                     "Debería arrancarle una sonrisa a quien la mire y dar ganas de celebrar."),
    "calm": EsTerm("sereno", "tranquilo y sereno", "La composición respira e invita a bajar el ritmo."),
    "energetic": EsTerm("energetico", "enérgico y audaz",
                        "Las diagonales marcadas y el movimiento crean sensación de urgencia."),
    "nostalgic": EsTerm("nostalgico", "nostálgico y sentimental",
                        "Evoca recuerdos entrañables de tiempos más sencillos."),
    "luxurious": EsTerm("lujoso", "lujoso y refinado", "Cada detalle sugiere calidad superior y exclusividad."),
    "playful": EsTerm("divertido", "divertido y caprichoso", "Un toque de humor mantiene la escena ligera."),
    "dramatic": EsTerm("dramatico", "dramático e intenso",
                       "Las sombras profundas y el alto contraste aumentan la tensión."),
    "cosy": EsTerm("acogedor", "acogedor e íntimo",
                   "Se siente cálido, seguro y cercano, como una noche tranquila en casa."),
}

PALETTES_ES: dict[str, EsPalette] = {
    "sunset": EsPalette("atardecer", "tonos cálidos de atardecer", ("coral", "ámbar", "magenta")),
    "ocean": EsPalette("oceano", "azules frescos de océano", ("azul marino", "verde azulado", "celeste")),
    "earthy": EsPalette("terroso", "neutros terrosos", ("terracota", "arena", "verde oliva")),
    "pastel": EsPalette("pastel", "pasteles suaves", ("rosa palo", "verde menta", "lavanda")),
    "monochrome": EsPalette("blancoynegro", "un blanco y negro monocromático", ("gris carbón", "gris plata", "blanco")),
    "neon": EsPalette("neon", "colores neón vivos", ("rosa eléctrico", "cian", "verde lima")),
    "evergreen": EsPalette("verdebosque", "verdes profundos de bosque", ("esmeralda", "musgo", "verde pino")),
    "goldblack": EsPalette("negroydorado", "negro y dorado", ("negro azabache", "dorado", "bronce")),
}

USES_ES: dict[str, EsTerm] = {
    "instagramstory": EsTerm("historiasinstagram", "una historia vertical de Instagram",
                             "El motivo ocupa el tercio central y deja espacio para stickers y un enlace.", "f"),
    "webbanner": EsTerm("bannerweb", "un banner ancho de portada para sitio web",
                        "El espacio vacío de la izquierda queda reservado para un titular y un botón de llamada a "
                            "la acción.",
                        "m"),
    "feedpost": EsTerm("publicacion", "una publicación cuadrada para el feed de redes sociales",
                       "El recorte cuadrado mantiene el motivo centrado para que se lea bien en miniatura.", "f"),
    "newsletter": EsTerm("boletin", "un encabezado de boletín por correo electrónico",
                         "La imagen es liviana para que cargue rápido en los clientes de correo.", "m"),
    "linkedin": EsTerm("linkedin", "una publicación de empresa en LinkedIn",
                       "El encuadre es lo bastante profesional para un público de negocios.", "f"),
    "tiktokcover": EsTerm("portadatiktok", "una portada de video de TikTok",
                          "El contraste fuerte la hace destacar mientras la gente se desplaza rápido.", "f"),
    "poster": EsTerm("afiche", "un afiche impreso para punto de venta",
                     "Está compuesto en vertical para imprimirse en gran formato y alta resolución.", "m"),
    "blogheader": EsTerm("encabezadoblog", "un encabezado de artículo de blog",
                         "Una franja tranquila en la parte superior permite superponer el título del artículo.", "m"),
}


def check_spanish_vocabulary() -> None:
    """Every attribute has its Spanish entry and no two Spanish hashtags of different attributes coincide."""
    groups = ((SECTORS, SECTORS_ES), (SUBJECTS, SUBJECTS_ES), (SETTINGS, SETTINGS_ES), (STYLES, STYLES_ES),
              (MOODS, MOODS_ES), (PALETTES, PALETTES_ES), (USES, USES_ES))
    for items, spanish in groups:
        keys = {x.key for x in items}
        if keys != set(spanish):
            raise ValueError(f"Spanish vocabulary out of step: missing {sorted(keys - set(spanish))}, "
                             f"unknown {sorted(set(spanish) - keys)}")
    keys = {x.key for items, _ in groups for x in items}
    if set(ALIASES_ES) - keys:
        raise ValueError(f"aliases for unknown attributes: {sorted(set(ALIASES_ES) - keys)}")
    tags = [es.tag for _, spanish in groups for es in spanish.values()]
    tags += [alias for aliases in ALIASES_ES.values() for alias in aliases]
    malformed = [t for t in tags if not re.fullmatch(r"[a-z0-9]{2,40}", t)]
    if malformed:
        raise ValueError(f"Spanish hashtags must be 2-40 ASCII lowercase letters or digits: {malformed}")
    duplicates = {t for t in tags if tags.count(t) > 1}
    if duplicates:
        raise ValueError(f"duplicate Spanish hashtags: {sorted(duplicates)}")


# Extra Spanish hashtags per attribute: the other names Spanish speakers use for the same thing (regional
# variants across Latin America and Spain, the everyday word beside the technical one). A Spanish community
# manager tags both #piscina and #alberca; these tags also let the full-text search match the word a user
# happens to know. Single words, ASCII, keyed by the attribute key (keys are unique across categories).
ALIASES_ES: dict[str, tuple[str, ...]] = {
    # sectors
    "food": ("comida", "gastronomia"), "technology": ("gadgets", "electronica"), "fashion": ("ropa", "estilo"),
    "health": ("bienestar", "vidasana"), "home": ("decoracion", "interiores"), "travel": ("turismo", "vacaciones"),
    "finance": ("dinero", "economia"), "education": ("aprendizaje", "escuela"), "sports": ("deporte", "fitness"),
    "cosmetics": ("belleza", "maquillaje"),
    # subjects
    "ramen": ("fideos", "sopa", "comidajaponesa"), "pancakes": ("hotcakes", "tortitas", "desayuno"),
    "tomatoes": ("verduras", "hortalizas", "cosecha"), "latteart": ("capuchino", "barista", "espresso"),
    "pizza": ("pizzeria", "hornodelena", "comidaitaliana"), "smartphone": ("movil", "telefono", "smartphone"),
    "headphones": ("auriculares", "musica", "audio"), "laptop": ("computadora", "portatil", "ordenador"),
    "smartwatch": ("reloj", "wearable", "pulsera"), "drone": ("cuadricoptero", "aeronave"),
    "sneakers": ("zapatillas", "calzado", "sneakers"), "trenchcoat": ("abrigo", "impermeable", "trench"),
    "handbag": ("cartera", "bolsa", "accesorios"), "denim": ("jeans", "vaqueros", "pantalones"),
    "sunhat": ("verano", "sombrerodepaja"), "yoga": ("asana", "esterilla"),
    "smoothie": ("licuado", "jugoverde", "detox"), "meditation": ("mindfulness", "relajacion"),
    "vitamins": ("suplementos", "capsulas", "pastillas"), "stethoscope": ("medico", "doctora", "consulta"),
    "sofa": ("sillon", "cojines", "living"), "houseplants": ("macetas", "plantasdeinterior", "monstera"),
    "bed": ("sabanas", "ropadecama", "descanso"), "dining": ("mesa", "cenafamiliar", "vajilla"),
    "candles": ("aromaterapia", "velasaromaticas"), "suitcase": ("equipaje", "valija", "pasaporte"),
    "hammock": ("palmeras", "relax", "tropico"), "backpacker": ("senderismo", "excursion", "mapa"),
    "train": ("ferrocarril", "viajeentren", "viaducto"), "resortpool": ("alberca", "pileta", "resort"),
    "piggybank": ("ahorro", "chanchito", "monedas"), "charts": ("inversion", "acciones", "portafolio"),
    "creditcard": ("pagos", "sincontacto", "datafono"), "couple": ("presupuesto", "gastos", "familia"),
    "keys": ("casapropia", "hipoteca", "vivienda"), "books": ("estudiar", "lectura", "apuntes"),
    "graduation": ("graduados", "birrete", "universidad"), "microscope": ("ciencia", "biologia", "microbiologia"),
    "onlinelesson": ("educacionenlinea", "clasevirtual", "estudiardesdecasa"),
    "globe": ("geografia", "mapamundi", "mundo"), "runner": ("running", "correr", "atletismo"),
    "cyclist": ("ciclismo", "bicicleta", "bici"), "football": ("balon", "cancha", "soccer"),
    "surfer": ("surfista", "olas", "tabla"), "kettlebell": ("pesas", "entrenamiento", "fuerza"),
    "lipstick": ("pintalabios", "labios", "barradelabios"), "serum": ("gotero", "cuidadofacial", "aceitefacial"),
    "skincare": ("hidratacion", "crema", "rutinafacial"), "perfume": ("fragancia", "aroma", "colonia"),
    "makeupbrushes": ("pinceles", "sombras", "maquillador"),
    # settings
    "kitchen": ("cocinacasera",), "citynight": ("noche", "ciudad"), "market": ("mercado", "feriaagricola"),
    "restaurant": ("comensales",), "breakfastnook": ("mananas",), "cafe": ("coffeeshop",),
    "studio": ("fotoestudio",), "garden": ("patio",), "rooftop": ("terraza",), "office": ("trabajo", "oficinas"),
    "bedroom": ("habitacion", "cuarto"), "mountain": ("montanas", "cumbres"), "gym": ("gym",),
    "beach": ("mar", "orilla"), "desert": ("dunas",), "field": ("campo", "prado"), "skatepark": ("skate",),
    "boutique": ("tienda",), "forest": ("pinos", "naturaleza"), "livingroom": ("saladeestar", "salon"),
    "pharmacy": ("botica",), "bathroom": ("spa",), "clinic": ("hospital",), "loft": ("industrial",),
    "cabin": ("chimenea",), "airport": ("vuelo", "aviones"), "hotel": ("lobby",), "jungle": ("bosquetropical",),
    "island": ("caribe",), "suburb": ("vecindario",), "library": ("lectores",), "classroom": ("salondeclases",),
    "campus": ("universitario",), "lab": ("experimento",), "coast": ("acantilados", "faro"),
    "harbour": ("botes",), "stadium": ("graderias",),
    # styles
    "flatlay": ("flatlay", "cenital"), "cinematic": ("cine",), "watercolour": ("pintura", "ilustracion"),
    "render3d": ("3d",), "vintagefilm": ("analogico", "retro"), "vector": ("flat", "minimalista"),
    "aerial": ("vistaaerea",), "macro": ("primerplano",),
    # moods
    "joyful": ("felicidad",), "calm": ("calma",), "energetic": ("energia",), "nostalgic": ("recuerdos",),
    "luxurious": ("lujo",), "playful": ("jugueton",), "dramatic": ("contraste",), "cosy": ("hogareno",),
    # palettes
    "sunset": ("colorescalidos",), "ocean": ("azules",), "earthy": ("tierra",), "pastel": ("suave",),
    "monochrome": ("monocromo",), "neon": ("fluor",), "evergreen": ("verdes",), "goldblack": ("dorado",),
    # uses
    "instagramstory": ("stories", "instagram"), "webbanner": ("banner",), "feedpost": ("redessociales",),
    "newsletter": ("emailmarketing",), "linkedin": ("corporativo",), "tiktokcover": ("tiktok",),
    "poster": ("cartel", "impresion"), "blogheader": ("blog",),
}
