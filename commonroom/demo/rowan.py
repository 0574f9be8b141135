"""Rowan House, Perth (Scotland): the people written by hand. More are generated in turn."""

from .specs import (
    SUBSTITUTE,
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
    StaffSpec("manager@rowan.demo", "Eilidh Sinclair", "manager", "Home manager"),
    StaffSpec("senior@rowan.demo", "Amir Hussain", "senior_carer", "Senior carer", ("Urdu",)),
    StaffSpec("carer@rowan.demo", "Aileen Stewart", "care_worker", "Care worker"),
    StaffSpec("activities@rowan.demo", "Kirsty Doig", "activity_lead", "Activities co-ordinator"),
    StaffSpec("volunteer@rowan.demo", "Douglas Laing", "volunteer", "Befriending volunteer"),
    StaffSpec("inspector@rowan.demo", "Fiona Baird", "visitor", "Inspector, Care Inspectorate"),
    StaffSpec(
        "grzegorz.wisniewski@rowan.demo",
        "Grzegorz Wiśniewski",
        "care_worker",
        "Care worker",
        ("Polish",),
        can_sign_in=False,
    ),
    StaffSpec(
        "manpreet.gill@rowan.demo",
        "Manpreet Gill",
        "care_worker",
        "Care worker",
        ("Punjabi",),
        can_sign_in=False,
    ),
    StaffSpec(
        "lorna.keir@rowan.demo",
        "Lorna Keir",
        "care_worker",
        "Care worker",
        can_sign_in=False,
        left_days_ago=150,
    ),
)

PEIGI = PersonSpec(
    full_name="Margaret MacLeod",
    preferred_name="Peigi",
    pronouns="she/her",
    age=88,
    room="3",
    moved_in_days_ago=830,
    first_language="Scottish Gaelic",
    preferred_language="Scottish Gaelic",
    other_languages=("English",),
    culture="Grew up on a croft near Carloway on the Isle of Lewis",
    faith="Free Church of Scotland",
    faith_practice=(
        "Gaelic psalm singing on Sunday mornings. The Gaelic service is streamed from Stornoway "
        "and I like to listen with my Bible open."
    ),
    hearing="some",
    memory="significant",
    dementia=True,
    communicate=(
        "Speak slowly and face me. Try a few words of Gaelic first: 'Ciamar a tha thu, a Pheigi?' "
        "When I am tired my English goes, so point to things and give me time."
    ),
    mobility="walking_aid",
    mobility_notes="Uses her frame indoors; a wheelchair for longer trips out.",
    video_calls="with_support",
    devices="Shared tablet on a stand",
    ambitions="To hear Gaelic spoken every day, and to see Ishbel's new grandchild on a call.",
    getting_out=(
        "Sitting by the Tay when the weather is fair, and going to the Gaelic choir concert at "
        "Christmas."
    ),
    about={
        "most_important": (
            "I was born on a croft on Lewis, the fourth of seven. I have had a long, full life: "
            "I married Donald, raised four children and we came to Perth for his work in 1962. "
            "What matters most to me now is my family and hearing my own language."
        ),
        "people": (
            "My daughter Catriona comes nearly every day. Calum comes on Sundays after church. "
            "Ishbel is in Nova Scotia and calls on the tablet. My niece Seonag writes every month "
            "with news from Carloway."
        ),
        "communication": (
            "Gaelic is the language of my heart. I hear better on my left side. If I do not "
            "answer, I may not have heard you, so please try again gently."
        ),
        "do_and_do_not": (
            "Please do sing with me, even if you do not know the words. Please do not rush me in "
            "the morning, and please do not call me Margaret: only the doctor calls me that."
        ),
        "support": (
            "I like my porridge with salt, not sugar, and a strong cup of tea. I go to bed after "
            "the evening psalm on the radio."
        ),
    },
    supported_by="my daughter Catriona and key worker Aileen",
    interests=(
        ("folk-music", "present", "Gaelic psalms and waulking songs"),
        ("singing", "present", ""),
        ("knitting", "past", "Fair Isle jumpers for all the grandchildren"),
        ("gardening", "past", "Worked the croft with my father"),
        ("church-services", "present", "Sunday Gaelic service"),
        ("video-calls", "try", "Calls to Ishbel in Nova Scotia"),
    ),
    tech=(
        TechSpec("hearing_aid", "Hearing aid, left ear", 140, -20),
        TechSpec("walking_aid", "Wheeled walking frame", 60, 120),
    ),
    contacts=(
        ContactSpec(
            "Catriona MacLeod",
            "child",
            "younger daughter",
            "visit",
            "daily",
            "Comes in most days after work, usually around five.",
            support=SUPPORTER,
            updates=True,
            door_code=True,
            representative=True,
            account="family@rowan.demo",
        ),
        ContactSpec(
            "Calum MacLeod",
            "child",
            "son",
            "visit",
            "weekly",
            "Sundays after church.",
            support=SUBSTITUTE,
            updates=True,
        ),
        ContactSpec(
            "Ishbel Fraser",
            "child",
            "elder daughter, lives in Nova Scotia",
            "video",
            "monthly",
            "Calls on the first Saturday of the month, 3pm our time.",
            updates=True,
        ),
        ContactSpec("Mairi MacLeod", "grandchild", "granddaughter", "message", "weekly"),
        ContactSpec("Ruairidh MacLeod", "grandchild", "grandson, at university", "phone"),
        ContactSpec("Seonag Morrison", "other_family", "niece in Carloway", "letter", "monthly"),
        ContactSpec(
            "Chrissie Macdonald",
            "friend",
            "friend since school on Lewis",
            "phone",
            "fortnightly",
            "Hard of hearing too: put her on speaker.",
        ),
        ContactSpec(
            "Rev. Iain Campbell",
            "faith",
            "minister, Perth Gaelic congregation",
            "visit",
            "monthly",
        ),
    ),
    decides_for_self=False,
    outcomes=(
        OutcomeSpec(
            "I want to hear and speak Gaelic every day.",
            "Gaelic radio each morning; Mòrag and Peigi sit together at lunch.",
        ),
        OutcomeSpec(
            "I want to see Ishbel's family on the tablet.",
            "Key worker books the monthly call and sits with Peigi.",
            "achieved",
        ),
    ),
    plan_review_overdue_days=24,
)

RUTH = PersonSpec(
    full_name="Ruth Abernethy",
    preferred_name="Ruth",
    pronouns="she/her",
    age=67,
    room="12",
    moved_in_days_ago=540,
    culture="Perth born and bred",
    faith="Humanist",
    mobility="wheelchair",
    mobility_notes="Powered wheelchair; transfers with one person.",
    communicate="Just talk to me normally. I tire in the afternoons, so mornings are best.",
    video_calls="welcome",
    devices="Own tablet and phone",
    ambitions="To finish my memoir of thirty years teaching at Perth Academy.",
    getting_out="The library on a Tuesday, and coffee in town with my book group.",
    about={
        "most_important": (
            "I taught English for thirty years and I still mark everything I read. Multiple "
            "sclerosis brought me here sooner than I planned, but my mind is my own and I want "
            "to be treated that way."
        ),
        "people": (
            "My brother Alan phones on Sundays. My book group friends, Moira especially, keep me "
            "in the loop. Tomasz here is my chess partner and a worthy opponent."
        ),
        "do_and_do_not": (
            "Please do ask me before you move my things. Please do not talk over me to whoever "
            "is pushing my chair."
        ),
        "support": (
            "I like to get up at seven, with the radio on. I need help with my legs in the "
            "morning and a rest after lunch."
        ),
    },
    supported_by="written by me",
    interests=(
        ("reading", "present", "Crime novels and anything by Ali Smith"),
        ("library-visits", "present", "Tuesdays at the AK Bell Library"),
        ("chess", "present", ""),
        ("crosswords", "present", "The Herald cryptic"),
        ("poetry", "present", ""),
        ("swimming", "try", "Adapted swimming at Perth Leisure Pool"),
    ),
    tech=(TechSpec("wheelchair", "Powered wheelchair", 30, 150),),
    contacts=(
        ContactSpec("Alan Abernethy", "sibling", "brother", "phone", "weekly"),
        ContactSpec("Moira Kidd", "friend", "friend from the book group", "visit", "fortnightly"),
        ContactSpec(
            "Graham Bell", "former_work", "former head of department", "message", "occasionally"
        ),
    ),
    outcomes=(
        OutcomeSpec(
            "I want to write for an hour every morning.",
            "Tablet with a keyboard set up at the desk in my room by nine.",
        ),
        OutcomeSpec("I want to get to the library on my own.", "Booked accessible taxi."),
    ),
    risks=(
        RiskSpec(
            "Ruth wants to go into town on her own in her powered chair.",
            "Uneven pavements on the way into town; battery could run low.",
            "Charged every night; she carries her phone; route agreed along the riverside path.",
            "Ruth, Eilidh Sinclair (manager), occupational therapist",
            200,
            160,
        ),
    ),
    withdraws=("community",),
    account="resident@rowan.demo",
)

TOMASZ = PersonSpec(
    full_name="Tomasz Nowak",
    preferred_name="Tomasz",
    pronouns="he/him",
    age=74,
    room="8",
    moved_in_days_ago=410,
    first_language="Polish",
    preferred_language="Polish",
    other_languages=("English", "Russian"),
    culture="From Gdańsk; worked at the shipyard, came to Scotland in 1990",
    faith="Roman Catholic",
    faith_practice="Polish Mass at St John the Baptist, first Sunday of the month.",
    speech="significant",
    communicate=(
        "A stroke took many of my words. I understand more than I can say. Use yes/no questions "
        "and my picture board. Polish is easier for me than English."
    ),
    mobility="wheelchair",
    video_calls="welcome",
    devices="Tablet with a picture-board app",
    ambitions="To visit Gdańsk once more for my granddaughter's first communion.",
    getting_out="Watching the football at the Polish club on a Saturday.",
    about={
        "most_important": (
            "Family, my faith and football. I was a welder in the Lenin Shipyard and I was there "
            "in 1980. In Perth I worked thirty years as a maintenance engineer."
        ),
        "communication": (
            "Give me time. Ask one thing at a time. Grzegorz speaks Polish with me and it helps "
            "a lot. Please do not finish my sentences for me."
        ),
        "wellness": "I get frustrated when I cannot find a word. A walk outside helps.",
    },
    supported_by="key worker Grzegorz, using the picture board",
    interests=(
        ("football", "present", "Lechia Gdańsk and St Johnstone"),
        ("chess", "present", ""),
        ("church-services", "present", "Polish Mass"),
        ("fishing", "past", "Sea fishing off Hel"),
        ("cooking", "try", "Pierogi with the activities team"),
    ),
    tech=(
        TechSpec("communication_aid", "Picture-board app on his tablet", 45, 45),
        TechSpec("wheelchair", "Self-propelled wheelchair", 90, 90),
    ),
    contacts=(
        ContactSpec(
            "Piotr Nowak",
            "child",
            "son, lives in Perth",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
            door_code=True,
        ),
        ContactSpec(
            "Agnieszka Wójcik",
            "child",
            "daughter in Kraków",
            "video",
            "weekly",
            "Sunday evenings; speak Polish.",
            updates=True,
        ),
        ContactSpec("Kuba Nowak", "grandchild", "grandson", "visit", "monthly"),
        ContactSpec("Fr Marek Zieliński", "faith", "Polish chaplain", "visit", "monthly"),
        ContactSpec("Zbigniew Lis", "friend", "friend from the Polish club", "phone"),
    ),
    outcomes=(
        OutcomeSpec("I want to talk with my daughter every week.", "Sunday video call set up."),
        OutcomeSpec("I want to get to Mass.", "Piotr drives him on the first Sunday."),
    ),
    key_worker="grzegorz.wisniewski@rowan.demo",
)

HARJIT = PersonSpec(
    full_name="Harjit Kaur Sandhu",
    preferred_name="Harjit",
    pronouns="she/her",
    age=84,
    room="5",
    moved_in_days_ago=9,
    first_language="Punjabi",
    preferred_language="Punjabi",
    other_languages=("English", "Hindi"),
    culture="Born near Jalandhar, Punjab; in Scotland since 1968",
    faith="Sikh",
    faith_practice=(
        "Morning prayers (Japji Sahib) on my own before breakfast. Vegetarian: no meat, fish or "
        "eggs. The gurdwara in Dundee on Sundays when my son can take me."
    ),
    hearing="some",
    memory="some",
    communicate="Punjabi is best. Manpreet speaks Punjabi. Speak clearly and not too fast.",
    mobility="walking_aid",
    video_calls="welcome",
    ambitions="To be at my grandson Arjun's wedding in the summer.",
    getting_out="The gurdwara, and the Indian grocer on South Street with my daughter-in-law.",
    about={
        "most_important": (
            "I have only just come here and everything is new. My family is everything to me. "
            "I ran a grocery shop with my husband for forty years."
        ),
        "people": (
            "My son Jasvir and his wife Manjit visit most days. My daughter Kulwinder lives in "
            "Glasgow. I have five grandchildren and two great-grandchildren."
        ),
        "support": (
            "I wake early for prayers and need quiet then. I like chai with cardamom, not tea "
            "bags in a cup."
        ),
    },
    supported_by="my daughter-in-law Manjit",
    interests=(
        ("gurdwara", "present", "Gurbani kirtan"),
        ("cooking", "past", "Made food for the langar every Sunday"),
        ("sewing", "present", ""),
        ("religious-festivals", "present", "Vaisakhi and Diwali"),
        ("gardening", "try", "Growing coriander and methi"),
    ),
    tech=(TechSpec("walking_aid", "Walking stick", 9, 170),),
    contacts=(
        ContactSpec(
            "Jasvir Singh Sandhu",
            "child",
            "son",
            "visit",
            "daily",
            support=SUPPORTER,
            updates=True,
            door_code=True,
        ),
        ContactSpec(
            "Manjit Kaur Sandhu",
            "other_family",
            "daughter-in-law",
            "visit",
            "daily",
            support=SUBSTITUTE,
            updates=True,
        ),
        ContactSpec("Kulwinder Kaur Bains", "child", "daughter in Glasgow", "phone", "weekly"),
        ContactSpec("Arjun Singh Sandhu", "grandchild", "grandson", "visit", "weekly"),
        ContactSpec("Simran Kaur Bains", "grandchild", "granddaughter", "video", "weekly"),
        ContactSpec("Harpreet Kaur Sandhu", "grandchild", "granddaughter", "message"),
        ContactSpec("Gurdev Singh", "sibling", "brother in Punjab", "video", "occasionally"),
        ContactSpec("Surinder Kaur Dhillon", "faith", "friend from the gurdwara", "phone"),
    ),
    outcomes=(
        OutcomeSpec(
            "I want to feel at home here.", "Daily visits; Punjabi-speaking key worker; buddy Ruth."
        ),
    ),
    key_worker="manpreet.gill@rowan.demo",
)

WAI_LING = PersonSpec(
    full_name="Chan Wai Ling",
    preferred_name="Mrs Chan",
    pronouns="she/her",
    age=90,
    room="15",
    moved_in_days_ago=1020,
    first_language="Cantonese",
    preferred_language="Cantonese",
    other_languages=("English",),
    culture="From Hong Kong; ran a restaurant in Dundee with her husband for thirty years",
    faith="Buddhist",
    faith_practice="Lights incense for her husband on his anniversary (with staff, by the window).",
    sight="significant",
    hearing="some",
    communicate=(
        "My eyes are poor (macular degeneration): tell me who you are when you come in. Short "
        "English sentences are fine; Cantonese for anything important."
    ),
    mobility="walking_aid",
    video_calls="with_support",
    devices="Large-button phone; magnifier",
    ambitions="To teach the staff to make proper dumplings.",
    getting_out="Dim sum in Dundee with my son on special days.",
    about={
        "most_important": (
            "I worked hard all my life and I am proud of my children. Now I like to rest, listen "
            "to Cantonese opera and have visitors."
        ),
        "do_and_do_not": (
            "Please do tell me your name each time. Please do not move my chair or my cup: I "
            "find them by where they are."
        ),
    },
    supported_by="my son Kelvin",
    interests=(
        ("listening-to-music", "present", "Cantonese opera"),
        ("cooking", "past", "Dim sum"),
        ("card-games", "present", "Mahjong, when someone can play"),
        ("radio", "present", ""),
    ),
    tech=(
        TechSpec("glasses", "Reading glasses and a lighted magnifier", 300, -65),
        TechSpec("pendant_alarm", "Pendant alarm", 20, 160),
    ),
    contacts=(
        ContactSpec(
            "Kelvin Chan",
            "child",
            "son in Edinburgh",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
        ),
        ContactSpec("Mei Chan", "child", "daughter in Hong Kong", "video", "monthly", updates=True),
        ContactSpec("Daniel Chan", "grandchild", "grandson", "visit", "monthly"),
    ),
    refuses=("photos", "group_photos"),
    outcomes=(OutcomeSpec("I want to hear my music every day.", "Speaker by the bed, set up."),),
)

ARCHIE = PersonSpec(
    full_name="Archibald Robertson",
    preferred_name="Archie",
    pronouns="he/him",
    age=79,
    room="2",
    moved_in_days_ago=690,
    culture="Crieff; postman for forty years",
    faith="No religion",
    memory="significant",
    dementia=True,
    communicate=(
        "I may ask the same thing again; answer kindly each time. I respond best to talk about "
        "my rounds and Crieff."
    ),
    mobility="independent",
    video_calls="distressing",
    ambitions="To keep walking every day.",
    getting_out="A walk every morning, whatever the weather: it was my job.",
    about={
        "most_important": (
            "I walked every street in Crieff for forty years with the post. I knew everybody and "
            "everybody knew me. Sandra is my wife of fifty-two years."
        ),
        "wellness": (
            "I get restless in the afternoon and want to be 'on my round'. A walk settles me. "
            "Noise and the television turned up loud upset me."
        ),
    },
    supported_by="my wife Sandra and key worker Aileen",
    interests=(
        ("walking", "present", ""),
        ("football", "present", "St Johnstone"),
        ("gardening", "past", "Allotment on Turret Road"),
        ("local-history", "present", "Old photos of Crieff"),
    ),
    tech=(
        TechSpec("sensor", "Door sensor on the garden gate", 210, -30),
        TechSpec("other", "GPS watch for walks", 40, 50),
    ),
    contacts=(
        ContactSpec(
            "Sandra Robertson",
            "spouse",
            "wife",
            "visit",
            "daily",
            support=SUPPORTER,
            updates=True,
            door_code=True,
            representative=True,
        ),
        ContactSpec(
            "Gary Robertson", "child", "son", "visit", "weekly", support=SUBSTITUTE, updates=True
        ),
    ),
    decides_for_self=False,
    outcomes=(OutcomeSpec("I want to walk every day.", "Morning walk with staff or Sandra."),),
    risks=(
        RiskSpec(
            "Archie walks in the garden and along Kirk Brae on his own each morning.",
            "He could become lost or fall.",
            "GPS watch; gate sensor; staff check he is back within 40 minutes.",
            "Sandra Robertson (welfare power of attorney), Eilidh Sinclair, GP",
            250,
            -14,
        ),
    ),
)

DUNCAN = PersonSpec(
    full_name="Duncan Fraser",
    preferred_name="Duncan",
    pronouns="he/him",
    age=85,
    room="6",
    moved_in_days_ago=1300,
    culture="Farmed near Bankfoot all his life",
    faith="Church of Scotland",
    faith_practice="An elder of his kirk for forty years; likes Sunday worship on the television.",
    hearing="significant",
    communicate="Hearing aids in, and speak into my left ear. Write it down if it matters.",
    mobility="walking_aid",
    video_calls="with_support",
    status="on_leave",
    status_days_ago=3,
    status_note="Staying with his daughter in Aberdeen for his granddaughter's wedding.",
    about={
        "most_important": "The farm, my family and my kirk, in that order most days.",
        "people": "My daughter Fiona in Aberdeen, my son Malcolm who has the farm now.",
    },
    supported_by="key worker Amir",
    interests=(
        ("being-outdoors", "present", "Looking over the fields"),
        ("bowls", "past", ""),
        ("church-services", "present", "Sunday worship on the television"),
    ),
    tech=(TechSpec("hearing_aid", "Hearing aids, both ears", 100, 80),),
    contacts=(
        ContactSpec(
            "Fiona Mitchell",
            "child",
            "daughter",
            "phone",
            "weekly",
            support=SUPPORTER,
            updates=True,
        ),
        ContactSpec("Malcolm Fraser", "child", "son, runs the farm", "visit", "weekly"),
        ContactSpec("Ailsa Mitchell", "grandchild", "granddaughter", "message"),
    ),
    outcomes=(
        OutcomeSpec("I want to see the farm at harvest.", "Malcolm takes him out in autumn."),
    ),
)

NASREEN = PersonSpec(
    full_name="Nasreen Akhtar",
    preferred_name="Nasreen",
    pronouns="she/her",
    age=80,
    room="10",
    moved_in_days_ago=480,
    first_language="Urdu",
    preferred_language="Urdu",
    other_languages=("Punjabi", "English"),
    culture="Born in Lahore; came to Dundee in 1971",
    faith="Muslim",
    faith_practice="Prays five times a day; halal food; fasts in Ramadan when she is well enough.",
    sight="some",
    communicate="Urdu is easiest. Amir speaks Urdu. I like to be asked, not told.",
    mobility="walking_aid",
    video_calls="welcome",
    status="in_hospital",
    status_days_ago=4,
    status_note="Perth Royal Infirmary, ward 7, after a chest infection.",
    about={
        "most_important": "My faith and my grandchildren. I taught Urdu at the mosque school.",
        "support": "I need water to wash before prayer and a quiet place facing Makkah.",
    },
    supported_by="key worker Amir",
    interests=(
        ("worship", "present", "Prayer five times a day"),
        ("poetry", "present", "Faiz and Iqbal"),
        ("cooking", "past", ""),
    ),
    contacts=(
        ContactSpec(
            "Imran Akhtar",
            "child",
            "son",
            "visit",
            "weekly",
            support=SUPPORTER,
            updates=True,
        ),
        ContactSpec("Saima Akhtar", "child", "daughter", "phone", "daily", updates=True),
        ContactSpec("Bilal Akhtar", "grandchild", "grandson", "visit"),
    ),
    key_worker="senior@rowan.demo",
)

ISOBEL = PersonSpec(
    full_name="Isobel Grant",
    preferred_name="Isobel",
    pronouns="she/her",
    age=94,
    room="1",
    moved_in_days_ago=1500,
    faith="Church of Scotland",
    memory="significant",
    dementia=True,
    mobility="bed",
    status="died",
    status_days_ago=12,
    status_note="Died peacefully, with her daughter beside her.",
    about={"most_important": "My garden, my daughter and a good blether."},
    supported_by="my daughter Morag",
    interests=(("gardening", "past", "Roses"),),
    contacts=(
        ContactSpec(
            "Morag Grant",
            "child",
            "daughter",
            "visit",
            "daily",
            support=SUPPORTER,
            representative=True,
        ),
    ),
    decides_for_self=False,
)

IAN = PersonSpec(
    full_name="Ian Mackay",
    preferred_name="Ian",
    pronouns="he/him",
    age=77,
    room="14",
    moved_in_days_ago=330,
    status="moved_out",
    status_days_ago=23,
    status_note="Moved to a home in Inverness to be near his son.",
    faith="Scottish Episcopal Church",
    mobility="walking_aid",
    interests=(("golf", "past", ""),),
    contacts=(ContactSpec("Neil Mackay", "child", "son in Inverness", "phone", "weekly"),),
)

BILL = PersonSpec(
    full_name="William Henderson",
    preferred_name="Bill",
    pronouns="he/him",
    age=83,
    room="17",
    moved_in_days_ago=19,
    culture="Joiner from Blairgowrie",
    faith="Church of Scotland",
    hearing="significant",
    communicate="Hearing aids, and a notepad helps. I lip-read a bit: face me.",
    mobility="independent",
    video_calls="not_asked",
    ambitions="To make something with my hands again.",
    getting_out="The bowling club in Blairgowrie, to see the old crowd.",
    about={
        "most_important": (
            "My wife Jean died in the spring and I could not manage the house. I was a joiner "
            "for fifty years. I am finding my feet here."
        ),
        "wellness": "Evenings are hard. I like company then, or the radio.",
    },
    supported_by="key worker Aileen",
    interests=(
        ("crafts", "present", "Woodwork"),
        ("bowls", "past", ""),
        ("crafts", "try", "Making bird boxes for the garden"),
    ),
    tech=(TechSpec("hearing_aid", "Hearing aids, both ears", 19, 160),),
    contacts=(
        ContactSpec("Karen Henderson", "child", "daughter", "visit", "weekly", updates=True),
        ContactSpec("Jim Soutar", "friend", "from the bowling club", "visit", "occasionally"),
        ContactSpec("Betty Soutar", "neighbour", "old neighbour", "letter"),
    ),
    outcomes=(OutcomeSpec("I want to settle in and make a friend.", "Buddy: Tomasz."),),
)

JIMMY = PersonSpec(
    full_name="James Forbes",
    preferred_name="Jimmy",
    pronouns="he/him",
    age=82,
    room="19",
    moved_in_days_ago=760,
    culture="Merchant seaman for forty years; never married",
    faith="No religion",
    memory="some",
    communicate="Plain talk. Write down anything about appointments.",
    mobility="walking_aid",
    video_calls="not_asked",
    ambitions="To see the sea again.",
    getting_out="A run out to Broughty Ferry to look at the boats.",
    about={
        "most_important": (
            "I have been all over the world on the boats. I have no family left now, and I am "
            "all right with that, but I like a chat about the sea."
        ),
        "people": "Lorraine from the advocacy service helps me with the forms and meetings.",
    },
    supported_by="Lorraine Bell, advocate",
    interests=(
        ("history", "present", "Ships and shipping"),
        ("card-games", "present", "Cribbage"),
        ("seaside-trips", "try", "Broughty Ferry"),
    ),
    contacts=(
        ContactSpec(
            "Lorraine Bell",
            "advocate",
            "Independent Advocacy Perth & Kinross",
            "phone",
            "monthly",
            "Attends plan reviews with Jimmy.",
        ),
    ),
    outcomes=(OutcomeSpec("I want to see the sea.", "Outing to Broughty Ferry planned."),),
    plan_review_overdue_days=40,
)

ELSPETH = PersonSpec(
    full_name="Elspeth Gray",
    preferred_name="Elspeth",
    pronouns="she/her",
    age=91,
    room="21",
    moved_in_days_ago=600,
    faith="Church of Scotland",
    memory="significant",
    speech="some",
    dementia=True,
    communicate="Smile, use my name, and hold my hand if I reach for yours.",
    mobility="wheelchair",
    video_calls="not_asked",
    about={
        "wellness": "Music from the 1950s calms me. I do not like being rushed when I eat.",
    },
    supported_by="key worker Aileen, from what Elspeth shows us",
    interests=(("listening-to-music", "present", "Songs from the 1950s"),),
    decides_for_self=False,
    representative=(
        "Chief Social Work Officer, Perth and Kinross Council",
        "Welfare guardianship order (Adults with Incapacity (Scotland) Act 2000)",
    ),
    refuses=("community",),
    outcomes=(
        OutcomeSpec("I feel calm and safe.", "Music at meals; the same carers where possible."),
    ),
)

MORAG = PersonSpec(
    full_name="Mòrag Macdonald",
    preferred_name="Mòrag",
    pronouns="she/her",
    age=86,
    room="4",
    moved_in_days_ago=450,
    first_language="Scottish Gaelic",
    other_languages=("English",),
    culture="From Skye; a nurse in Perth for forty years",
    faith="Church of Scotland",
    hearing="some",
    mobility="independent",
    video_calls="welcome",
    about={
        "most_important": "My Gaelic, my friends and a good book.",
        "people": "Peigi here is my great friend. We speak Gaelic together at lunch.",
    },
    supported_by="written by me",
    interests=(
        ("folk-music", "present", "Gaelic song"),
        ("reading", "present", ""),
        ("learning-a-language", "present", "Teaching staff some Gaelic"),
    ),
    contacts=(
        ContactSpec("Kenneth Macdonald", "sibling", "brother on Skye", "phone", "weekly"),
        ContactSpec("Anne Nicolson", "friend", "fellow nurse", "visit", "monthly"),
    ),
    outcomes=(OutcomeSpec("I want to keep up my Gaelic.", "Gaelic lunch table with Peigi."),),
)

PEOPLE = (
    PEIGI,
    RUTH,
    TOMASZ,
    HARJIT,
    WAI_LING,
    ARCHIE,
    DUNCAN,
    NASREEN,
    ISOBEL,
    IAN,
    BILL,
    JIMMY,
    ELSPETH,
    MORAG,
)

PEERS = (
    PeerSpec("Margaret MacLeod", "Mòrag Macdonald", "friend", 400, "Gaelic lunch table."),
    PeerSpec("Ruth Abernethy", "Tomasz Nowak", "friend", 300, "Chess on Thursdays."),
    PeerSpec("Ruth Abernethy", "Harjit Kaur Sandhu", "buddy", 8, "Ruth shows Harjit around."),
    PeerSpec("William Henderson", "Tomasz Nowak", "buddy", 18, "Both widowers; football."),
    PeerSpec(
        "Isobel Grant", "Elspeth Gray", "friend", 560, "Sat together in the garden room each day."
    ),
    PeerSpec(
        "Archibald Robertson",
        "Duncan Fraser",
        "tension",
        120,
        "Archie is upset when the lounge TV is loud; seat them in different lounges.",
    ),
)
