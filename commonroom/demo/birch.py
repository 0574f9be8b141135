"""Birch Court, Handsworth, Birmingham (England): the people written by hand."""

from .specs import (
    SUPPORTER,
    ContactSpec,
    OutcomeSpec,
    PeerSpec,
    PersonSpec,
    RiskSpec,
    StaffSpec,
    TechSpec,
)

STAFF = (
    StaffSpec("manager@birch.demo", "Grace Adeyemi", "manager", "Registered manager", ("Yoruba",)),
    StaffSpec("senior@birch.demo", "Tom Bradley", "senior_carer", "Senior carer"),
    StaffSpec(
        "carer@birch.demo", "Shirin Rahman", "care_worker", "Care worker", ("Bengali", "Sylheti")
    ),
    StaffSpec(
        "activities@birch.demo", "Owen Price", "activity_lead", "Activities lead", ("Welsh",)
    ),
    StaffSpec("volunteer@birch.demo", "Beverley Morris", "volunteer", "Volunteer"),
    StaffSpec("inspector@birch.demo", "Paul Whitaker", "visitor", "Inspector, CQC"),
    StaffSpec(
        "joy.clarke@birch.demo", "Joy Clarke", "care_worker", "Care worker", can_sign_in=False
    ),
    StaffSpec(
        "karen.lister@birch.demo",
        "Karen Lister",
        "care_worker",
        "Care worker",
        can_sign_in=False,
        left_days_ago=90,
    ),
)

WINSTON = PersonSpec(
    full_name="Winston Campbell",
    preferred_name="Winston",
    pronouns="he/him",
    age=86,
    room="1",
    moved_in_days_ago=700,
    first_language="Jamaican Patois",
    preferred_language="English",
    other_languages=("Jamaican Patois",),
    culture="Born in St Elizabeth, Jamaica; came to Birmingham in 1956",
    faith="Christian (New Testament Church of God)",
    faith_practice="Church on Sunday morning; gospel music; grace before meals.",
    sight="some",
    communicate="Talk to me like a grown man. I may drop into Patois when I am happy.",
    mobility="walking_aid",
    video_calls="welcome",
    devices="Smartphone (his grandson set it up)",
    ambitions="To see my great-grandson christened, and to win the dominoes league again.",
    getting_out="Church on Sunday and the dominoes club on Soho Road.",
    about={
        "most_important": (
            "I came from Jamaica in 1956 and drove the number 74 bus for thirty-two years. I "
            "raised five children with my late wife Gloria. Family and church are my life."
        ),
        "people": (
            "My daughter Marcia comes every day and keeps everybody in line. I have grandchildren "
            "all over: Birmingham, London, Kingston."
        ),
        "do_and_do_not": (
            "Please do play some gospel or a bit of ska. Please do not give me that bland food "
            "every day: a bit of pepper never hurt anybody."
        ),
        "support": (
            "I like my Saturday soup and hard dough bread. I check my sugar myself and I will "
            "tell you the number."
        ),
        "also_worth_knowing": "I was shop steward at the bus garage for ten years.",
    },
    supported_by="my daughter Marcia",
    interests=(
        ("dominoes", "present", "Won the Handsworth league in 1998"),
        ("cricket", "present", "West Indies, always"),
        ("listening-to-music", "present", "Gospel and ska"),
        ("church-services", "present", "Sunday morning, New Testament Church of God"),
        ("food-from-home", "present", "Saturday soup"),
        ("growing-vegetables", "past", "Grew callaloo on the allotment"),
    ),
    tech=(
        TechSpec("glasses", "Glasses", 200, 165),
        TechSpec("walking_aid", "Walking stick", 400, -45),
    ),
    contacts=(
        ContactSpec(
            "Marcia Campbell",
            "child",
            "eldest daughter",
            "visit",
            "daily",
            "Comes after work; knows his routines best.",
            support=SUPPORTER,
            updates=True,
            door_code=True,
            account="family@birch.demo",
        ),
        ContactSpec("Delroy Campbell", "child", "son", "visit", "weekly", updates=True),
        ContactSpec(
            "Paulette Reid", "child", "daughter in Kingston", "video", "fortnightly", updates=True
        ),
        ContactSpec("Jordan Campbell", "grandchild", "grandson", "visit", "fortnightly"),
        ContactSpec("Naomi Campbell-Ward", "grandchild", "granddaughter in London", "video"),
        ContactSpec("Aaliyah Reid", "grandchild", "granddaughter", "message", "weekly"),
        ContactSpec("Clive Campbell", "sibling", "brother in Jamaica", "phone", "monthly"),
        ContactSpec("Lloyd Bailey", "friend", "friend from the dominoes club", "visit", "weekly"),
        ContactSpec("Pastor Samuel Evans", "faith", "his pastor", "visit", "monthly"),
    ),
    outcomes=(
        OutcomeSpec(
            "I want to get to church every Sunday.", "Delroy drives; staff have him ready by nine."
        ),
        OutcomeSpec(
            "I want to keep playing dominoes.", "Lloyd visits; club on Wednesdays.", "achieved"
        ),
    ),
    risks=(
        RiskSpec(
            "Winston chooses to eat the food he loves, including sweet things, with diabetes.",
            "Higher blood sugar.",
            "He checks his own sugar; the kitchen offers lower-sugar versions; GP reviews.",
            "Winston, Marcia Campbell, Grace Adeyemi, GP",
            300,
            65,
        ),
    ),
)

GWEN = PersonSpec(
    full_name="Gwenllian Pritchard",
    preferred_name="Gwen",
    pronouns="she/her",
    age=83,
    room="4",
    moved_in_days_ago=380,
    first_language="Welsh",
    preferred_language="Welsh",
    other_languages=("English",),
    culture="From Caernarfon; moved to be near her daughter in Solihull",
    faith="Methodist (Welsh chapel)",
    faith_practice="Hymns on a Sunday; the Welsh Bible her mother gave her.",
    memory="some",
    communicate=(
        "Cymraeg yw fy iaith gyntaf. Owen speaks Welsh with me. A 'bore da' in the morning makes "
        "my day."
    ),
    mobility="walking_aid",
    video_calls="with_support",
    ambitions="To hear a male voice choir sing once more.",
    getting_out="A trip to Aberdaron with Siân in the summer.",
    about={
        "most_important": (
            "I was a primary school teacher in Caernarfon for thirty-five years. Welsh is my "
            "language. I miss the mountains but I have my daughter near."
        ),
        "communication": (
            "When I am tired my English goes first. Please speak Welsh if you can, even a word."
        ),
        "support": "Radio Cymru in the morning, please. Tea with milk, no sugar.",
    },
    supported_by="my daughter Siân and Owen Price",
    interests=(
        ("hymns", "present", "Welsh hymns (Calon Lân)"),
        ("poetry", "present", "The Eisteddfod poets"),
        ("radio", "present", "Radio Cymru"),
        ("being-outdoors", "past", "Walking on Yr Wyddfa"),
    ),
    tech=(TechSpec("tablet", "Tablet with Welsh radio set up", 30, 150),),
    contacts=(
        ContactSpec(
            "Siân Hughes",
            "child",
            "daughter in Solihull",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
        ),
        ContactSpec("Dafydd Pritchard", "child", "son in Caernarfon", "phone", "weekly"),
        ContactSpec("Elin Hughes", "grandchild", "granddaughter", "video", "monthly"),
    ),
    outcomes=(OutcomeSpec("I want to hear Welsh every day.", "Radio Cymru; Owen's Welsh chats."),),
)

RAHIMA = PersonSpec(
    full_name="Rahima Begum",
    preferred_name="Rahima",
    pronouns="she/her",
    age=78,
    room="7",
    moved_in_days_ago=520,
    first_language="Bengali (Sylheti)",
    preferred_language="Bengali (Sylheti)",
    culture="From Sylhet, Bangladesh; in Birmingham since 1979",
    faith="Muslim",
    faith_practice="Prays with her prayer mat facing the window; halal food; female carers only.",
    memory="significant",
    speech="some",
    dementia=True,
    communicate=(
        "Sylheti only now. Shirin speaks Sylheti. Use gestures and show me things. My "
        "granddaughter Tahmina has made a card of words."
    ),
    mobility="wheelchair",
    video_calls="with_support",
    about={
        "most_important": "My children and grandchildren, and my prayers.",
        "do_and_do_not": (
            "Please do cover my hair before visitors come in. Please do not send a man to help "
            "me wash."
        ),
    },
    supported_by="my granddaughter Tahmina",
    interests=(
        ("worship", "present", ""),
        ("food-from-home", "present", "Fish curry and rice"),
        ("sewing", "past", "Kantha quilts"),
    ),
    tech=(TechSpec("sensor", "Sensor mat by the bed", 60, 30),),
    contacts=(
        ContactSpec(
            "Shahid Miah",
            "child",
            "eldest son",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
            representative=True,
        ),
        ContactSpec("Nazma Begum", "child", "daughter", "visit", "daily", updates=True),
        ContactSpec("Abdul Miah", "child", "younger son", "phone", "weekly"),
        ContactSpec("Tahmina Miah", "grandchild", "granddaughter", "visit", "weekly"),
        ContactSpec("Rafiq Miah", "grandchild", "grandson", "visit"),
        ContactSpec("Sufia Khatun", "sibling", "sister in Sylhet", "video", "occasionally"),
        ContactSpec("Rokeya Bibi", "neighbour", "neighbour for thirty years", "visit", "monthly"),
    ),
    decides_for_self=False,
    refuses=("photos",),
    outcomes=(OutcomeSpec("I feel at peace.", "Female carers; prayer times kept."),),
    key_worker="carer@birch.demo",
)

IQBAL = PersonSpec(
    full_name="Mohammed Iqbal",
    preferred_name="Mr Iqbal",
    pronouns="he/him",
    age=81,
    room="9",
    moved_in_days_ago=5,
    first_language="Urdu",
    preferred_language="Urdu",
    other_languages=("Punjabi", "English"),
    culture="From Mirpur; foundry worker in Smethwick for thirty years",
    faith="Muslim",
    faith_practice="Friday prayers at the mosque if someone can take him; halal food.",
    hearing="significant",
    communicate="Loud and clear, on my right side. Urdu if possible.",
    mobility="walking_aid",
    video_calls="not_asked",
    about={"most_important": "I have just arrived. I would like to go to Friday prayers."},
    supported_by="my son Tariq",
    interests=(
        ("cricket", "present", "Pakistan"),
        ("mosque", "present", "Friday prayers"),
    ),
    contacts=(
        ContactSpec(
            "Tariq Iqbal",
            "child",
            "son",
            "visit",
            "daily",
            support=SUPPORTER,
            updates=True,
        ),
        ContactSpec("Amina Iqbal", "other_family", "daughter-in-law", "visit", "weekly"),
    ),
    outcomes=(OutcomeSpec("I want to go to Friday prayers.", "Tariq takes him; taxi as back-up."),),
)

KATH = PersonSpec(
    full_name="Kathleen O'Brien",
    preferred_name="Kath",
    pronouns="she/her",
    age=92,
    room="3",
    moved_in_days_ago=1100,
    other_languages=("Irish",),
    culture="From County Mayo; came to Birmingham as a nurse in 1952",
    faith="Roman Catholic",
    faith_practice="The rosary every evening; Communion brought on Fridays.",
    sight="significant",
    hearing="some",
    communicate="Tell me who you are. I cannot see faces now.",
    mobility="wheelchair",
    video_calls="with_support",
    about={
        "most_important": (
            "I nursed at the General Hospital for forty years. Six children, fourteen "
            "grandchildren and I have lost count of the greats."
        ),
        "do_and_do_not": (
            "Please do put the Irish music on. Please do not leave my rosary out of reach."
        ),
    },
    supported_by="my daughter Bernadette",
    interests=(
        ("folk-music", "present", "Irish music, the Dubliners"),
        ("worship", "present", "The rosary every evening"),
        ("horse-racing", "present", "A small bet on the Grand National"),
    ),
    tech=(TechSpec("glasses", "Glasses and a talking clock", 120, 60),),
    contacts=(
        ContactSpec(
            "Bernadette Walsh",
            "child",
            "daughter",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
        ),
        ContactSpec("Michael O'Brien", "child", "son", "phone", "weekly"),
        ContactSpec("Patrick O'Brien", "child", "son", "visit", "monthly"),
        ContactSpec("Siobhan Kelly", "child", "daughter in Dublin", "video", "monthly"),
        ContactSpec("Ciara Walsh", "grandchild", "granddaughter", "visit", "fortnightly"),
        ContactSpec("Fr Tony Gallagher", "faith", "parish priest", "visit", "weekly"),
    ),
    outcomes=(OutcomeSpec("I want Communion every week.", "Fr Tony on Fridays."),),
    plan_review_overdue_days=12,
)

DEREK = PersonSpec(
    full_name="Derek Whitfield",
    preferred_name="Derek",
    pronouns="he/him",
    age=61,
    room="11",
    moved_in_days_ago=260,
    culture="Lived in supported living in Kings Heath for twenty years",
    faith="No religion",
    memory="some",
    speech="some",
    dementia=True,
    communicate=(
        "I have Down's syndrome and early dementia. I use Makaton signs: thumbs up means yes. "
        "Keep words short and show me."
    ),
    mobility="independent",
    video_calls="welcome",
    devices="Tablet for music and calls",
    ambitions="To go to Villa Park for a match.",
    getting_out="The café on the High Street and the Villa shop.",
    about={
        "most_important": "Aston Villa! My sister Linda. Elvis.",
        "do_and_do_not": "Please do sing with me. Please do not shout.",
    },
    supported_by="my sister Linda and key worker Joy",
    interests=(
        ("football", "present", "Aston Villa"),
        ("singing", "present", "Elvis"),
        ("dancing", "present", ""),
        ("football", "try", "A match at Villa Park"),
    ),
    contacts=(
        ContactSpec(
            "Linda Whitfield",
            "sibling",
            "sister",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
            representative=True,
            authority="Deputy for health and welfare (Court of Protection)",
        ),
        ContactSpec("Gary Moss", "friend", "friend from supported living", "video", "fortnightly"),
    ),
    decides_for_self=False,
    outcomes=(OutcomeSpec("I want to go to Villa Park.", "Accessible tickets booked for spring."),),
    risks=(
        RiskSpec(
            "Derek goes to the café on the High Street with a volunteer, not staff.",
            "He could become confused or upset in a busy place.",
            "Same volunteer each time; a card with the home's number; short visits.",
            "Linda Whitfield (deputy), Grace Adeyemi, learning disability nurse",
            100,
            80,
        ),
    ),
    key_worker="joy.clarke@birch.demo",
)

HAZEL = PersonSpec(
    full_name="Hazel Morgan",
    preferred_name="Hazel",
    pronouns="she/her",
    age=72,
    room="12",
    moved_in_days_ago=430,
    culture="Retired librarian from Moseley",
    faith="Quaker",
    faith_practice="Meeting for Worship on Sunday when I can get there.",
    speech="some",
    communicate="Parkinson's makes my voice quiet: lean in, and be patient with me.",
    mobility="walking_aid",
    mobility_notes="Worse in the afternoon when her medication wears off.",
    video_calls="welcome",
    devices="Own laptop and tablet",
    ambitions="To start a residents' library here.",
    getting_out="Quaker meeting and the Botanical Gardens.",
    about={
        "most_important": (
            "Books, fairness and quiet. My partner June died in 2019 and I miss her every day."
        ),
        "support": "My medication times matter: please bring it on time, not 'around' the time.",
    },
    supported_by="written by me",
    interests=(
        ("reading", "present", "Crime and biographies"),
        ("talking-books", "present", "For days when my hands are shaky"),
        ("volunteering", "present", "Running the book trolley"),
        ("birdwatching", "present", ""),
        ("painting", "try", "Watercolours"),
    ),
    contacts=(
        ContactSpec("Anne Fielding", "faith", "Friend from Quaker meeting", "visit", "weekly"),
        ContactSpec("Rhys Morgan", "other_family", "nephew", "message", "monthly"),
        ContactSpec("Jean Cole", "former_work", "from the library", "phone", "occasionally"),
    ),
    outcomes=(
        OutcomeSpec(
            "I want to run a residents' library.", "Shelves in the lounge; Beverley helps."
        ),
    ),
    account="resident@birch.demo",
)

STANLEY = PersonSpec(
    full_name="Stanley Cooke",
    preferred_name="Stan",
    pronouns="he/him",
    age=85,
    room="5",
    moved_in_days_ago=900,
    culture="Lorry driver; Black Country born",
    faith="",
    hearing="some",
    mobility="walking_aid",
    video_calls="not_asked",
    ambitions="To visit the Black Country Living Museum.",
    getting_out="A pint of mild at the Red Lion, once a month.",
    about={
        "most_important": (
            "I drove lorries all over Europe. I never married. I keep myself to myself mostly, "
            "but I like a game of cards."
        ),
    },
    supported_by="key worker Tom",
    interests=(("card-games", "present", "Crib and rummy"), ("day-trips", "try", "")),
    outcomes=(
        OutcomeSpec("I want a trip to the Black Country Museum.", "Booked with volunteers."),
    ),
    plan_review_overdue_days=55,
)

PEOPLE = (WINSTON, GWEN, RAHIMA, IQBAL, KATH, DEREK, HAZEL, STANLEY)

PEERS = (
    PeerSpec("Gwenllian Pritchard", "Kathleen O'Brien", "friend", 350, "Sing together."),
    PeerSpec("Winston Campbell", "Mohammed Iqbal", "buddy", 4, "Both Handsworth men for 60 years."),
    PeerSpec("Hazel Morgan", "Derek Whitfield", "friend", 150, "Hazel reads to Derek."),
    PeerSpec(
        "Winston Campbell",
        "Stanley Cooke",
        "tension",
        60,
        "Fell out over a dominoes score; happier at different tables.",
    ),
)
