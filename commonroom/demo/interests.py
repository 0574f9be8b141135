"""The taxonomy entries the demo people use, by slug.

The shared taxonomy is seeded by a data migration (residents 0002) with the same slugs and names;
these are created only when a slug is missing, so the demo also works on a database where the
taxonomy is empty or older.
"""

from commonroom.residents.models import Interest

C = Interest.Category

INTERESTS: dict[str, tuple[str, str]] = {
    "singing": ("Singing", C.MUSIC),
    "folk-music": ("Folk and traditional music", C.MUSIC),
    "dancing": ("Dancing", C.MUSIC),
    "listening-to-music": ("Listening to music", C.MUSIC),
    "playing-an-instrument": ("Playing an instrument", C.MUSIC),
    "knitting": ("Knitting and crochet", C.ARTS),
    "painting": ("Painting and drawing", C.ARTS),
    "sewing": ("Sewing and embroidery", C.ARTS),
    "crafts": ("Crafts", C.ARTS),
    "baking": ("Baking", C.DOMESTIC),
    "cooking": ("Cooking", C.DOMESTIC),
    "helping-around-the-home": ("Helping around the home", C.DOMESTIC),
    "chair-exercise": ("Chair exercise", C.FITNESS),
    "walking": ("Walking", C.FITNESS),
    "swimming": ("Swimming", C.FITNESS),
    "reading": ("Reading", C.LEARNING),
    "poetry": ("Poetry", C.LEARNING),
    "history": ("History", C.LEARNING),
    "local-history": ("Local history", C.LEARNING),
    "talking-books": ("Talking books", C.LEARNING),
    "learning-a-language": ("Learning a language", C.LEARNING),
    "crosswords": ("Crosswords", C.GAMES),
    "card-games": ("Card games", C.GAMES),
    "dominoes": ("Dominoes", C.GAMES),
    "jigsaws": ("Jigsaws", C.GAMES),
    "chess": ("Chess and draughts", C.GAMES),
    "quizzes": ("Quizzes", C.GAMES),
    "bingo": ("Bingo", C.GAMES),
    "video-calls": ("Video calls", C.TECHNOLOGY),
    "using-a-tablet": ("Using a tablet", C.TECHNOLOGY),
    "radio": ("Radio and podcasts", C.TECHNOLOGY),
    "gardening": ("Gardening", C.NATURE),
    "growing-vegetables": ("Growing vegetables", C.NATURE),
    "birdwatching": ("Birdwatching", C.NATURE),
    "fishing": ("Fishing", C.NATURE),
    "being-outdoors": ("Being outdoors", C.NATURE),
    "worship": ("Worship and prayer", C.FAITH),
    "church-services": ("Church services", C.FAITH),
    "hymns": ("Hymns", C.FAITH),
    "mosque": ("Mosque and Friday prayers", C.FAITH),
    "gurdwara": ("Gurdwara and kirtan", C.FAITH),
    "religious-festivals": ("Religious and cultural festivals", C.FAITH),
    "food-from-home": ("Food from my culture", C.FAITH),
    "football": ("Football", C.SPORT),
    "cricket": ("Cricket", C.SPORT),
    "golf": ("Golf", C.SPORT),
    "bowls": ("Bowls", C.SPORT),
    "horse-racing": ("Horse racing", C.SPORT),
    "rugby": ("Rugby", C.SPORT),
    "snooker": ("Snooker", C.SPORT),
    "cafe-trips": ("Café trips", C.COMMUNITY),
    "shopping": ("Shopping", C.COMMUNITY),
    "day-trips": ("Day trips", C.COMMUNITY),
    "seaside-trips": ("Trips to the seaside", C.COMMUNITY),
    "library-visits": ("Visiting the library", C.COMMUNITY),
    "volunteering": ("Volunteering", C.COMMUNITY),
    "pub": ("Going to the pub", C.COMMUNITY),
    "pets": ("Pets", C.ANIMALS),
    "animal-visits": ("Animal visits", C.ANIMALS),
}


def ensure_interests(slugs: set[str]) -> dict[str, Interest]:
    """The taxonomy rows for ``slugs``, creating any the database does not have yet."""
    found = {interest.slug: interest for interest in Interest.objects.filter(slug__in=slugs)}
    for slug in sorted(slugs - found.keys()):
        name, category = INTERESTS[slug]
        interest = Interest(slug=slug, name=name, category=category)
        interest.full_clean()
        interest.save()
        found[slug] = interest
    return found
