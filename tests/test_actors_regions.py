"""The actor dictionary outside Africa: the groups, gangs and forces the press names in Latin America, Haiti,
Myanmar, South and Southeast Asia, the Middle East, Ukraine/Russia and Libya get ACLED's names (data/actors.json,
data/countries.json). The report texts are written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.extract.actors import country_mentions, dated, find_actors, state_force_name


def named(text: str, country: str, on: str | None = None) -> list[str]:
    """The ACLED names of the actors a passage of a report from ``country`` names, labelled for the date ``on``; as
    in the pipeline, the countries the passage names ("Israeli", "Russia") are allowed beside the report's."""
    day = dt.date.fromisoformat(on) if on else None
    allowed = frozenset({country, *(c for c, _span in country_mentions(text))})
    return [dated(m, day).name for m in find_actors(text, country, allowed=allowed)]


# (report country, passage in the press's words, event date, the ACLED name it must give)
PRESS_WORDS = [
    # Colombia
    ("Colombia", "Gulf Clan gunmen ambushed a patrol in rural Tarazá.", None, "AGC: Gaitanist Self-Defence Forces of Colombia"),
    ("Colombia", "The Clan del Golfo, which now calls itself the Gaitanista Army of Colombia, denied it.", None,
     "AGC: Gaitanist Self-Defence Forces of Colombia"),
    ("Colombia", "ELN guerrillas blew up a stretch of the Caño Limón pipeline.", None, "ELN: National Liberation Army"),
    ("Colombia", "Fighters of the Central General Staff attacked the station in Jamundí.", None, "FARC Dissidents"),
    ("Colombia", "Second Marquetalia members were blamed for the killing.", None, "FARC Dissidents"),
    ("Colombia", "A clash between Los Rastrojos and the ELN left six dead near Cúcuta.", None, "Los Rastrojos"),
    ("Colombia", "Los Pelusos commanders were arrested in Catatumbo.", None, "EPL: Popular Liberation Army"),
    ("Colombia", "The Conquering Self-Defence Forces of the Sierra Nevada threatened social leaders.", None,
     "ACSN: Conquering Self-Defence Forces of the Sierra Nevada"),
    # Mexico
    ("Mexico", "Suspected members of the Jalisco cartel set vehicles ablaze on the highway.", None,
     "CJNG: Jalisco New Generation Cartel"),
    ("Mexico", "Gunmen of La Mayiza fought the Chapitos faction in Culiacán.", None, "Sinaloa Cartel"),
    ("Mexico", "Carteles Unidos drones dropped explosives on the town.", None, "Carteles Unidos"),
    ("Mexico", "La Nueva Familia Michoacana abducted a family in the State of Mexico.", None, "La Familia Michoacana"),
    ("Mexico", "A shootout between Los Ardillos and Los Tlacos in Guerrero left four dead.", None, "Los Ardillos"),
    ("Mexico", "A shootout between Los Ardillos and Los Tlacos in Guerrero left four dead.", None, "Los Tlacos"),
    ("Mexico", "La Línea gunmen killed two men in Ciudad Juárez.", None, "Juarez Cartel"),
    ("Mexico", "National Guard troops were ambushed in Michoacán.", "2024-03-01",
     "Police Forces of Mexico (2018-) National Guard"),
    ("Mexico", "National Guard troops were ambushed in Michoacán.", "2025-02-01",
     "Police Forces of Mexico (2024-) National Guard"),
    # Brazil, Venezuela, Ecuador
    ("Brazil", "Comando Vermelho gang members opened fire on a patrol.", None, "CV: Red Command"),
    ("Brazil", "Military police raided the Maré favela complex.", "2024-05-01",
     "Military Forces of Brazil (2023-) Military Police"),
    ("Brazil", "Military police raided the Maré favela complex.", "2020-05-01",
     "Military Forces of Brazil (2019-) Military Police"),
    ("Venezuela", "Members of the Tren de Aragua were detained in Aragua state.", None, "Tren de Aragua"),
    ("Chile", "Two Tren de Aragua members shot a shopkeeper in Santiago.", None, "Tren de Aragua"),
    ("Ecuador", "Los Choneros inmates attacked rivals from Los Lobos in the Litoral prison.", None, "Los Choneros"),
    ("Ecuador", "Los Choneros inmates attacked rivals from Los Lobos in the Litoral prison.", None, "Los Lobos"),
    ("Ecuador", "Los Tiguerones gunmen stormed a television studio.", None, "Los Tiguerones"),
    ("Ecuador", "The army patrolled Guayaquil.", "2024-02-01", "Military Forces of Ecuador (2023-)"),
    # Haiti
    ("Haiti", "The 400 Mawozo gang kidnapped missionaries.", None, "400 Mawozo"),
    ("Haiti", "The G-Pèp coalition fought the G9 in Cité Soleil.", None, "G-Pep"),
    ("Haiti", "The G-Pèp coalition fought the G9 in Cité Soleil.", None, "G9 Family and Allies"),
    ("Haiti", "The Viv Ansanm alliance attacked the national penitentiary.", None, "Viv Ansanm"),
    ("Haiti", "Kraze Baryè gang members set fire to houses in Tabarre.", None, "Kraze Barye"),
    ("Haiti", "Kenyan-led mission officers and the PNH pushed back the gang.", None,
     "MSS: Multinational Security Support Mission in Haiti (2024-)"),
    ("Haiti", "Residents joined the Bwa Kale movement and lynched suspected gang members.", None,
     "Vigilante Group (Haiti)"),
    # Myanmar
    ("Myanmar", "Junta troops torched homes in Kani township.", "2023-05-01", "Military Forces of Myanmar (2021-)"),
    ("Myanmar", "SAC troops shelled the village.", "2023-05-01", "Military Forces of Myanmar (2021-)"),
    ("Myanmar", "Resistance fighters ambushed a convoy near Kale.", None, "PDF: People's Defense Force"),
    ("Myanmar", "The Pyu Saw Htee militia killed two villagers.", None, "Pyu Saw Htee"),
    ("Myanmar", "The Chinland Defense Force captured a camp in Falam.", None, "CDF: Chinland Defense Force"),
    ("Myanmar", "KNDF fighters attacked Loikaw university.", None, "KNDF: Karenni Nationalities Defense Force"),
    ("Myanmar", "KNU/KNLA forces overran an outpost.", None, "KNLA: Karen National Liberation Army"),
    ("Myanmar", "The Arakan Army took the town of Paletwa.", None, "AA: Arakan Army"),
    ("Myanmar", "The Ta'ang rebels and the Kokang Army seized Lashio.", None, "TNLA: Ta'ang National Liberation Army"),
    ("Myanmar", "The Ta'ang rebels and the Kokang Army seized Lashio.", None,
     "MNDAA: Myanmar National Democratic Alliance Army"),
    # Thailand, Philippines, Indonesia
    ("Thailand", "BRN insurgents detonated a bomb in Narathiwat.", None, "Southern Muslim Separatists (Thailand)"),
    ("Philippines", "NPA guerrillas raided a CAFGU detachment in Samar.", None, "NPA: New People's Army"),
    ("Philippines", "Dawlah Islamiyah-Maute militants clashed with troops in Lanao del Sur.", None,
     "Islamic State (Philippines)"),
    ("Philippines", "Abu Sayyaf bandits abducted two fishermen.", None, "ASG: Abu Sayyaf Group"),
    ("Philippines", "Special Action Force commandos raided the hideout.", "2023-03-01",
     "Police Forces of the Philippines (2022-)"),
    ("Indonesia", "Papuan separatist rebels shot two construction workers in Nduga.", None,
     "TPNPB: West Papua National Liberation Army"),
    ("Indonesia", "Kopassus soldiers were sent to Intan Jaya.", "2025-01-10", "Military Forces of Indonesia (2024-)"),
    # India
    ("India", "Naxal cadres torched road construction machines in Sukma.", None,
     "CPI (Maoist): Communist Party of India (Maoist)"),
    ("India", "Arambai Tenggol members exchanged fire with Kuki-Zo militants.", None, "Arambai Tenggol"),
    ("India", "Arambai Tenggol members exchanged fire with Kuki-Zo militants.", None, "Kuki Ethnic Militia (India)"),
    ("India", "UNLF cadres surrendered in Imphal.", None, "UNLF: United National Liberation Front"),
    ("India", "ULFA-I militants fired at a tea garden.", None, "ULFA: United Liberation Front of Assam"),
    # Pakistan, Afghanistan
    ("Pakistan", "The Pakistani Taliban claimed the attack on the checkpost.", None, "TTP: Tehreek-i-Taliban Pakistan"),
    ("Pakistan", "Troops killed six khawarij in North Waziristan.", None, "TTP: Tehreek-i-Taliban Pakistan"),
    ("Pakistan", "ISKP claimed the bombing of the rally in Bajaur.", None, "Islamic State (Pakistan)"),
    ("Pakistan", "The Majeed Brigade attacked the naval air station.", None, "BLA: Baloch Liberation Army"),
    ("Pakistan", "Sindh Rangers arrested four suspects in Karachi.", "2023-06-01",
     "Military Forces of Pakistan (2018-) Rangers"),
    ("Pakistan", "Sindh Rangers arrested four suspects in Karachi.", "2024-06-01",
     "Military Forces of Pakistan (2024-) Rangers"),
    ("Afghanistan", "National Resistance Front fighters ambushed a convoy in Panjshir.", None,
     "NRF: National Resistance Front"),
    ("Afghanistan", "Taliban forces raided a house in Kabul.", "2023-01-10", "Military Forces of Afghanistan (2021-)"),
    ("Afghanistan", "ISKP militants bombed a mosque in Kunduz.", None, "Islamic State (Afghanistan)"),
    # Iran, Iraq, Syria, Lebanon
    ("Iran", "IRGC Ground Forces shelled PJAK positions.", None,
     "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps"),
    ("Iran", "Jaish al-Adl militants attacked a police station in Rask.", None, "Jaish al Adl"),
    ("Iraq", "Harakat al-Nujaba fighters fired rockets at the base.", None, "Harakat Hezbollah al Nujaba"),
    ("Iraq", "The Islamic Resistance in Iraq claimed a drone attack.", None, "Islamic Resistance in Iraq"),
    ("Iraq", "PMF units took over the checkpoint.", "2023-04-01",
     "Military Forces of Iraq (2022-) Popular Mobilization Forces"),
    ("Iraq", "PMF units took over the checkpoint.", "2020-06-01",
     "Military Forces of Iraq (2018-) Popular Mobilization Forces"),
    ("Lebanon", "Radwan Force fighters fired anti-tank missiles across the border.", None, "Hezbollah"),
    # Israel / Palestine, Yemen
    ("Palestine", "Israeli forces raided the camp.", "2023-11-10", "Military Forces of Israel (2022-)"),
    ("Palestine", "Israeli forces raided the camp.", "2021-08-10", "Military Forces of Israel (2021-2022)"),
    ("Palestine", "Israeli forces raided the camp.", "2020-05-10", "Military Forces of Israel (2009-)"),
    ("Palestine", "The Qassam Brigades fired rockets.", None, "Hamas Movement"),
    ("Palestine", "The al-Quds Brigades said its fighters hit a tank.", None, "PIJ: Palestinian Islamic Jihad"),
    ("Palestine", "Gunmen of the Lions' Den opened fire at a checkpoint near Nablus.", None, "Lions' Den"),
    ("Palestine", "Fighters of the Jenin Brigade clashed with troops.", None, "Jenin Brigade"),
    ("Yemen", "Ansar Allah fired a missile at a tanker.", None, "Military Forces of Yemen (2016-) Supreme Political Council"),
    # Ukraine / Russia, Libya
    ("Ukraine", "Russian occupiers shelled Kherson.", None, "Military Forces of Russia (2000-)"),
    ("Ukraine", "DPR forces shelled Avdiivka.", "2019-05-01", "NAF: United Armed Forces of Novorossiya"),
    ("Ukraine", "DPR forces shelled Avdiivka.", "2023-05-01", "Military Forces of Russia (2000-)"),
    ("Ukraine", "Wagner fighters stormed positions near Bakhmut.", None, "Wagner Group"),
    ("Ukraine", "HUR drones struck a refinery.", None, "Military Forces of Ukraine (2019-)"),
    ("Russia", "The Russian Volunteer Corps raided a village in Belgorod region.", None, "Russian Volunteer Corps"),
    ("Russia", "Fighters of the Freedom of Russia Legion crossed the border.", None, "Freedom of Russia Legion"),
    ("Libya", "GNU forces clashed with the Stability Support Apparatus in Tripoli.", "2022-05-10",
     "Military Forces of Libya (2021-) Government of National Unity"),
    ("Libya", "GNA forces shelled Tarhuna.", "2020-05-10", "Military Forces of Libya (2016-) Government of National Accord"),
    ("Libya", "GNU forces clashed with the Stability Support Apparatus in Tripoli.", "2022-05-10",
     "SSA: Stability Support Apparatus"),
    ("Libya", "The 444 Brigade deployed to Tarhuna.", None, "444 Brigade"),
    ("Syria", "HTS fighters shelled a village near Idlib.", "2023-05-01", "HTS: Hayat Tahrir al Sham"),
    ("Syria", "HTS fighters raided a village near Homs.", "2025-02-01", "Military Forces of Syria (2024-)"),
    ("Israel", "Hezbollah fighters fired anti-tank missiles at an army post near Metula.", None, "Hezbollah"),
    ("Lebanon", "An Israeli strike on Aitaroun killed two men.", "2024-01-10", "Military Forces of Israel (2022-)"),
    ("Myanmar", "A junta air strike hit a school in Sagaing region.", "2024-02-10", "Military Forces of Myanmar (2021-)"),
    ("Syria", "Druze militias clashed with Bedouin tribal fighters in Sweida.", None, "Druze Ethnic Militia (Syria)"),
    ("Syria", "Druze militias clashed with Bedouin tribal fighters in Sweida.", None, "Bedouin Ethnic Militia (Syria)"),
    ("Russia", "Islamic State gunmen attacked a concert hall near Moscow.", None, "Islamic State (Russia)"),
    ("Iran", "ISKP claimed the twin bombings in Kerman.", None, "Islamic State (Iran)"),
    ("Israel", "Iranian missiles hit the Nevatim air base.", "2024-10-02", "Military Forces of Iran (1989-)"),
    ("Yemen", "Nation's Shield Forces deployed to Hadramawt.", None,
     "Military Forces of Yemen (2012-) Nation's Shield Forces"),
]


@pytest.mark.parametrize("country, text, on, expected", PRESS_WORDS)
def test_the_press_s_name_for_a_group_gives_acled_s(country: str, text: str, on: str | None, expected: str) -> None:
    assert expected in named(text, country, on)


# (report country, passage, an ACLED name it must NOT give): names and words bound to their own country
NOT_ABROAD = [
    ("Mali", "Junta troops shelled a village near Mopti.", "Military Forces of Myanmar"),
    ("Burkina Faso", "Junta soldiers were deployed to Djibo.", "Military Forces of Myanmar"),
    ("South Africa", "The GNU partners met in Cape Town after police clashed with protesters.", "Military Forces of Libya"),
    ("Afghanistan", "The Taliban said they killed six khawarij in Nangarhar.", "TTP: Tehreek-i-Taliban Pakistan"),
    ("Nigeria", "Members of the CDF repelled bandits near the village.", "CDF: Chinland Defense Force"),
    ("Lebanon", "General Security forces arrested two men at the airport.", "Police Forces of Syria"),
    ("Kenya", "The Maritime Port Authority (MPA) said pirates boarded a tanker.", "UNLF: United National Liberation Front"),
    ("Burundi", "Soldiers of the FDN clashed with rebels.", "FDN: Family of the North"),
    ("Colombia", "Resistance fighters blocked the road.", "PDF: People's Defense Force"),
]


@pytest.mark.parametrize("country, text, wrong", NOT_ABROAD)
def test_a_name_another_country_uses_does_not_borrow_its_actor(country: str, text: str, wrong: str) -> None:
    found = named(text, country)
    assert not any(name.startswith(wrong) for name in found), found


@pytest.mark.parametrize("country, text, gang", [
    ("Haiti", "Viv Ansanm gang members burned the police station.", "Viv Ansanm"),
    ("Ecuador", "Los Choneros gang members attacked the prison.", "Los Choneros"),
    ("Brazil", "Comando Vermelho gang members fired at the patrol.", "CV: Red Command"),
])
def test_a_named_gang_s_members_are_that_gang_not_also_an_unidentified_one(country: str, text: str, gang: str) -> None:
    found = named(text, country)
    assert gang in found and not any(n.startswith("Unidentified Gang") for n in found), found


def test_junta_troops_are_the_report_s_own_country_s_forces() -> None:
    assert named("Junta troops shelled a village near Mopti.", "Mali", "2023-11-20") == [
        state_force_name("Mali", on=dt.date(2023, 11, 20))]
    assert named("Junta troops shelled a village near Kani.", "Myanmar", "2023-11-20") == [
        "Military Forces of Myanmar (2021-)"]


# One date inside each government the data added, with the label ACLED's rule gives it.
IN_OFFICE = [
    ("Israel", "2020-05-01", "2009-"), ("Israel", "2022-01-15", "2021-2022"), ("Israel", "2024-01-15", "2022-"),
    ("Iraq", "2020-06-01", "2018-"), ("Iraq", "2023-06-01", "2022-"),
    ("Pakistan", "2020-04-01", "2018-"), ("Pakistan", "2023-06-01", "2022-2024"), ("Pakistan", "2025-01-01", "2024-"),
    ("Indonesia", "2020-04-01", "2014-"), ("Indonesia", "2025-01-01", "2024-"),
    ("Thailand", "2020-04-01", "2014-"), ("Thailand", "2024-01-10", "2023-2024"), ("Thailand", "2025-03-01", "2024-2025"),
    ("Ecuador", "2020-04-01", "2017-"), ("Ecuador", "2022-06-01", "2021-2023"), ("Ecuador", "2024-01-10", "2023-"),
    ("Peru", "2020-04-01", "2018-"), ("Peru", "2022-01-10", "2021-2022"), ("Peru", "2023-06-01", "2022-2025"),
    ("Honduras", "2020-04-01", "2014-"), ("Honduras", "2023-06-01", "2022-"),
    ("Guatemala", "2022-06-01", "2020-"), ("Guatemala", "2024-06-01", "2024-"),
    ("Chile", "2023-06-01", "2022-"), ("Argentina", "2024-06-01", "2023-"),
    ("Bolivia", "2020-04-01", "2019-"), ("Bolivia", "2022-06-01", "2020-2025"),
    ("Dominican Republic", "2022-06-01", "2020-"), ("Panama", "2023-06-01", "2019-"), ("Panama", "2025-06-01", "2024-"),
    ("Costa Rica", "2023-06-01", "2022-"), ("Paraguay", "2024-06-01", "2023-"), ("Uruguay", "2025-06-01", "2025-"),
    ("Cambodia", "2020-04-01", "1985-"), ("Cambodia", "2024-06-01", "2023-"),
    ("Nepal", "2020-04-01", "2018-"), ("Nepal", "2022-06-01", "2021-2022"), ("Nepal", "2025-10-01", "2025-"),
]


@pytest.mark.parametrize("country, day, label", IN_OFFICE)
def test_forces_are_named_for_the_government_in_office(country: str, day: str, label: str) -> None:
    for branch in ("military", "police"):
        name = state_force_name(country, branch, on=dt.date.fromisoformat(day))
        assert name.endswith(f" ({label})") and country.removeprefix("the ") in name, name


@pytest.mark.parametrize("published, text, actor1, actor2", [
    ("2024-01-10", "GUAYAQUIL, Ecuador — Gunmen from Los Choneros stormed a television station in Guayaquil on Tuesday "
     "and held staff hostage until police commandos freed them, officials said.", "Los Choneros", None),
    ("2023-11-12", "Fighters of the People's Defence Force ambushed a junta convoy near Kale, Sagaing region, Myanmar, "
     "on Saturday, killing five soldiers.", "PDF: People's Defense Force", "Military Forces of Myanmar (2021-)"),
    ("2024-03-30", "Members of the Viv Ansanm gang coalition attacked the police station of Gressier, Haiti, on "
     "Friday, killing two officers.", "Viv Ansanm", "Police Forces of Haiti (2021-)"),
    ("2023-05-02", "Maoist rebels killed two CRPF jawans in an IED blast in Bijapur district, Chhattisgarh, India, on "
     "Monday.", "CPI (Maoist): Communist Party of India (Maoist)", None),
    ("2022-05-20", "GNU forces clashed with fighters of the Nawasi Brigade in central Tripoli, Libya, on Thursday; two "
     "fighters were killed.", "Military Forces of Libya (2021-) Government of National Unity", "Nawasi Brigade"),
])
def test_a_report_in_the_press_s_words_is_coded_with_acled_s_names(published: str, text: str, actor1: str,
                                                                     actor2: str | None) -> None:
    from conflictwatch.ingest import parse_date
    from conflictwatch.pipeline import default_coder
    from conflictwatch.records import Report

    events = default_coder().code(Report("regions", text, parse_date(published, "regions")))
    assert events, "no event coded"
    sides = {n for e in events for n in (e.actor1, e.actor2) if n}
    assert actor1 in sides, sides
    assert actor2 is None or actor2 in sides, sides
    assert any(e.actor1 == actor1 for e in events), [(e.actor1, e.actor2) for e in events]


@pytest.mark.parametrize("country, text, expected", [
    ("Lebanon", "Une frappe israélienne a tué deux hommes à Aitaroun.", "Military Forces of Israel"),
    ("Lebanon", "L'armée israélienne a bombardé le village de Khiam.", "Military Forces of Israel"),
    ("Ukraine", "Les forces russes ont bombardé Kharkiv dans la nuit.", "Military Forces of Russia"),
    ("Syria", "L'armée turque a pilonné des positions kurdes près de Kobané.", "Military Forces of Turkey"),
    ("Haiti", "La Mission multinationale d'appui à la sécurité (MMAS) a repoussé une attaque de Viv Ansanm.",
     "MSS: Multinational Security Support Mission in Haiti"),
])
def test_a_french_report_names_foreign_forces_by_their_french_demonym(country: str, text: str, expected: str) -> None:
    allowed = frozenset({country, *(c for c, _span in country_mentions(text))})
    found = [m.name for m in find_actors(text, country, allowed=allowed, lang="fr")]
    assert any(name.startswith(expected) for name in found), found
