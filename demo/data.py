"""Fictional demo data for RMC-region Haaglanden, used by `manage.py seed_demo`.

Everything here is made up except what is public reference data: the nine
municipalities with their CBS codes, the names of the four mbo institutions,
towns, and the recognised programme codes (crebo) with their names and levels.
School names, BRIN numbers, people, BSNs (from the 9999xxxxx test range) and
addresses are fictional.
"""

import datetime

SCHOOLJAAR = 2026
MBO_START = datetime.date(SCHOOLJAAR + 1, 9, 1)
DEMO_PASSWORD = "voroc-demo"  # demo only: shorter than the password validators allow
DEMO_DOMAIN = "demo.voroc.nl"
DEMO_PORTAAL_LEERLING = "leerling1"  # the demo pupil's own portal account (app portaal)
RMC_REGIO = "Haaglanden"
SERVICEDESK_NAAM = "VOROC Servicedesk"

# code: (naam, CBS code, seat shown as plaats)
GEMEENTEN = {
    "den_haag": ("'s-Gravenhage", "0518", "Den Haag"),
    "delft": ("Delft", "0503", "Delft"),
    "zoetermeer": ("Zoetermeer", "0637", "Zoetermeer"),
    "westland": ("Westland", "1783", "Naaldwijk"),
    "rijswijk": ("Rijswijk", "0603", "Rijswijk"),
    "lv": ("Leidschendam-Voorburg", "1916", "Leidschendam"),
    "pn": ("Pijnacker-Nootdorp", "1926", "Pijnacker"),
    "md": ("Midden-Delfland", "1842", "Schipluiden"),
    "wassenaar": ("Wassenaar", "0629", "Wassenaar"),
}

# Neighbouring municipalities: where the ~20% of pupils live who do not live where their school is.
BUREN = {
    "den_haag": ("rijswijk", "lv", "wassenaar", "westland"),
    "delft": ("rijswijk", "pn", "md"),
    "zoetermeer": ("pn", "lv"),
    "westland": ("den_haag", "md"),
    "rijswijk": ("den_haag", "delft"),
    "lv": ("den_haag", "wassenaar", "zoetermeer"),
    "pn": ("delft", "zoetermeer"),
    "md": ("delft", "westland"),
    "wassenaar": ("den_haag", "lv"),
}

# Per municipality: (woonplaats, lowest and highest four-digit postcode) and street names.
WOONPLAATSEN = {
    "den_haag": [("Den Haag", 2491, 2597)],
    "delft": [("Delft", 2611, 2629)],
    "zoetermeer": [("Zoetermeer", 2711, 2729)],
    "westland": [
        ("Naaldwijk", 2671, 2672),
        ("Monster", 2681, 2681),
        ("'s-Gravenzande", 2691, 2692),
        ("Wateringen", 2291, 2291),
        ("De Lier", 2678, 2678),
        ("Poeldijk", 2685, 2685),
    ],
    "rijswijk": [("Rijswijk", 2281, 2289)],
    "lv": [("Leidschendam", 2262, 2267), ("Voorburg", 2271, 2275)],
    "pn": [("Pijnacker", 2641, 2645), ("Nootdorp", 2631, 2632), ("Delfgauw", 2645, 2645)],
    "md": [("Schipluiden", 2636, 2636), ("Den Hoorn", 2635, 2635), ("Maasland", 3155, 3155)],
    "wassenaar": [("Wassenaar", 2241, 2245)],
}
STRATEN = {
    "den_haag": [
        "Laan van Meerdervoort",
        "Weimarstraat",
        "Valkenboslaan",
        "Loosduinseweg",
        "Escamplaan",
        "Leyweg",
        "Moerweg",
        "Hoefkade",
        "Vaillantlaan",
        "Zuiderparklaan",
        "Melis Stokelaan",
        "Erasmusweg",
        "Thorbeckelaan",
        "Goudsbloemlaan",
        "De la Reyweg",
        "Paul Krugerlaan",
        "Beresteinlaan",
        "Stuwstraat",
    ],
    "delft": [
        "Papsouwselaan",
        "Voorhofdreef",
        "Westlandseweg",
        "Buitenwatersloot",
        "Aart van der Leeuwlaan",
        "Chopinlaan",
        "Martinus Nijhofflaan",
        "Kruisstraat",
        "Vermeerstraat",
        "Jacoba van Beierenlaan",
    ],
    "zoetermeer": [
        "Dorpsstraat",
        "Voorweg",
        "Meerzichtlaan",
        "Rokkeveenseweg",
        "Amerikaweg",
        "Europaweg",
        "Oosterheemplein",
        "Buytenwegh",
        "Nathaliegang",
        "Seghwaert",
    ],
    "westland": [
        "Molenstraat",
        "Kerkstraat",
        "Hoogweg",
        "Voorstraat",
        "Emmastraat",
        "Wilhelminastraat",
        "Dijkweg",
        "Poeldijkseweg",
        "Zwartendijk",
        "Julianastraat",
    ],
    "rijswijk": [
        "Herenstraat",
        "Generaal Spoorlaan",
        "Steenvoordelaan",
        "Van Vredenburchweg",
        "Lindelaan",
        "Prinses Irenelaan",
        "Kerklaan",
        "Bogaardplein",
    ],
    "lv": ["Parkweg", "Damplein", "Veursestraatweg", "Noordsingel", "Westeinde", "Fonteinlaan", "Prinses Mariannelaan"],
    "pn": ["Oostlaan", "Westlaan", "Emmastraat", "Dorpsstraat", "Parallelweg", "Julianastraat", "Klapwijkseweg"],
    "md": ["Dorpsstraat", "Korte Kerkstraat", "Woudseweg", "Lange Kruisweg", "Sluispolderweg", "Zuidgaag"],
    "wassenaar": ["Langstraat", "Rijksstraatweg", "Oostdorperweg", "Schulpweg", "Kerkdwarsstraat", "Lange Kerkdam"],
}
# Postcode letters; S is left out, so the excluded combinations SA, SD and SS never occur.
POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"

# key: (naam, brin, vestiging, schoolsoort, gemeente, aantal leerlingen, klassen {klas: leerweg})
SCHOLEN = {
    "hofstad": (
        "Hofstad Vakcollege",
        "21HV",
        "00",
        "vmbo",
        "den_haag",
        50,
        {"4A": "BB", "4B": "KB", "4C": "KB", "4D": "GL", "4E": "TL"},
    ),
    "hofstad_escamp": (
        "Hofstad Vakcollege Escamp",
        "21HV",
        "01",
        "vmbo",
        "den_haag",
        28,
        {"4A": "BB", "4B": "BB", "4C": "KB"},
    ),
    "werkplaats": ("Praktijkschool De Werkplaats", "22PW", "00", "pro", "den_haag", 20, {"5A": "PRO", "5B": "PRO"}),
    "schie": (
        "Vakcollege De Schie",
        "23VS",
        "00",
        "vmbo",
        "delft",
        42,
        {"4A": "BB", "4B": "KB", "4C": "GL", "4D": "TL"},
    ),
    "kreek": ("VSO De Kreek", "24VK", "00", "vso", "delft", 14, {"U1": "VSO", "U2": "VSO"}),
    "meerzicht": (
        "Meerzicht College",
        "25MZ",
        "00",
        "vmbo",
        "zoetermeer",
        34,
        {"4A": "BB", "4B": "KB", "4C": "GL", "4D": "TL"},
    ),
    "westland": (
        "Westland Vakcollege",
        "26WV",
        "00",
        "vmbo",
        "westland",
        32,
        {"4A": "BB", "4B": "KB", "4C": "KB", "4D": "TL"},
    ),
    "rijswijk_pro": ("Praktijkcollege Rijswijk", "27PR", "00", "pro", "rijswijk", 16, {"5A": "PRO"}),
    "vlietland": ("Vlietland Vmbo", "28VL", "00", "vmbo", "lv", 26, {"4A": "BB", "4B": "KB", "4C": "TL"}),
    "oostland": ("Oostland College", "29OC", "00", "vmbo", "pn", 24, {"4A": "KB", "4B": "GL", "4C": "TL"}),
    "duinzicht": ("VSO Duinzicht", "31DZ", "00", "vso", "wassenaar", 14, {"U1": "VSO"}),
}

# The mbo institutions a pupil applies to, weighted by the municipality of the school.
INSTELLING_KEUZE = {
    "den_haag": {"mondriaan": 65, "lentiz": 12, "yuverta": 11, "rijnland": 12},
    "rijswijk": {"mondriaan": 60, "lentiz": 15, "yuverta": 20, "rijnland": 5},
    "lv": {"mondriaan": 55, "rijnland": 30, "yuverta": 10, "lentiz": 5},
    "wassenaar": {"mondriaan": 50, "rijnland": 40, "yuverta": 10},
    "delft": {"lentiz": 55, "mondriaan": 35, "yuverta": 10},
    "pn": {"mondriaan": 45, "lentiz": 35, "rijnland": 20},
    "md": {"lentiz": 60, "mondriaan": 40},
    "westland": {"lentiz": 60, "yuverta": 20, "mondriaan": 20},
    "zoetermeer": {"mondriaan": 50, "rijnland": 42, "lentiz": 8},
}

# The two demo decanen's schools send most pupils to the two demo intakers' institutions.
INSTELLING_KEUZE_SCHOOL = {
    "hofstad": {"mondriaan": 80, "rijnland": 10, "yuverta": 10},
    "schie": {"lentiz": 65, "mondriaan": 30, "yuverta": 5},
}
DEMO_SCHOLEN = {"hofstad": "mondriaan", "schie": "lentiz"}

# key: (naam, fictional BRIN, plaats, {locatie key: (naam, plaats)})
INSTELLINGEN = {
    "mondriaan": (
        "ROC Mondriaan",
        "91RM",
        "Den Haag",
        {
            "dh_centrum": ("Den Haag Centrum", "Den Haag"),
            "dh_laak": ("Den Haag Laak", "Den Haag"),
            "delft": ("Delft", "Delft"),
            "zoetermeer": ("Zoetermeer", "Zoetermeer"),
        },
    ),
    "rijnland": (
        "mboRijnland",
        "92RL",
        "Leiden",
        {
            "leiden": ("Leiden", "Leiden"),
            "zoetermeer": ("Zoetermeer", "Zoetermeer"),
            "alphen": ("Alphen aan den Rijn", "Alphen aan den Rijn"),
        },
    ),
    "yuverta": (
        "Yuverta",
        "93YV",
        "Rijswijk",
        {
            "rijswijk": ("Rijswijk", "Rijswijk"),
            "rotterdam": ("Rotterdam", "Rotterdam"),
        },
    ),
    "lentiz": (
        "MBO Lentiz",
        "94LZ",
        "Naaldwijk",
        {
            "naaldwijk": ("Naaldwijk", "Naaldwijk"),
            "schiedam": ("Schiedam", "Schiedam"),
            "maassluis": ("Maassluis", "Maassluis"),
        },
    ),
}

# (instelling, locatie, crebo, naam, niveau, BOL/BBL, capaciteit, strenge toelating, sector)
# Codes and names are the recognised programme codes of the current qualification structure.
OPLEIDINGEN = [
    ("mondriaan", "dh_centrum", "25656", "Verzorgende-IG", 3, "BOL", None, False, "zorg"),
    ("mondriaan", "dh_centrum", "25656", "Verzorgende-IG", 3, "BBL", None, False, "zorg"),
    ("mondriaan", "dh_centrum", "25655", "Mbo-Verpleegkundige", 4, "BOL", None, False, "zorg"),
    ("mondriaan", "dh_centrum", "25960", "Helpende Zorg en Welzijn", 2, "BOL", None, False, "zorg"),
    ("mondriaan", "dh_centrum", "25696", "Pedagogisch medewerker kinderopvang", 3, "BOL", None, False, "zorg"),
    ("mondriaan", "dh_centrum", "25695", "Doktersassistent", 4, "BOL", 30, False, "zorg"),
    ("mondriaan", "dh_laak", "25737", "Monteur elektrotechnische installaties", 2, "BOL", None, False, "techniek"),
    (
        "mondriaan",
        "dh_laak",
        "25736",
        "Eerste monteur elektrotechnische installaties in de gebouwde omgeving",
        3,
        "BBL",
        None,
        False,
        "techniek",
    ),
    (
        "mondriaan",
        "dh_laak",
        "25668",
        "Basis technicus voertuigen en mobiele werktuigen",
        2,
        "BOL",
        None,
        False,
        "techniek",
    ),
    ("mondriaan", "dh_laak", "25829", "Timmerman", 2, "BOL", None, False, "bouw"),
    ("mondriaan", "dh_laak", "25740", "Assistent bouwen, wonen en onderhoud", 1, "BOL", None, False, "bouw"),
    ("mondriaan", "delft", "25998", "Software developer", 4, "BOL", 40, False, "ict"),
    ("mondriaan", "delft", "25999", "Medewerker ICT", 2, "BOL", None, False, "ict"),
    ("mondriaan", "delft", "25808", "Retailmedewerker", 2, "BOL", None, False, "economie"),
    ("mondriaan", "delft", "25748", "Assistent verkoop/retail", 1, "BOL", None, False, "economie"),
    ("mondriaan", "zoetermeer", "25690", "Veiligheid en vakmanschap (Beveiliger 2)", 2, "BOL", 24, True, "veiligheid"),
    ("mondriaan", "zoetermeer", "25908", "Sport- en bewegingsleider", 3, "BOL", None, True, "sport"),
    ("mondriaan", "zoetermeer", "25180", "Kok", 2, "BOL", None, False, "horeca"),
    (
        "mondriaan",
        "zoetermeer",
        "25742",
        "Assistent horeca, voeding of voedingsindustrie",
        1,
        "BOL",
        None,
        False,
        "horeca",
    ),
    ("rijnland", "leiden", "25641", "Kapper", 2, "BOL", None, False, "uiterlijk"),
    ("rijnland", "leiden", "25633", "Mediavormgever", 4, "BOL", 32, False, "media"),
    ("rijnland", "leiden", "25697", "Gespecialiseerd pedagogisch medewerker", 4, "BOL", None, False, "zorg"),
    ("rijnland", "zoetermeer", "25806", "Handhaver toezicht en veiligheid", 3, "BOL", None, True, "veiligheid"),
    ("rijnland", "zoetermeer", "25909", "Buurtsportcoach", 4, "BOL", 30, True, "sport"),
    ("rijnland", "zoetermeer", "25774", "Logistiek medewerker", 2, "BBL", None, False, "logistiek"),
    ("rijnland", "alphen", "25698", "Onderwijsassistent", 4, "BOL", None, False, "zorg"),
    ("rijnland", "alphen", "25741", "Assistent dienstverlening", 1, "BOL", None, False, "zorg"),
    ("yuverta", "rijswijk", "25732", "Medewerker dierverzorging", 2, "BOL", None, False, "groen"),
    ("yuverta", "rijswijk", "25734", "Zelfstandig medewerker dierverzorging", 3, "BOL", None, False, "groen"),
    ("yuverta", "rijswijk", "25731", "Dierenartsassistent paraveterinair", 4, "BOL", 24, False, "groen"),
    ("yuverta", "rijswijk", "27081", "Medewerker hovenier en groenvoorziening", 2, "BOL", None, False, "groen"),
    ("yuverta", "rotterdam", "27083", "Vakbekwaam hovenier en groenvoorziening", 3, "BBL", None, False, "groen"),
    ("yuverta", "rotterdam", "25746", "Assistent plant, dier of groene omgeving", 1, "BOL", None, False, "groen"),
    ("lentiz", "naaldwijk", "25981", "Medewerker teelt", 2, "BOL", None, False, "groen"),
    ("lentiz", "naaldwijk", "25984", "Vakbekwaam medewerker teelt", 3, "BBL", None, False, "groen"),
    ("lentiz", "naaldwijk", "25988", "Vakexpert teelt en groene technologie", 4, "BOL", None, False, "groen"),
    ("lentiz", "naaldwijk", "25707", "Medewerker bloem, groen en styling", 2, "BOL", None, False, "groen"),
    ("lentiz", "naaldwijk", "25706", "Vakbekwaam medewerker bloem, groen en styling", 3, "BOL", 20, False, "groen"),
    ("lentiz", "schiedam", "25960", "Helpende Zorg en Welzijn", 2, "BOL", None, False, "zorg"),
    ("lentiz", "schiedam", "25656", "Verzorgende-IG", 3, "BOL", None, False, "zorg"),
    ("lentiz", "schiedam", "25961", "Medewerker sport en recreatie", 2, "BOL", 24, True, "sport"),
    ("lentiz", "maassluis", "25892", "Eerste monteur mechatronica", 3, "BOL", None, False, "techniek"),
    ("lentiz", "maassluis", "25774", "Logistiek medewerker", 2, "BOL", None, False, "logistiek"),
    ("lentiz", "maassluis", "25743", "Assistent logistiek", 1, "BOL", None, False, "logistiek"),
]

# Levels that fit a leerweg (docs/domain.md, "Prior education").
NIVEAUS = {"BB": (2,), "KB": (2, 3), "GL": (3, 4), "TL": (3, 4), "PRO": (1, 2), "VSO": (1, 2)}
ADVIES_NIVEAU = {"BB": (2,), "KB": (2, 3), "GL": (3, 4), "TL": (4, 3), "PRO": (1, 2), "VSO": (1,)}

PROFIELEN_BEROEPS = {
    "Zorg en welzijn": ("zorg", "sport", "uiterlijk"),
    "Economie en ondernemen": ("economie", "logistiek"),
    "Bouwen, wonen en interieur": ("bouw",),
    "Produceren, installeren en energie": ("techniek",),
    "Mobiliteit en transport": ("techniek", "logistiek"),
    "Media, vormgeving en ICT": ("ict", "media"),
    "Horeca, bakkerij en recreatie": ("horeca",),
    "Groen": ("groen",),
    "Dienstverlening en producten": ("veiligheid", "sport", "economie", "zorg"),
}
PROFIELEN_TL = {
    "Zorg en welzijn": ("zorg", "sport"),
    "Economie": ("economie", "media", "ict"),
    "Techniek": ("techniek", "ict"),
    "Groen": ("groen",),
}
UITSTROOM_PRO_VSO = {"": ("zorg", "horeca", "groen", "logistiek", "bouw", "economie")}

JONGENSNAMEN = [
    "Daan",
    "Sem",
    "Noah",
    "Liam",
    "Lucas",
    "Finn",
    "Levi",
    "Milan",
    "Bram",
    "Jesse",
    "Thijs",
    "Luuk",
    "Ruben",
    "Stijn",
    "Niels",
    "Tim",
    "Kevin",
    "Dylan",
    "Jayden",
    "Rayan",
    "Mohamed",
    "Yassin",
    "Amir",
    "Anouar",
    "Bilal",
    "Emre",
    "Kerem",
    "Mert",
    "Arjun",
    "Ravi",
    "Jairo",
    "Giovanni",
    "Tygo",
    "Sven",
    "Julian",
    "Owen",
    "Mats",
    "Gijs",
    "Ilias",
    "Adam",
    "Youssef",
    "Damian",
    "Joep",
    "Koen",
]
MEISJESNAMEN = [
    "Emma",
    "Julia",
    "Sophie",
    "Tess",
    "Fenna",
    "Lotte",
    "Sara",
    "Noor",
    "Anna",
    "Eva",
    "Lisa",
    "Isa",
    "Mila",
    "Zoë",
    "Lieke",
    "Femke",
    "Romy",
    "Nina",
    "Yasmina",
    "Aya",
    "Fatima",
    "Salma",
    "Imane",
    "Zeynep",
    "Elif",
    "Esra",
    "Priya",
    "Anjali",
    "Shanice",
    "Naomi",
    "Kimberley",
    "Demi",
    "Britt",
    "Jade",
    "Maud",
    "Sanne",
    "Iris",
    "Hiba",
    "Lina",
    "Chaima",
]
# (tussenvoegsel, achternaam)
ACHTERNAMEN = [
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("van der", "Heijden"),
    ("", "Schouten"),
    ("van", "Beek"),
    ("", "Willems"),
    ("van", "Vliet"),
    ("", "Hoekstra"),
    ("", "Verhoeven"),
    ("", "Koster"),
    ("van", "Dam"),
    ("", "Prins"),
    ("", "Post"),
    ("van der", "Zwan"),
    ("", "Groenewegen"),
    ("", "Zuiderwijk"),
    ("van der", "Kraan"),
    ("", "Vreugdenhil"),
    ("", "Duijvestijn"),
    ("van", "Geest"),
    ("", "Koppenol"),
    ("", "El Amrani"),
    ("", "Bouzid"),
    ("", "Benali"),
    ("", "El Idrissi"),
    ("", "Ouali"),
    ("", "Yılmaz"),
    ("", "Kaya"),
    ("", "Demir"),
    ("", "Öztürk"),
    ("", "Şahin"),
    ("", "Ramdin"),
    ("", "Sewnath"),
    ("", "Ramsaroep"),
    ("", "Jagesar"),
    ("", "Martina"),
    ("", "Rosaria"),
    ("", "Nguyen"),
    ("", "Kowalski"),
    ("", "Nowak"),
    ("", "Haddou"),
]
OUDERNAMEN = [
    "Marco",
    "Ingrid",
    "Ahmed",
    "Khadija",
    "Peter",
    "Monique",
    "Hasan",
    "Ayşe",
    "Ronald",
    "Sandra",
    "Rachid",
    "Nadia",
    "Edwin",
    "Patricia",
    "Suresh",
    "Sunita",
    "Wendy",
    "Dennis",
    "Jolanda",
    "Mustafa",
]
# (e-mail local part, name, role code, organisation key, what the account shows)
DEMO_ACCOUNTS = [
    ("decaan1", "Marieke van der Laan", "decaan", ("school", "hofstad")),
    ("decaan2", "Hans Verbeek", "decaan", ("school", "schie")),
    ("mentor1", "Youssef El Khatib", "mentor", ("school", "hofstad")),
    ("zorg1", "Ingrid Zwinkels", "zorgcoordinator", ("school", "hofstad")),
    ("intake1", "Sandra Kramer", "intaker", ("instelling", "mondriaan")),
    ("intake2", "Peter van Duijn", "intaker", ("instelling", "lentiz")),
    ("rmc1", "Jeroen Bakker", "consulent", ("gemeente", "den_haag")),
    ("rmc2", "Fatma Yıldız", "consulent", ("gemeente", "delft")),
    ("servicedesk1", "Lisa Mulder", "servicedesk", ("servicedesk", None)),
]
DEMO_MONITOR = ("monitor1", "Anouk de Wit", "monitor")  # the region's monitor, made by demo/rapportage_history.py
MENTOR1_KLASSEN = ("4B",)

# Names for the non-login staff accounts of the organisations without a demo account.
MEDEWERKERS = [
    "Karin Bosman",
    "Ahmed Ouazzani",
    "Petra Hoogendoorn",
    "Wim van Rijn",
    "Esther Groen",
    "Rob Vermeer",
    "Nicole de Ruiter",
    "Erik Zonneveld",
    "Hatice Arslan",
    "Marjolein Boon",
    "Frank van Os",
]

# Scenario: the end state of a pupil's (first) application, and how many pupils in 100 get it.
SCENARIOS = {
    "geen": 7,
    "concept": 6,
    "aangemeld": 17,
    "in_behandeling": 16,
    "intake_gepland": 12,
    "intake_gehad": 9,
    "geplaatst": 11,
    "voorwaardelijk_geplaatst": 7,
    "wachtlijst": 3,
    "uitgeloot": 2,
    "afgewezen": 3,
    "ingetrokken": 3,
    "doorverwezen": 3,
}
# The demo's today is in November: what only happens after the 1 April deadline, the exams or the
# summer (late applications, enrolment, start, no-show) comes from last year's leavers.

# Last school year's leavers (2025-2026) of the demo schools, per end state, at full size. Open
# ones (ingeschreven but not started, no-show, late application still in progress, failed the
# exams with no destination) stay on this year's lists; settled ones (started, Elders, handed to
# the municipality) show only when 2025-2026 is chosen.
VORIG_SCENARIOS = {
    "gestart": 4,
    "ingeschreven": 1,
    "niet_verschenen": 2,
    "te_laat": 2,
    "gezakt": 1,
    "elders": 2,
    "overgedragen": 1,
}

# Mentors of the demo schools' classes (staff accounts that cannot log in; mentor1 has hofstad 4B).
MENTOREN = [
    "Naima Bouzid",
    "Kees Verhoeven",
    "Sanne de Graaf",
    "Mehmet Yilmaz",
    "Linda Hoekstra",
    "Bas Koster",
    "Priya Ramdin",
    "Tom van Leeuwen",
]

MOTIVATIE = {
    "zorg": "Tijdens mijn stage in een verpleeghuis merkte ik dat ik het fijn vind om voor mensen te zorgen.",
    "sport": "Ik sport vijf keer per week en help al twee jaar als trainer bij de jeugd van mijn voetbalclub.",
    "uiterlijk": "Ik knip al vaak het haar van familie en vrienden en wil er mijn vak van maken.",
    "economie": "Ik werk in het weekend in een supermarkt en vind het contact met klanten leuk.",
    "logistiek": "Ik vind het leuk om dingen te organiseren en heb een bijbaan in een distributiecentrum.",
    "bouw": "Ik werk graag met mijn handen en help mijn oom vaak met klussen in huis.",
    "techniek": "Ik wil weten hoe dingen werken; in de praktijklessen installatietechniek haal ik hoge cijfers.",
    "ict": "Ik programmeer in mijn vrije tijd kleine spelletjes en heb de computers van de school helpen inrichten.",
    "media": "Ik maak filmpjes en ontwerpen voor social media en wil dat professioneel leren.",
    "horeca": "Ik kook thuis vaak en werk als afwasser in een restaurant; ik wil graag kok worden.",
    "groen": "Ik ben graag buiten en heb stage gelopen bij een kwekerij in het Westland.",
    "veiligheid": "Ik wil later bij de politie of defensie werken en houd van structuur en teamwork.",
}
BEROEPSWENS = {
    "zorg": "verzorgende in de ouderenzorg",
    "sport": "sportinstructeur",
    "uiterlijk": "kapper met eigen salon",
    "economie": "verkoper of teamleider in een winkel",
    "logistiek": "logistiek medewerker",
    "bouw": "timmerman",
    "techniek": "elektromonteur",
    "ict": "software developer",
    "media": "vormgever",
    "horeca": "kok",
    "groen": "medewerker in de glastuinbouw",
    "veiligheid": "beveiliger of militair",
}
STERKE_PUNTEN = [
    "Behulpzaam en betrouwbaar.",
    "Zelfstandig en nauwkeurig.",
    "Sociaal, werkt goed samen.",
    "Creatief en doorzetter.",
    "Praktisch ingesteld, leert door te doen.",
    "Rustig en geduldig.",
]
LOB_ACTIVITEITEN = [
    "Open dag {instelling}, meeloopdag, loopbaangesprek met de decaan, beroepenmarkt op school.",
    "Beroepenmarkt Haaglanden, twee meeloopdagen bij {instelling}, gesprek met mentor en ouders.",
    "Snuffelstage, open avond {instelling}, LOB-lessen en een gesprek met de decaan.",
]
VERZUIM = [
    "Geen bijzonderheden; verzuim onder de 2%.",
    "Af en toe ziek gemeld, geen ongeoorloofd verzuim.",
    "Regelmatig te laat in periode 1; daarna verbeterd.",
]
VERZUIM_RISICO = "Veel ongeoorloofd verzuim sinds september; in gesprek met leerplicht."
RESULTATEN = [
    "Staat voor alle vakken voldoende.",
    "Voldoendes voor de beroepsgerichte vakken; wiskunde is een aandachtspunt.",
    "Goede resultaten, vooral in de praktijkvakken.",
    "Wisselende resultaten; Engels en Nederlands vragen extra inzet.",
]
ZORG = [
    ("Dyslexieverklaring; extra tijd bij toetsen.", "Extra tijd bij toetsen en examens; voorleessoftware.", True),
    (
        "Begeleiding door de zorgcoördinator bij planning en huiswerk.",
        "Een vast aanspreekpunt en een weekplanning.",
        True,
    ),
    (
        "Ondersteuning vanuit het samenwerkingsverband (ambulant begeleider).",
        "Een rustige werkplek en duidelijke afspraken; overleg met het mbo-zorgteam.",
        False,
    ),
]
RISICO_REDENEN = [
    "Nog geen aanmelding bij een mbo-opleiding",
    "Veel ongeoorloofd verzuim",
    "Twijfel aan het behalen van het diploma",
    "Studiekeuze onduidelijk; leerling heeft extra begeleiding nodig",
]
RISICO_GEEN_PLEK = "Geen plaats na afwijzing of loting; nog geen nieuwe aanmelding"
AFWIJZING_TOELICHTING = {
    "aanvullende_eisen": "De leerling heeft de sporttest en het kennismakingsgesprek niet gehaald.",
    "vooropleiding": "Voor deze opleiding is een diploma kader, gemengde of theoretische leerweg nodig.",
}
VOORWAARDEN = [
    "Behalen van het vmbo-diploma",
    "Behalen van het vmbo-diploma met Nederlands en Engels op voldoende niveau",
    "Een positief advies na de intakeopdracht",
]
ELDERS_ZONDER_AANMELDING = [
    ("havo", "Gaat naar havo 4 op de eigen school."),
    ("werk", "Gaat werken bij een hoveniersbedrijf, zonder opleiding."),
    ("mbo_buiten", "Aangemeld bij het Grafisch Lyceum Rotterdam."),
    ("dagbesteding", "Gaat naar een dagbestedingsplek in de buurt."),
    ("buitenland", "Het gezin verhuist naar België."),
    ("onbekend", "Leerling en ouders zijn niet bereikbaar."),
]
