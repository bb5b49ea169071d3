"""The French data: our own French gold articles, the French aliases of the actor and country
dictionaries, and the French rules files."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "src" / "conflictwatch" / "data"
FR_GOLD = DATA / "articles_fr_gold.jsonl"
_GENERIC_ACTOR = re.compile(r"^(?:Civilians|Protesters|Rioters|Unidentified Armed Group) \((?P<country>[^)]+)\)$"
                            r"|^(?:Military|Police) Forces of (?:the )?(?P<state>.+?) \(\d{4}-(?:\d{4})?\)$")


# -- the French gold set ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fr_gold() -> list[dict]:
    return [json.loads(line) for line in FR_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_french_gold_set_has_articles_incidents_and_empty_texts(fr_gold):
    assert len(fr_gold) >= 24
    assert len({r["id"] for r in fr_gold}) == len(fr_gold)
    assert all(r["lang"] == "fr" and r["bucket"] == "articles_fr" and not r["label_only"] for r in fr_gold)
    assert sum(1 for r in fr_gold if not r["events"]) >= 4  # analysis, diplomacy, appeals: nothing to code
    assert sum(1 for r in fr_gold if len(r["events"]) >= 2) >= 18  # several incidents per article


def test_french_gold_events_use_acled_vocabulary_and_known_names(fr_gold):
    vocabulary = json.loads((PACKAGE_DATA / "acled_vocabulary.json").read_text(encoding="utf-8"))["event_types"]
    countries = json.loads((PACKAGE_DATA / "countries.json").read_text(encoding="utf-8"))["countries"]
    state_forms = {c.get("forces_of", name).removeprefix("the ") for name, c in countries.items()} | set(countries)
    named = {a["name"] for a in json.loads((PACKAGE_DATA / "actors.json").read_text(encoding="utf-8"))["actors"]}
    for report in fr_gold:
        published = dt.date.fromisoformat(report["published"])
        for event in report["events"]:
            where = f"{report['id']} {event['event_date']} {event['sub_event_type']}"
            assert event["sub_event_type"] in vocabulary[event["event_type"]], where
            assert event["country"] in countries, where
            assert 0 <= (published - dt.date.fromisoformat(event["event_date"])).days <= 14, where
            assert event["time_precision"] in (1, 2, 3) and event["geo_precision"] in (1, 2, 3), where
            assert isinstance(event["fatalities"], int) and event["fatalities"] >= 0, where
            for key in ("actor1", "actor2"):
                name = event[key]
                if name is None:
                    continue
                generic = _GENERIC_ACTOR.match(name)
                if generic:
                    assert (generic.group("country") or generic.group("state")) in state_forms, (where, name)
                else:
                    assert name in named, (where, name)  # the names the coder writes (data/actors.json)


# -- French aliases of the actor and country dictionaries ------------------------------------------

def _french_document(text: str):
    from conflictwatch.extract import document
    from conflictwatch.records import Report

    return document.build(Report(id="fr", text=text, published=dt.date(2024, 3, 5)), language="fr")


def _reads_languages() -> bool:
    """Whether the actor stage takes the document's language (its French rules in data/rules/fr/actors.json)."""
    from conflictwatch.extract import actors

    return "lang" in inspect.signature(actors.find_actors).parameters


def _actors_in(text: str) -> tuple[object, list]:
    from conflictwatch.extract import actors

    doc = _french_document(text)
    assert doc.language == "fr"
    by_language = {"lang": doc.language} if _reads_languages() else {}
    return doc, actors.find_actors(text, doc.country, 0, frozenset(doc.countries), **by_language)


# (French sentence, the words that name the actor, the ACLED name they resolve to). Both apostrophes
# (' and ’) and capitalised or lower-case articles occur in French wire copy.
FRENCH_ACTORS = [
    ("Au Mali, l'armée malienne a repoussé l'attaque près de Boni.", "armée malienne", "Military Forces of Mali"),
    ("La police tunisienne a arrêté deux suspects à Kasserine.", "police tunisienne", "Police Forces of Tunisia"),
    ("Des soldats tunisiens ont été blessés au mont Chaambi.", "soldats tunisiens", "Military Forces of Tunisia"),
    ("La Police nationale d'Haïti a repris le contrôle du commissariat.", "Police nationale d'Haïti", "Police Forces of Haiti"),
    ("Les Forces armées royales ont abattu un drone près de Smara, au Maroc.", "Forces armées royales",
     "Military Forces of Morocco"),
    ("Au Mali, l’armée malienne a repoussé l’attaque près de Boni.", "armée malienne", "Military Forces of Mali"),
    ("Selon une source malienne, les FAMa ont perdu deux hommes à Ségou.", "FAMa", "Military Forces of Mali"),
    ("Les Forces armées maliennes ont riposté, selon un élu malien.", "Forces armées maliennes", "Military Forces of Mali"),
    ("Des gendarmes maliens ont été blessés à Kati, au Mali.", "gendarmes maliens", "Police Forces of Mali"),
    ("Au Burkina Faso, l'armée burkinabè a mené une frappe près de Djibo.", "armée burkinabè",
     "Military Forces of Burkina Faso"),
    ("Au Burkina Faso, les VDP ont repoussé les assaillants.", "VDP", "VDP: Volunteers for the Defense of the Homeland"),
    ("Les Volontaires pour la défense de la patrie du Burkina ont été attaqués.",
     "Volontaires pour la défense de la patrie", "VDP: Volunteers for the Defense of the Homeland"),
    ("Au Mali, les jihadistes du JNIM ont revendiqué l'embuscade.", "JNIM", "JNIM: Group for Support of Islam and Muslims"),
    ("Le Groupe de soutien à l’islam et aux musulmans a revendiqué l’attaque au Mali.",
     "Groupe de soutien à l’islam et aux musulmans", "JNIM: Group for Support of Islam and Muslims"),
    ("Au Niger, l'EIGS a attaqué une patrouille près de Téra.", "EIGS", "Islamic State (Greater Sahara)"),
    ("Au Niger, l'État islamique au Sahel a tué onze civils.", "État islamique au Sahel", "Islamic State (Sahel)"),
    ("Au Niger, des éléments de l'EI ont été aperçus près de Ouallam.", "EI", "Islamic State"),
    ("Les combattants de l'Etat islamique en Afrique de l'Ouest ont attaqué Fotokol, au Cameroun.",
     "Etat islamique en Afrique de l'Ouest", "Islamic State (West Africa)"),
    ("Au Mali, les casques bleus ont renforcé leurs patrouilles.", "casques bleus",
     "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"),
    ("La Minusma a condamné l'attaque contre son camp de Gao, au Mali.", "Minusma",
     "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali (2013-)"),
    ("En Centrafrique, les casques bleus de la Minusca ont été visés.", "Minusca",
     "MINUSCA: United Nations Multidimensional Integrated Stabilization Mission in the Central African Republic (2014-)"),
    ("En RDC, les FARDC ont repris la localité aux rebelles.", "FARDC",
     "Military Forces of Democratic Republic of Congo"),
    ("En RDC, l'armée congolaise a bombardé des positions rebelles.", "armée congolaise",
     "Military Forces of Democratic Republic of Congo"),
    ("Dans le territoire de Beni, en RDC, les ADF ont tué dix civils.", "ADF", "ADF: Allied Democratic Forces"),
    ("En RDC, le M23 s'est emparé de Bunagana.", "M23", "M23: March 23 Movement"),
    ("Des miliciens Maï-Maï ont affronté l'armée à Uvira, en RDC.", "Maï-Maï", "Mayi Mayi Militia"),
    ("En Centrafrique, les anti-balaka ont attaqué un campement.", "anti-balaka", "Anti-Balaka"),
    ("En Centrafrique, des combattants de l'ex-Séléka ont pillé le marché.", "ex-Séléka", "Ex-Seleka Militia"),
    ("L'Unité pour la paix en Centrafrique (UPC) a attaqué Bria.", "Unité pour la paix en Centrafrique",
     "UPC: Union for Peace in the Central African Republic"),
    ("Les Forces armées centrafricaines ont repris Bossangoa.", "Forces armées centrafricaines",
     "Military Forces of Central African Republic"),
    ("Au Tchad, l'armée tchadienne a perdu sept soldats dans le Lac.", "armée tchadienne", "Military Forces of Chad"),
    ("Au Cameroun, des séparatistes ambazoniens ont incendié une école.", "séparatistes ambazoniens",
     "Ambazonian Separatists"),
    ("L'armée camerounaise a tué trois combattants près de Buea.", "armée camerounaise", "Military Forces of Cameroon"),
    ("La gendarmerie a interpellé vingt-cinq personnes à Abéché, au Tchad.", "gendarmerie", "Police Forces of Chad"),
    ("Au Mali, des chasseurs traditionnels dozos ont été tués près de Niono.", "chasseurs traditionnels",
     "Dozo Communal Militia (Mali)"),
    ("Au Mali, les forces maliennes et leurs Instructeurs russes ont atteint Kidal.", "Instructeurs russes", "Wagner Group"),
    ("Au Niger, la police nationale a dispersé les manifestants.", "police nationale", "Police Forces of Niger"),
]


def _named_at(text: str, words: str) -> str:
    """The ACLED name of the actor mention that covers ``words`` in a French document (the evidence span)."""
    _, found = _actors_in(text)
    start = text.index(words)
    at_words = [m for m in found if m.span.start <= start < m.span.end]
    assert at_words, (words, [(m.name, text[m.span.start:m.span.end]) for m in found])
    # "Military Forces of (the) Democratic Republic of Congo": the dictionary's forces_of form, with or without "the"
    return at_words[0].name.replace(" of the ", " of ")


@pytest.mark.parametrize("text, words, expected", FRENCH_ACTORS, ids=[words for _, words, _ in FRENCH_ACTORS])
def test_french_alias_names_the_acled_actor(text, words, expected):
    assert _named_at(text, words).startswith(expected.replace(" of the ", " of "))


# (French sentence, the country the document model reads from French names and demonyms)
FRENCH_COUNTRIES = [
    ("Les autorités maliennes ont annoncé un couvre-feu.", "Mali"),
    ("Le gouvernement burkinabè a salué la bravoure des soldats.", "Burkina Faso"),
    ("Trois soldats nigériens ont été tués près de la frontière.", "Niger"),
    ("Les Tchadiens votent le 6 mai.", "Chad"),
    ("L'armée a attaqué un camp au Tchad.", "Chad"),
    ("Les élections au Cameroun auront lieu en octobre.", "Cameroon"),
    ("Des civils camerounais ont fui vers le Nigeria.", "Cameroon"),
    ("La RDC accuse le Rwanda de soutenir les rebelles dans l'Est de la RDC.", "Democratic Republic of Congo"),
    ("Des soldats congolais ont été déployés à Goma.", "Democratic Republic of Congo"),
    ("La Centrafrique a accueilli les instructeurs.", "Central African Republic"),
    ("Des réfugiés centrafricains sont arrivés au Tchad, venant de la République centrafricaine.",
     "Central African Republic"),
    ("La Côte d’Ivoire a renforcé sa frontière nord.", "Ivory Coast"),
    ("Des soldats béninois ont été tués au Bénin.", "Benin"),
    ("Des gardes nationaux tunisiens ont été blessés près de Kasserine, en Tunisie.", "Tunisia"),
    ("Les autorités marocaines ont démantelé une cellule au Maroc.", "Morocco"),
    ("Des policiers haïtiens ont été attaqués à Port-au-Prince, en Haïti.", "Haiti"),
    ("L'armée libanaise s'est déployée au Liban-Sud.", "Lebanon"),
]


@pytest.mark.parametrize("text, country", FRENCH_COUNTRIES, ids=[c + ":" + t[:20] for t, c in FRENCH_COUNTRIES])
def test_french_country_names_and_demonyms_set_the_report_country(text, country):
    assert _french_document(text).country == country


# Generic French words, read by the French actor rules (generic_* in data/rules/fr/actors.json)
FRENCH_GENERIC = [
    ("Au Niger, les FDS ont repoussé une attaque près de Diffa.", "FDS", "Military Forces of Niger"),
    ("Au Mali, l'armée a riposté près de Boni.", "armée", "Military Forces of Mali"),
    ("Au Tchad, les soldats tchadiens ont été attaqués dans le Lac.", "soldats tchadiens", "Military Forces of Chad"),
    ("Au Mali, les terroristes ont attaqué le poste de Boni.", "terroristes", "Unidentified Armed Group (Mali)"),
    ("Au Burkina Faso, des hommes armés non identifiés ont tué sept civils.", "hommes armés",
     "Unidentified Armed Group (Burkina Faso)"),
    ("Au Burkina Faso, des HANI ont attaqué le marché.", "HANI", "Unidentified Armed Group (Burkina Faso)"),
    ("Au Tchad, des manifestants ont marché jusqu'au campus.", "manifestants", "Protesters (Chad)"),
    ("Au Mali, sept civils ont été tués.", "civils", "Civilians (Mali)"),
]


@pytest.mark.parametrize("text, words, expected", FRENCH_GENERIC, ids=[words for _, words, _ in FRENCH_GENERIC])
def test_french_generic_words_name_the_report_country_actors(text, words, expected):
    if not _reads_languages():
        pytest.skip("the actor stage of this checkout reads English rules only")
    assert _named_at(text, words).startswith(expected)


def test_fds_names_the_report_own_country_forces_not_burkina_faso():
    """"FDS" (Forces de défense et de sécurité) is what Niger, Mali and Burkina Faso all call their forces."""
    _, found = _actors_in("Au Niger, les FDS ont repoussé une attaque près de Diffa, selon un communiqué nigérien.")
    assert not [m for m in found if "Burkina Faso" in m.name]


# -- the French cue lexicon (data/rules/fr/lexicon.json) -------------------------------------------

@pytest.fixture(scope="module")
def fr_lexicon() -> dict:
    return json.loads((PACKAGE_DATA / "rules" / "fr" / "lexicon.json").read_text(encoding="utf-8"))


def test_french_lexicon_has_the_english_schema_categories_and_weights(fr_lexicon):
    english_file = next(p for p in (PACKAGE_DATA / "rules" / "en" / "lexicon.json", PACKAGE_DATA / "lexicon.json") if p.exists())
    english = json.loads(english_file.read_text(encoding="utf-8"))
    assert set(fr_lexicon) == set(english)
    assert list(fr_lexicon["categories"]) == list(english["categories"])
    for name, spec in english["categories"].items():
        assert set(fr_lexicon["categories"][name]) == set(spec), name
        assert fr_lexicon["categories"][name]["weight"] == spec["weight"], name
        assert fr_lexicon["categories"][name]["patterns"], name
    for section in ("non_event", "rhetoric"):
        assert set(fr_lexicon[section]) == set(english[section]) and fr_lexicon[section]["patterns"]


# (French incident wording, the category whose cue it must contain)
FRENCH_CUES = [
    ("une femme kamikaze s'est fait exploser dans le marché", "suicide"),
    ("des victimes présentant des difficultés respiratoires après l'attaque chimique", "chemical"),
    ("le vecteur aérien a effectué des frappes sur un regroupement", "air"),
    ("une frappe de drone a touché le rassemblement", "air"),
    ("un individu a lancé une grenade dans un bar", "grenade"),
    ("leur véhicule a sauté sur un engin explosif improvisé", "ied"),
    ("un car a sauté sur une mine artisanale", "ied"),
    ("plusieurs obus sont tombés sur le site de déplacés", "shelling"),
    ("une patrouille a été accrochée par des terroristes", "clash"),
    ("de violents affrontements ont opposé les rebelles à l’armée", "clash"),
    ("les jihadistes ont tendu une embuscade au convoi", "clash"),
    ("des milliers de personnes ont manifesté devant l'Assemblée", "protest"),
    ("des jeunes en colère ont érigé des barricades et brûlé des pneus", "riot"),
    ("la police les a dispersés à coups de gaz lacrymogène", "intervention"),
    ("la police a tiré à balles réelles sur la foule", "excessive"),
    ("un voleur présumé a été lynché, victime de la justice populaire", "mob"),
    ("six personnes ont été enlevées sur la route de Mambasa", "abduction"),
    ("des femmes ont été violées lors de l'incursion", "sexual"),
    ("au moins onze civils ont été tués par des hommes armés", "attack"),
    ("trois militants ont été interpellés et placés en garde à vue", "arrest"),
    ("les assaillants ont incendié des greniers et emporté du bétail", "looting"),
    ("les démineurs ont désamorcé un engin explosif", "disrupted"),
    ("l'armée a installé une nouvelle base à Ménaka", "base"),
    ("des renforts ont été déployés dans la zone; un couvre-feu a été décrété", "change_group"),
    ("les deux parties ont signé un accord de cessez-le-feu", "agreement"),
    ("les FAMa ont repris le contrôle de la localité", "gov_regains"),
    ("les casques bleus se sont retirés du camp", "transfer"),
    ("des milliers d'habitants ont fui leurs villages", "other_sd"),
    ("une forte explosion a retenti près du marché", "explosion"),
]


@pytest.mark.parametrize("text, category", FRENCH_CUES, ids=[c for _, c in FRENCH_CUES])
def test_french_lexicon_finds_the_cue_of_each_category(fr_lexicon, text, category):
    from conflictwatch.resources import compile_patterns

    assert compile_patterns(fr_lexicon["categories"][category]["patterns"]).search(text), (category, text)


@pytest.mark.parametrize("text, category", [
    ("les faits sont manifestement graves", "protest"),     # "manifestement": apparently, not a protest
    ("la frontière avec la Tunisie", "attack"),            # no open stem "tu…" for tuer
    ("une mine d'or artisanale s'est effondrée", "ied"),    # gold mines are not landmines
    ("un violent incendie", "sexual"),                      # "violent" is not "violer"
])
def test_french_lexicon_does_not_take_ordinary_words_for_cues(fr_lexicon, text, category):
    from conflictwatch.resources import compile_patterns

    assert not compile_patterns(fr_lexicon["categories"][category]["patterns"]).search(text), (category, text)


@pytest.mark.parametrize("section, text", [
    ("non_event", "des inondations ont fait trois morts à Niamey"),
    ("non_event", "les partenaires humanitaires ont distribué des kits d'articles ménagers"),
    ("non_event", "les chefs d'État réunis en sommet à Abuja"),
    ("rhetoric", "le gouvernement s'incline devant la mémoire des victimes et présente ses condoléances"),
    ("rhetoric", "la Mission appelle les autorités à traduire les auteurs en justice"),
    ("rhetoric", "la cour a reconnu les accusés coupables de crimes contre l’humanité"),
])
def test_french_lexicon_names_what_is_not_an_incident(fr_lexicon, section, text):
    from conflictwatch.resources import compile_patterns

    assert compile_patterns(fr_lexicon[section]["patterns"]).search(text), (section, text)


# -- the French parser model (fr-core-news-sm, a pinned dependency) --------------------------------

def test_french_model_is_installed_and_parses_passive_agents():
    """The French parse uses UD labels: the patient of a passive is nsubj:pass, its agent obl:agent."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("fr_core_news_sm", exclude=["ner", "lemmatizer"])
    doc = nlp("Le convoi a été attaqué par des jihadistes près de Boni.")
    deps = {token.text: token.dep_ for token in doc}
    assert deps["convoi"] == "nsubj:pass" and deps["jihadistes"] == "obl:agent"


# -- the French rules files mirror the English ones ------------------------------------------------

RULES = PACKAGE_DATA / "rules"
NOT_OURS = {"counts.json", "dates.json", "geo.json"}  # French counts and dates are the language work's; geo is the geocoder's


def _names(raw: dict) -> dict[str, set[str]]:
    return {section: set(raw.get(section, {})) for section in ("patterns", "lists", "values", "fragments")}


@pytest.mark.parametrize("english", sorted(p.name for p in (RULES / "en").glob("*.json") if p.name not in NOT_OURS))
def test_each_english_rules_file_has_a_french_counterpart_with_the_same_names(english):
    en = json.loads((RULES / "en" / english).read_text(encoding="utf-8"))
    fr_path = RULES / "fr" / english
    assert fr_path.exists(), f"no French counterpart of data/rules/en/{english}"
    fr = json.loads(fr_path.read_text(encoding="utf-8"))
    if english == "roles.json":  # its own schema (extract/roles.py); the French parse is fr_core_news_sm
        assert set(fr) - {"parser_model"} == set(en) - {"parser_model"} and fr["parser_model"] == "fr_core_news_sm"
        return
    assert set(fr) == set(en), english
    if english == "lexicon.json":
        return  # the lexicon test above
    en_names, fr_names = _names(en), _names(fr)
    for section in ("patterns", "lists", "values"):
        assert fr_names[section] == en_names[section], (english, section, fr_names[section] ^ en_names[section])
    from conflictwatch import rules

    kind = english.removesuffix(".json")
    loaded = rules.validate(fr_path.read_text(encoding="utf-8"), f"data/rules/fr/{english}", kind, "fr",
                            patterns=en_names["patterns"], lists=en_names["lists"], values=en_names["values"])
    assert set(loaded.patterns) == en_names["patterns"]


def test_french_actor_rules_read_the_noun_then_the_demonym():
    from conflictwatch import rules
    from conflictwatch.errors import RulesError
    from conflictwatch.extract import actors

    raw = (RULES / "fr" / "actors.json").read_text(encoding="utf-8")
    names = _names(json.loads(raw))
    try:
        fr = rules.validate(raw, "data/rules/fr/actors.json", "actors", "fr", patterns=names["patterns"], lists=names["lists"])
    except RulesError as err:  # an older loader without fragments: the merge brings the one that has them
        pytest.skip(f"this checkout's rules loader cannot read fragments yet ({err})")
    words = actors.dictionary().country_by_word
    found = [(m.group("noun"), words.get(m.group("dem"))) for m in fr.demonym_force.finditer(
        "Les soldats nigériens et la police congolaise ont rejoint l’armée malienne ; les forces du M23 ont reculé.")]
    assert ("soldats", "Niger") in found and ("police", "Democratic Republic of Congo") in found and ("armée", "Mali") in found
    assert fr.police_noun.match("police") and not fr.police_noun.match("soldats")
    assert not fr.generic_military.search("les forces du M23"), "forces named after a group are the group's"
    assert fr.generic_unidentified.search("des hommes armés non identifiés") and fr.generic_unidentified.search("des HANI")


def test_french_function_words_are_no_places_abroad():
    from conflictwatch.geo import geocoder

    text = ("Une vingtaine d'éleveurs ont été enlevés samedi par des combattants de Boko Haram dans un hameau situé "
            "à une quinzaine de kilomètres de Bosso, dans la région de Diffa.")
    # under the hint of the group's home country, 'Une' was repaired to a Nigerian village
    found = geocoder.explain(text, None, "Nigeria")
    assert [m.text for m in found.mentions if m.chosen is not None] == ["Bosso", "Diffa"], found.mentions


# -- claims and blame in French reports ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, group", [
    # the claim told in a sentence of its own, on the day it was made: the group is the deed's agent, and the
    # claim opens no incident of its own
    ("NIAMEY, 12 mars – Des hommes armés ont tué neuf gendarmes lundi lors d'une embuscade près de Ouallam, a "
     "indiqué mardi une source sécuritaire. Un élu local a évoqué un bilan plus lourd. L'attaque a été revendiquée "
     "mercredi soir par l'État islamique au Sahel.", "Islamic State (Sahel)"),
    # residents blame a group, named through its fighters
    ("MAROUA, 3 juin – Des assaillants ont tué quatre villageois dans la nuit de samedi à dimanche à Tourou, selon "
     "un chef traditionnel. Les habitants attribuent l'attaque aux combattants de Boko Haram, actifs dans la zone.",
     "Boko Haram"),
    # a claim with words between the verb and its agent ("revendiquée dans la soirée par")
    ("OUAGADOUGOU, 8 mai – Des hommes armés ont tué sept soldats dimanche près de Djibo, selon des sources "
     "sécuritaires. Les assaillants ont emporté des armes. L'embuscade a été revendiquée dans la soirée par le "
     "Groupe de soutien à l'islam et aux musulmans.", "JNIM"),
])
def test_a_french_claim_or_blame_told_apart_names_the_agent_of_the_one_incident(text, group):
    from conflictwatch.pipeline import default_coder
    from conflictwatch.records import Report

    events = default_coder().code(Report(id="claim", text=text, published=dt.date(2024, 3, 14)))
    assert len(events) == 1
    assert events[0].actor1.startswith(group)
