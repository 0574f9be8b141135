"""Seed the shared interest taxonomy, the same in every home so that homes can compare."""

from django.db import migrations

# (slug, name) per category. Slugs are stable identifiers: rename freely, never re-slug.
INTERESTS = {
    "arts": [
        ("painting", "Painting and drawing"),
        ("knitting", "Knitting and crochet"),
        ("sewing", "Sewing and embroidery"),
        ("crafts", "Crafts"),
        ("pottery", "Pottery and clay"),
        ("card-making", "Card making"),
        ("photography", "Photography"),
        ("flower-arranging", "Flower arranging"),
    ],
    "domestic": [
        ("baking", "Baking"),
        ("cooking", "Cooking"),
        ("helping-around-the-home", "Helping around the home"),
        ("laying-the-table", "Laying the table"),
        ("folding-laundry", "Folding laundry"),
    ],
    "music": [
        ("singing", "Singing"),
        ("choirs", "Choirs"),
        ("brass-bands", "Brass bands"),
        ("dancing", "Dancing"),
        ("listening-to-music", "Listening to music"),
        ("playing-an-instrument", "Playing an instrument"),
        ("folk-music", "Folk and traditional music"),
        ("musicals", "Musicals"),
        ("classical-music", "Classical music"),
        ("big-band-and-swing", "Big band and swing"),
        ("rock-and-roll", "Rock and roll"),
    ],
    "fitness": [
        ("chair-exercise", "Chair exercise"),
        ("walking", "Walking"),
        ("swimming", "Swimming"),
        ("yoga", "Yoga"),
        ("tai-chi", "Tai chi"),
    ],
    "learning": [
        ("reading", "Reading"),
        ("poetry", "Poetry"),
        ("history", "History"),
        ("local-history", "Local history"),
        ("talking-books", "Talking books"),
        ("learning-a-language", "Learning a language"),
        ("current-affairs", "Newspapers and current affairs"),
    ],
    "games": [
        ("dominoes", "Dominoes"),
        ("card-games", "Card games"),
        ("bingo", "Bingo"),
        ("jigsaws", "Jigsaws"),
        ("crosswords", "Crosswords"),
        ("chess", "Chess and draughts"),
        ("quizzes", "Quizzes"),
        ("scrabble", "Scrabble"),
    ],
    "technology": [
        ("video-calls", "Video calls"),
        ("using-a-tablet", "Using a tablet"),
        ("radio", "Radio and podcasts"),
        ("watching-films", "Watching films"),
        ("bollywood-films", "Bollywood films"),
    ],
    "nature": [
        ("gardening", "Gardening"),
        ("birdwatching", "Birdwatching"),
        ("growing-vegetables", "Growing vegetables"),
        ("fishing", "Fishing"),
        ("being-outdoors", "Being outdoors"),
    ],
    "faith": [
        ("worship", "Worship and prayer"),
        ("church-services", "Church services"),
        ("hymns", "Hymns"),
        ("mosque", "Mosque and Friday prayers"),
        ("gurdwara", "Gurdwara and kirtan"),
        ("temple", "Temple and puja"),
        ("synagogue", "Synagogue and Shabbat"),
        ("religious-festivals", "Religious and cultural festivals"),
        ("food-from-home", "Food from my culture"),
    ],
    "sport": [
        ("football", "Football"),
        ("cricket", "Cricket"),
        ("rugby", "Rugby"),
        ("horse-racing", "Horse racing"),
        ("snooker", "Snooker"),
        ("bowls", "Bowls"),
        ("golf", "Golf"),
    ],
    "community": [
        ("cafe-trips", "Café trips"),
        ("pub", "Going to the pub"),
        ("day-trips", "Day trips"),
        ("seaside-trips", "Trips to the seaside"),
        ("shopping", "Shopping"),
        ("library-visits", "Visiting the library"),
        ("intergenerational-visits", "Time with children and young people"),
        ("volunteering", "Volunteering"),
    ],
    "animals": [
        ("pets", "Pets"),
        ("animal-visits", "Animal visits"),
        ("dogs", "Dogs"),
        ("cats", "Cats"),
        ("horses", "Horses"),
    ],
}


def seed(apps, schema_editor):
    Interest = apps.get_model("residents", "Interest")
    for category, entries in INTERESTS.items():
        for slug, name in entries:
            Interest.objects.update_or_create(
                slug=slug, defaults={"name": name, "category": category}
            )


def unseed(apps, schema_editor):
    Interest = apps.get_model("residents", "Interest")
    slugs = [slug for entries in INTERESTS.values() for slug, _ in entries]
    Interest.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
