"""Seed the shared interest taxonomy, the same in every home so that homes can compare."""

from django.db import migrations
from django.utils.translation import gettext_noop

# (slug, name) per category. Slugs are stable identifiers: rename freely, never re-slug.
INTERESTS = {
    "arts": [
        ("painting", gettext_noop("Painting and drawing")),
        ("knitting", gettext_noop("Knitting and crochet")),
        ("sewing", gettext_noop("Sewing and embroidery")),
        ("crafts", gettext_noop("Crafts")),
        ("pottery", gettext_noop("Pottery and clay")),
        ("card-making", gettext_noop("Card making")),
        ("photography", gettext_noop("Photography")),
        ("flower-arranging", gettext_noop("Flower arranging")),
    ],
    "domestic": [
        ("baking", gettext_noop("Baking")),
        ("cooking", gettext_noop("Cooking")),
        ("helping-around-the-home", gettext_noop("Helping around the home")),
        ("laying-the-table", gettext_noop("Laying the table")),
        ("folding-laundry", gettext_noop("Folding laundry")),
    ],
    "music": [
        ("singing", gettext_noop("Singing")),
        ("choirs", gettext_noop("Choirs")),
        ("brass-bands", gettext_noop("Brass bands")),
        ("dancing", gettext_noop("Dancing")),
        ("listening-to-music", gettext_noop("Listening to music")),
        ("playing-an-instrument", gettext_noop("Playing an instrument")),
        ("folk-music", gettext_noop("Folk and traditional music")),
        ("musicals", gettext_noop("Musicals")),
        ("classical-music", gettext_noop("Classical music")),
        ("big-band-and-swing", gettext_noop("Big band and swing")),
        ("rock-and-roll", gettext_noop("Rock and roll")),
    ],
    "fitness": [
        ("chair-exercise", gettext_noop("Chair exercise")),
        ("walking", gettext_noop("Walking")),
        ("swimming", gettext_noop("Swimming")),
        ("yoga", gettext_noop("Yoga")),
        ("tai-chi", gettext_noop("Tai chi")),
    ],
    "learning": [
        ("reading", gettext_noop("Reading")),
        ("poetry", gettext_noop("Poetry")),
        ("history", gettext_noop("History")),
        ("local-history", gettext_noop("Local history")),
        ("talking-books", gettext_noop("Talking books")),
        ("learning-a-language", gettext_noop("Learning a language")),
        ("current-affairs", gettext_noop("Newspapers and current affairs")),
    ],
    "games": [
        ("dominoes", gettext_noop("Dominoes")),
        ("card-games", gettext_noop("Card games")),
        ("bingo", gettext_noop("Bingo")),
        ("jigsaws", gettext_noop("Jigsaws")),
        ("crosswords", gettext_noop("Crosswords")),
        ("chess", gettext_noop("Chess and draughts")),
        ("quizzes", gettext_noop("Quizzes")),
        ("scrabble", gettext_noop("Scrabble")),
    ],
    "technology": [
        ("video-calls", gettext_noop("Video calls")),
        ("using-a-tablet", gettext_noop("Using a tablet")),
        ("radio", gettext_noop("Radio and podcasts")),
        ("watching-films", gettext_noop("Watching films")),
        ("bollywood-films", gettext_noop("Bollywood films")),
    ],
    "nature": [
        ("gardening", gettext_noop("Gardening")),
        ("birdwatching", gettext_noop("Birdwatching")),
        ("growing-vegetables", gettext_noop("Growing vegetables")),
        ("fishing", gettext_noop("Fishing")),
        ("being-outdoors", gettext_noop("Being outdoors")),
    ],
    "faith": [
        ("worship", gettext_noop("Worship and prayer")),
        ("church-services", gettext_noop("Church services")),
        ("hymns", gettext_noop("Hymns")),
        ("mosque", gettext_noop("Mosque and Friday prayers")),
        ("gurdwara", gettext_noop("Gurdwara and kirtan")),
        ("temple", gettext_noop("Temple and puja")),
        ("synagogue", gettext_noop("Synagogue and Shabbat")),
        ("religious-festivals", gettext_noop("Religious and cultural festivals")),
        ("food-from-home", gettext_noop("Food from my culture")),
    ],
    "sport": [
        ("football", gettext_noop("Football")),
        ("cricket", gettext_noop("Cricket")),
        ("rugby", gettext_noop("Rugby")),
        ("horse-racing", gettext_noop("Horse racing")),
        ("snooker", gettext_noop("Snooker")),
        ("bowls", gettext_noop("Bowls")),
        ("golf", gettext_noop("Golf")),
    ],
    "community": [
        ("cafe-trips", gettext_noop("Café trips")),
        ("pub", gettext_noop("Going to the pub")),
        ("day-trips", gettext_noop("Day trips")),
        ("seaside-trips", gettext_noop("Trips to the seaside")),
        ("shopping", gettext_noop("Shopping")),
        ("library-visits", gettext_noop("Visiting the library")),
        ("intergenerational-visits", gettext_noop("Time with children and young people")),
        ("volunteering", gettext_noop("Volunteering")),
    ],
    "animals": [
        ("pets", gettext_noop("Pets")),
        ("animal-visits", gettext_noop("Animal visits")),
        ("dogs", gettext_noop("Dogs")),
        ("cats", gettext_noop("Cats")),
        ("horses", gettext_noop("Horses")),
    ],
}


def seed(apps, schema_editor):
    Interest = apps.get_model("residents", gettext_noop("Interest"))
    for category, entries in INTERESTS.items():
        for slug, name in entries:
            Interest.objects.update_or_create(
                slug=slug, defaults={"name": name, "category": category}
            )


def unseed(apps, schema_editor):
    Interest = apps.get_model("residents", gettext_noop("Interest"))
    slugs = [slug for entries in INTERESTS.values() for slug, _ in entries]
    Interest.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
