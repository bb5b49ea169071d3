"""Roundups: each place told with a toll of its own is its own event, a lead that sums them up is none,
and a headline is the lede told once more (texts of our own)."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch import extract_text

_TAIL = (
    "\n\nAid agencies say more than a million people have fled towards the border this year, and camps are "
    "short of food and shelter as winter approaches.\n"
)


def _told(events: list) -> list[tuple]:
    """What a failing assertion shows: each event's day, kind, place and toll."""
    return [(e.event_date, e.sub_event_type, e.location, e.fatalities) for e in events]


def test_air_strikes_on_several_towns_are_one_event_per_town_and_the_sum_is_none():
    text = (
        "IDLIB, Syria — Government warplanes carried out air strikes on four towns in Idlib province on Monday, "
        "killing at least 17 civilians, rescue workers said.\n\n"
        "In Maarat al-Numan, strikes on a vegetable market killed nine people, the civil defence said.\n\n"
        "Three people, including two children, were killed in Saraqib.\n\n"
        "A woman was killed in Ariha." + _TAIL
    )
    events = extract_text(text, published="2023-08-10", doc_id="t")
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert sorted(e.fatalities for e in strikes) == [1, 3, 9], [(e.sub_event_type, e.fatalities) for e in events]
    assert all(e.actor1.startswith("Military Forces of Syria") for e in strikes)
    assert {str(e.event_date) for e in strikes} == {"2023-08-07"}  # the lead's Monday
    assert 17 not in [e.fatalities for e in events]


def test_two_tolls_in_two_places_are_two_events():
    text = (
        "Gunmen shot dead four farmers in Kankara town on Tuesday, residents said.\n\n"
        "Six people were killed in Birnin Gwari when bandits raided a market, a local official said." + _TAIL
    )
    events = extract_text(text, published="2023-05-04", doc_id="t")
    assert sorted(e.fatalities for e in events) == [4, 6], [(e.location, e.fatalities) for e in events]


def test_a_lead_summing_two_separate_attacks_gives_the_two_attacks_only():
    text = (
        "Suspected jihadists killed at least 20 people in two separate attacks on villages in northern Burkina "
        "Faso at the weekend, local sources said.\n\n"
        "At least 14 people were killed late on Sunday at Bourzanga in Bam province.\n\n"
        "Six people died in a separate attack on Saturday at Titao in Loroum province." + _TAIL
    )
    events = extract_text(text, published="2022-07-04", doc_id="t")
    assert sorted(e.fatalities for e in events) == [6, 14], [(e.location, e.fatalities) for e in events]


def test_a_headline_is_the_lede_told_once_more():
    text = (
        "Four soldiers killed in Bamenda ambush\n\n"
        "Four soldiers were killed on Monday when separatist fighters ambushed an army patrol in the Nkwen "
        "neighbourhood of Bamenda, in the North-West region, a security official said." + _TAIL
    )
    events = extract_text(text, published="2025-07-08", doc_id="t")
    assert len(events) == 1, [(e.sub_event_type, e.location, e.fatalities) for e in events]
    assert events[0].fatalities == 4


def test_crowds_in_two_cities_are_two_protests_with_their_own_police():
    text = (
        "YANGON, Myanmar — Thousands of people marched in Mandalay on Sunday to protest against the military "
        "coup, despite a warning by the junta that protesters could be shot.\n\n"
        "Police fired rubber bullets and tear gas to disperse protesters in Yangon's Hlaing township, "
        "witnesses said.\n\n"
        "Shops and markets stayed shut across much of the country as part of a general strike called by "
        "opposition groups, and bank staff joined the walkout.\n\n"
        "The generals seized power on February 1, saying that November's election had been marred by fraud, a "
        "claim the election commission rejected. Western governments have announced sanctions on the generals "
        "and their businesses, and several embassies have urged their citizens to stay indoors after dark. "
        "Internet access has been cut every night for two weeks, and mobile data remains slow in the cities.\n\n"
        "Diplomats at the United Nations have been unable to agree on a statement, and regional governments "
        "have offered to host talks between the generals and the deposed civilian leaders, so far in vain."
        + _TAIL + _TAIL
    )
    assert len(text) >= 1200  # an article, not a coder's note
    events = extract_text(text, published="2021-03-02", doc_id="t")
    kinds = {(e.location, e.sub_event_type) for e in events}
    assert ("Mandalay", "Peaceful protest") in kinds, kinds
    yangon = next(e for e in events if e.location == "Yangon")
    assert yangon.sub_event_type == "Protest with intervention"
    assert yangon.actor2.startswith("Police Forces of Myanmar"), yangon.actor2


def test_a_clash_has_no_civilian_side_because_people_fled():
    text = (
        "Dissidents of the FARC rebel group clashed with ELN guerrillas in the rural area of Tame in Arauca "
        "on Friday, the ombudsman's office said. Thousands of people have fled their homes since January."
    )
    events = extract_text(text, published="2023-08-10", doc_id="t")
    clash = next(e for e in events if e.sub_event_type == "Armed clash")
    assert not (clash.actor2 or "").startswith("Civilians"), clash.actor2


def test_a_briefs_run_in_headings_open_new_scenes_and_a_groups_drone_stays_its_own():
    text = (
        "YEMEN SECURITY BRIEF\n\n"
        "Hodeidah. US forces said they destroyed two anti-ship missiles near the port of Salif on Monday, "
        "without reporting casualties. The Houthis have attacked dozens of ships since November.\n\n"
        "Abyan. Militants of al-Qaeda in the Arabian Peninsula attacked a Security Belt checkpoint with an "
        "explosives-laden drone in Mudiyah district on Monday, killing two soldiers, a spokesman said.\n\n"
        "Outlook. The UN envoy continued consultations in Muscat on a road map for a ceasefire."
    )
    events = extract_text(text, published="2024-03-05", doc_id="t")
    drone = next(e for e in events if e.fatalities == 2)
    assert drone.sub_event_type == "Air/drone strike", [(e.sub_event_type, e.fatalities) for e in events]
    assert drone.actor1.startswith("AQAP"), drone.actor1
    assert len(events) == 2, [(e.sub_event_type, e.actor1, e.fatalities) for e in events]


def test_a_prosecutors_office_telling_the_news_is_no_trial():
    text = (
        "Four killed in Culiacan home as cartel infighting rages\n\n"
        "CULIACAN, Mexico — Gunmen burst into a house in the Sinaloa state capital on Wednesday night and shot "
        "dead four people, the state prosecutor's office said.\n\n"
        "On Tuesday, soldiers came under fire from cartel gunmen on a rural road outside Navolato, the Defence "
        "Ministry said. Two attackers were killed." + _TAIL
    )
    events = extract_text(text, published="2024-09-19", doc_id="t")
    house = [e for e in events if e.fatalities == 4]
    assert house and str(house[0].event_date) == "2024-09-18", [(e.event_date, e.fatalities) for e in events]


def test_two_tolls_in_two_places_in_one_sentence_are_two_strikes():
    text = (
        "Government warplanes carried out air strikes on three towns in Idlib province on Tuesday, killing at "
        "least nine civilians, rescue workers said.\n\n"
        "Five people were killed in Saraqib, and four died when a strike hit a house in Ariha.\n\n"
        "The civil defence said its crews were still searching the rubble." + _TAIL
    )
    events = extract_text(text, published="2023-08-10", doc_id="t")
    strikes = sorted((e.fatalities, e.location) for e in events if e.sub_event_type == "Air/drone strike")
    assert [f for f, _ in strikes] == [4, 5], [(e.sub_event_type, e.location, e.fatalities) for e in events]


def test_a_truck_bomb_retold_with_an_older_date_is_one_ied_attack():
    text = (
        "BOGOTA — Two soldiers were killed and 20 wounded when ELN guerrillas rammed a truck loaded with "
        "explosives into a military base in Arauca on Tuesday, the army said.\n\n"
        "The attack on the base came weeks after the group's ceasefire ended in August." + _TAIL
    )
    events = extract_text(text, published="2024-09-20", doc_id="t")
    assert [(e.sub_event_type, str(e.event_date)) for e in events] == [
        ("Remote explosive/landmine/IED", "2024-09-17")], [(e.sub_event_type, e.event_date) for e in events]


def test_a_deed_before_a_summing_sentence_stays_its_own_event():
    text = (
        "DHAKA — Police arrested the opposition leader Rahim Uddin at his home in Dhaka on Friday, his party "
        "said.\n\n"
        "Within hours, his supporters took to the streets in several cities.\n\n"
        "In Chittagong, a crowd stormed the office of the ruling party, smashing windows and setting furniture on "
        "fire.\n\n"
        "In Sylhet, protesters blocked the main highway and chanted slogans against the government.\n\n"
        "The government suspended mobile internet services in the capital and banned gatherings of more than five "
        "people. The party's lawyers filed a petition against the arrest in the High Court, and its leaders "
        "called on their supporters to stay calm and to protest peacefully.\n\n"
        "Uddin, a former minister who leads the largest opposition alliance, has been charged in a corruption case "
        "that his lawyers call politically motivated. Elections are due next year, and rights groups have accused "
        "the authorities of using the courts to sideline rivals, a charge the government denies. Diplomats in the "
        "capital urged all sides to show restraint, and the United Nations said it was following events closely."
        + _TAIL
    )
    events = extract_text(text, published="2024-03-09", doc_id="t")
    kinds = sorted((e.location or "", e.event_type) for e in events)
    assert ("Strategic developments" in [k for _, k in kinds]), kinds
    assert [k for _, k in kinds].count("Riots") == 1 and [k for _, k in kinds].count("Protests") == 1, kinds


def test_a_crowd_that_storms_and_burns_a_building_is_a_riot_not_a_battle():
    text = ("A crowd stormed the house of the district governor in Jalalabad on Monday, smashing furniture "
            "and setting the building on fire, witnesses said.")
    events = extract_text(text, published="2024-03-05", doc_id="t")
    assert [e.event_type for e in events] == ["Riots"], [(e.event_type, e.sub_event_type) for e in events]


def test_a_sentence_that_opens_with_its_day_dates_the_deed_told_next():
    text = (
        "MINISTRY OF DEFENCE — PRESS RELEASE\n\n"
        "On 3 March 2024, militants attempting to infiltrate one of our outposts near Hakkari were engaged by our "
        "troops. In the clash, two of our comrades-in-arms were martyred.\n\n"
        "On 4 March 2024, near Sirnak, our troops detected a group of militants approaching a base. In the ensuing "
        "clash, three more of our soldiers were martyred.\n\n"
        "Our struggle will continue with determination."
    )
    events = extract_text(text, published="2024-03-05", doc_id="t")
    got = sorted((str(e.event_date), e.fatalities) for e in events)
    assert got == [("2024-03-03", 2), ("2024-03-04", 3)], [(e.event_date, e.sub_event_type, e.fatalities) for e in events]


def test_another_party_that_says_separately_it_struck_is_another_event():
    text = (
        "The army said on Monday that two soldiers were wounded by an explosive device in a building in Khan "
        "Younis.\n\n"
        "Islamic Jihad's armed wing said separately that its fighters had fired rockets at troops near the Kissufim "
        "crossing." + _TAIL
    )
    events = extract_text(text, published="2024-06-11", doc_id="t")
    subs = sorted(e.sub_event_type for e in events)
    assert subs == ["Remote explosive/landmine/IED", "Shelling/artillery/missile attack"], \
        [(e.sub_event_type, e.location) for e in events]


def test_a_deed_set_in_another_place_by_its_opening_words_is_another_incident():
    text = (
        "KYIV — The death toll from a Russian missile that hit an apartment block in the city of Dnipro on "
        "Saturday rose to 23 on Monday, regional officials said, as rescuers searched the rubble.\n\n"
        "The missile destroyed the middle of a nine-storey block in the afternoon, and dozens of flats collapsed. "
        "Officials had first spoken of nine dead; the figure climbed as bodies were pulled out.\n\n"
        "In Kharkiv, two missiles hit a power plant on Saturday morning, causing a fire but no casualties, the "
        "governor said.\n\n"
        "The president called on Western allies to send more air defence systems, and said the attacks on cities "
        "far from the front would not break the country's will. The Kremlin denied targeting homes." + _TAIL
        + "\nDnipro, a city of about a million people on the river of the same name, has been hit repeatedly since "
        "the invasion began but lies far behind the front line, and many families from the east have moved there."
    )
    events = extract_text(text, published="2023-01-16", doc_id="t")
    got = sorted((e.location or "", e.fatalities) for e in events)
    assert len(events) == 2 and (any(f == 23 for _, f in got)) and any(f == 0 for _, f in got), \
        [(e.sub_event_type, e.location, e.fatalities) for e in events]


def test_later_that_day_and_overnight_into_a_day_open_their_own_incidents():
    text = (
        "Israeli settlers set fire to three cars on the edge of the village of Qusra, south of Nablus in the "
        "occupied West Bank, before dawn on Friday, the village council said.\n\n"
        "Later on Friday, dozens of young men gathered at the entrance of Qusra and threw stones at troops on the "
        "road. Soldiers fired tear gas.\n\n"
        "Overnight into Saturday, the army said it had detained 14 people in raids, including six in Tubas."
    )
    events = extract_text(text, published="2022-11-26", doc_id="t")
    got = sorted((str(e.event_date), e.event_type) for e in events)
    assert ("2022-11-25", "Riots") in got and ("2022-11-26", "Strategic developments") in got, got
    assert len(events) == 3, got


def test_a_party_saying_it_fired_tells_its_own_deed_not_the_strike_before():
    text = ("BEIRUT — Israeli strikes on southern Lebanon killed three people on Tuesday, the health ministry said.\n\n"
            "Hezbollah said it had fired rockets at an Israeli army position near Metula in response.")
    events = extract_text(text, published="2024-02-14", doc_id="t")
    got = sorted((e.sub_event_type, e.actor1 or "") for e in events)
    assert len(events) == 2 and any(a.startswith("Hezbollah") for _, a in got), got
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert strike.fatalities == 3 and strike.actor1.startswith("Military Forces of Israel"), strike


def test_a_single_victim_told_apart_from_the_toll_does_not_lower_it() -> None:
    from dataclasses import replace

    from conflictwatch.pipeline import _merge_same_incident

    text = ("A gunman opened fire inside a wedding hall in Herat on Friday, killing at least 14 guests, "
            "the provincial police said.")
    [lede] = extract_text(text, published="2023-05-13", doc_id="w")
    assert lede.fatalities == 14
    # the body retells it: "the attacker walked in after stabbing to death a waiter at the back door"
    [merged] = _merge_same_incident([lede, replace(lede, event_id="w-1", fatalities=1)])
    assert merged.fatalities == 14
    # two rival tolls of the same dead: ACLED's lowest credible figure
    [rival] = _merge_same_incident([lede, replace(lede, event_id="w-1", fatalities=9)])
    assert rival.fatalities == 9


def test_a_running_total_since_the_war_is_history_not_an_incident() -> None:
    text = ("Troops shot dead two gunmen at a checkpoint outside Hebron on Tuesday, the army said.\n\n"
            "In Nablus, gunmen shot dead a shepherd on the same day, police said.\n\n"
            "More than 400 people have been killed in the territory since the war began, the ministry says.")
    events = extract_text(text, published="2024-06-12", doc_id="t")
    assert len(events) == 2, [(e.sub_event_type, e.location, e.fatalities) for e in events]
    assert sorted(e.fatalities for e in events) == [1, 2]
    total = text.index("More than 400")
    assert not any(s.end > total for e in events for spans in e.evidence.values() for s in spans)


def test_a_day_the_dead_were_counted_by_is_no_new_incident() -> None:
    text = ("Army jets struck a militant hideout in the hills above Khost on Friday night, killing 11 fighters, "
            "the governor's office said.\n\n"
            "A local elder said that eight bodies had been pulled from the ruins by Saturday evening.")
    events = extract_text(text, published="2021-05-16", doc_id="t")
    assert len(events) == 1, [(e.event_date, e.sub_event_type, e.fatalities) for e in events]
    assert events[0].event_date == dt.date(2021, 5, 14)


def test_a_deed_beside_a_regime_in_power_since_the_coup_is_kept() -> None:
    text = ("Gunmen killed six traders on the road to Djibo on Monday, a local official said.\n\n"
            "In Ouagadougou, thousands of people rallied on Thursday in support of the junta, in power since the coup, "
            "and called for the departure of foreign troops.")
    events = extract_text(text, published="2023-03-10", doc_id="t")
    assert sorted(e.sub_event_type for e in events) == ["Attack", "Peaceful protest"], [
        (e.sub_event_type, e.location) for e in events]


def test_each_item_a_statement_lists_is_an_event_of_the_lead_s_sides() -> None:
    text = ("Statement by the media office of the Islamic Resistance\n\n"
            "In response to the enemy's aggression on the town of Kfar Kila, the fighters of the Islamic Resistance on "
            "Tuesday targeted the following positions of the Israeli enemy:\n\n"
            "1- At 09:20, the Hanita barracks, with rockets, scoring direct hits.\n\n"
            "2- At 14:05, a gathering of enemy soldiers near the Shlomi site, with guided missiles.\n\n"
            "3- At 18:30, the Zar'it post, with artillery shells.\n\n"
            "The Islamic Resistance affirms that any aggression will be met with a response.")
    events = extract_text(text, published="2024-03-06", doc_id="t")
    assert len(events) == 3, [(e.sub_event_type, e.location, e.actor1) for e in events]
    assert {e.sub_event_type for e in events} == {"Shelling/artillery/missile attack"}
    assert {e.actor1 for e in events} == {"Hezbollah"}
    assert all(e.actor2 and e.actor2.startswith("Military Forces of Israel") for e in events)
    assert {e.event_date for e in events} == {dt.date(2024, 3, 5)}


def test_a_list_after_a_sentence_with_no_colon_is_no_roundup() -> None:
    text = ("Gunmen killed three farmers near the village of Jibia on Monday, police said.\n\n"
            "- The farmers were working in their fields.\n\n"
            "- Police said a search had begun.")
    events = extract_text(text, published="2022-04-05", doc_id="t")
    assert len(events) == 1


def test_a_scene_in_the_port_city_of_x_is_its_own_protest() -> None:
    text = ("LATTAKIA, Aug 19 — Hundreds of people marched to the governor's office in Lattakia on Friday and chanted "
            "against the government over the rise in fuel prices, residents said. The march ended peacefully.\n\n"
            "In the old port city of Tartus, several thousand people gathered on the seafront, waving flags and "
            "chanting slogans. That rally also ended peacefully in the evening.\n\n"
            "The government cut fuel subsidies last week, and the price of a litre of petrol has more than doubled "
            "since then, traders said. Bread queues have grown longer in both cities, and many bakeries now open for "
            "only a few hours a day. Officials blamed the rise on the cost of imports and on sanctions, and promised "
            "that a new support scheme for poor families would start next month. Economists said the scheme would "
            "cover only a small part of the cost. Public sector wages have not risen for two years, and many workers "
            "hold a second job to make ends meet, according to a survey published in the spring by a local research "
            "group, which found that most families now spend more than half of their income on food.")
    events = extract_text(text, published="2023-08-19", doc_id="t")
    assert len(events) == 2, [(e.sub_event_type, e.location) for e in events]
    assert {e.sub_event_type for e in events} == {"Peaceful protest"}


def test_the_towns_a_lead_names_together_are_told_one_by_one() -> None:
    text = ("Militants attacked police posts in two towns of the province overnight, killing nine policemen, "
            "officials said.\n\n"
            "The attackers struck in Saravan and in the border town of Mirjaveh shortly after midnight, the deputy "
            "governor said. In Mirjaveh, gunmen stormed a police post and fought with its guards for two hours; five "
            "policemen were killed there. In Saravan, four policemen were killed in an assault on the police "
            "station.\n\n"
            "The province, one of the country's poorest, borders Pakistan and Afghanistan and has long been the scene "
            "of clashes between the security forces and militants, as well as drug smugglers who move opium across "
            "the desert. The group behind the attacks says it fights for the rights of the minority that lives on both "
            "sides of the border, and the government accuses its neighbour of letting the group keep bases there, "
            "which the neighbour denies. Last year the two countries exchanged strikes on each other's territory in a "
            "brief crisis, before their foreign ministers agreed to work together against the militants. Rights "
            "groups say the province's people have long suffered from poverty and neglect, and that executions of men "
            "from the minority have risen sharply in recent years.")
    events = extract_text(text, published="2024-04-05", doc_id="t")
    assert sorted(e.fatalities for e in events) == [4, 5], [(e.location, e.fatalities) for e in events]


def test_an_anniversary_of_a_deed_a_year_ago_today_is_no_event() -> None:
    text = ("A year after the market bombing, a town remembers\n\n"
            "KANO, March 3 — A year ago today, on March 3, 2021, a suicide bomber blew himself up in the cattle market "
            "of this town, killing 41 traders. On Wednesday, the families of the dead gathered at the market to pray, "
            "and the governor laid a wreath at a new memorial by the gate.")
    assert extract_text(text, published="2022-03-03", doc_id="t") == []


def test_years_after_a_massacre_its_remembrance_is_no_event() -> None:
    text = ("Eight years after the Hama market massacre, survivors still wait\n\n"
            "HAMA — Eight years after gunmen opened fire in the grain market and killed 62 traders, relatives gathered "
            "at the market on Friday to lay flowers and read the names of the dead. The attack on March 3, 2016 "
            "remains the worst in the province. At the gate, a plaque lists the 62 traders killed that morning. "
            "Officials say the market has been rebuilt twice since, and that a new police post now guards the gate. "
            "Many families say they are still waiting for a trial, and for the compensation the government promised "
            "them. Traders say business has never fully returned, and that young men have left for the coast. " * 2)
    assert extract_text(text, published="2024-03-08", doc_id="t") == []


def test_a_court_that_sentences_in_the_headline_makes_a_trial_story() -> None:
    text = ("Court sentences two men to death over 2019 bus station bombing\n\n"
            "QUETTA, May 9 — An anti-terrorism court on Tuesday sentenced two men to death for their part in the "
            "bombing of the city's main bus station in 2019, which killed 14 passengers, prosecutors said. "
            "The men, who can appeal, were arrested months after the attack. A third defendant was acquitted for lack "
            "of evidence. Relatives of the victims welcomed the verdict outside the court, and lawyers for the "
            "defence said they would take the case to the high court. " + "The trial lasted more than two years "
            "and heard over forty witnesses, including survivors of the blast and police investigators. ")
    events = extract_text(text, published="2023-05-09", doc_id="t")
    assert not [e for e in events if e.event_type == "Explosions/Remote violence"], [
        (e.event_date, e.sub_event_type) for e in events]


_LONG_TAIL = _TAIL + (
    "\nEnvoys from three countries have shuttled between the capitals for weeks to try to head off a wider war, "
    "and the United Nations has warned that the fighting risks drawing in the whole region. Schools near the "
    "frontier have been closed since the autumn, and farmers say they cannot reach their fields. Relief groups "
    "say the roads south are cratered and that fuel for generators runs short, while hospitals in the border "
    "districts keep only a few days of supplies. Donors meet next week to discuss a new appeal.\n"
)


def test_a_deed_told_hours_earlier_in_another_town_is_its_own_incident():
    text = (
        "Drone strike kills two near Tyre; rocket hits a barn in Shlomi\n\n"
        "BEIRUT, March 6 — An Israeli drone struck a motorcycle on the outskirts of Tyre in southern Lebanon "
        "on Tuesday, killing two men, the state news agency said.\n\n"
        "Hours earlier, Hezbollah fighters fired a rocket at a barn in the Israeli border town of Shlomi, the "
        "local council said. Nobody was hurt. Hezbollah said it had targeted \"a position of the enemy\" there.\n\n"
        "Israeli artillery then shelled the edge of the Lebanese town of Marjayoun for much of the evening, the "
        "agency said. There were no reports of casualties." + _LONG_TAIL
    )
    events = extract_text(text, published="2024-03-06", doc_id="t")
    got = sorted((e.sub_event_type, (e.actor1 or "")[:20], e.fatalities) for e in events)
    assert len(events) == 3, got
    assert ("Air/drone strike", "Military Forces of I", 2) in got, got
    rocket = [e for e in events if (e.actor1 or "").startswith("Hezbollah")]
    assert len(rocket) == 1 and rocket[0].fatalities == 0, got




def test_a_retelling_that_names_only_one_side_of_the_event_is_the_same_event():
    text = (
        "BASRA — Riot police opened fire on protesters outside the governor's office in Basra on Sunday, killing "
        "two people, medics said. Hundreds had gathered to demand jobs and power.\n\n"
        "In Nasiriyah, students marched on Sunday against corruption. The march passed off peacefully.\n\n"
        "The two men killed in Basra on Sunday were brothers, relatives said. Both were shot as police pushed "
        "the crowd back from the gates." + _LONG_TAIL
    )
    events = extract_text(text, published="2020-02-03", doc_id="t")
    got = sorted((e.sub_event_type, e.fatalities) for e in events)
    assert got == [("Excessive force against protesters", 2), ("Peaceful protest", 0)], got



_MORE = (
    "\nThe ministry said it would publish a full account of the week's operations, and parliament's security "
    "committee has asked the commanders to appear before it. Local officials said markets reopened on Tuesday, "
    "buses ran again between the towns, and schools would open after the weekend if the roads stayed quiet.\n"
)


@pytest.mark.parametrize(("text", "published", "kinds"), [
    pytest.param(
        "On Monday morning, army aircraft struck a hideout of the militants in the hills south of Kirkuk, killing "
        "four of them, the ministry said. On the same day, army engineers dismantled three explosive devices "
        "planted beside the road between Daquq and Tuz Khurmatu." + _LONG_TAIL + _MORE,
        "2022-12-19", ["Air/drone strike", "Disrupted weapons use"], id="on-the-same-day-opens-another-incident"),
    pytest.param(
        "A parcel bomb exploded outside a bank in Izmir on Saturday, wounding nine people, the governor said.\n\n"
        "Police said on Sunday that a man had left the parcel at the door minutes before it exploded. He was "
        "detained in a raid on a house in the Bornova district early on Sunday. The city has been hit by "
        "bombings claimed by several groups in the past." + _LONG_TAIL + _MORE,
        "2022-11-14", ["Arrests", "Remote explosive/landmine/IED"], id="past-bombings-do-not-make-an-arrest-a-bombing"),
])
def test_each_deed_of_an_article_keeps_its_own_kind(text: str, published: str, kinds: list[str]) -> None:
    events = extract_text(text, published=published, doc_id="t")
    got = sorted(e.sub_event_type for e in events)
    assert got == kinds, got


def test_a_deed_repeated_several_times_in_recent_years_is_history_even_with_a_month():
    text = (
        "Gunmen blew up a stretch of railway track near Sibi on Tuesday, derailing a goods train, police said. "
        "Militants have blown up the line several times in recent years, most recently during a wave of attacks "
        "last August in which more than 40 people were killed." + _LONG_TAIL + _MORE
    )
    events = extract_text(text, published="2025-03-12", doc_id="t")
    assert len(events) == 1 and events[0].fatalities == 0, [(e.event_date, e.sub_event_type, e.fatalities) for e in events]


def test_protests_in_several_cities_told_city_by_city_are_one_event_each():
    text = (
        "Hundreds detained at anti-draft protests\n\n"
        "KYIV, May 3 — Police detained hundreds of people at protests in dozens of cities on Tuesday against a new "
        "conscription law, a monitoring group said.\n\n"
        "In Moscow, about 300 people gathered outside the defence ministry in the evening. Riot police waded into "
        "the crowd within minutes, dragging people to waiting buses.\n\n"
        "In Kazan, protesters marched along the river embankment before police blocked their path and began "
        "detaining them.\n\n"
        "In the northern city of Arkhangelsk, around 80 people gathered on the main square. Police detained a "
        "pensioner who held a banner, but the protest continued and ended after an hour." + _LONG_TAIL
    )
    events = extract_text(text, published="2023-05-03", doc_id="t")
    got = sorted((e.location or "", e.sub_event_type) for e in events)
    assert len(events) == 3, got
    assert all(sub == "Protest with intervention" for _, sub in got), got



def test_the_target_acting_alone_on_the_same_day_is_no_retelling():
    from conflictwatch.pipeline import _retelling

    [strike] = extract_text("Gunmen fired three rockets at the peacekeepers' camp in Gao on Sunday, the mission said.",
                            published="2021-10-05", doc_id="s")
    from dataclasses import replace
    strike = replace(strike, actor2="MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in "
                     "Mali (2013-)")
    defused = replace(strike, actor1=strike.actor2, actor2=None, event_type="Strategic developments")
    assert not _retelling(strike, defused)
    assert _retelling(strike, replace(strike, actor2=None, event_type="Battles"))


def test_a_rising_toll_in_the_lede_beats_the_first_count_told_in_the_body() -> None:
    from dataclasses import replace

    from conflictwatch.pipeline import _merge_same_incident

    text = ("Market suicide bombing toll rises to 31\n\nKANO, May 7 — The death toll from Monday's suicide bombing at a "
            "crowded cattle market in the town of Wudil has risen to 31, hospital officials said.\n\nA man riding a "
            "motorcycle loaded with explosives drove into the market on Monday afternoon and blew himself up among "
            "traders, police said. More than 50 people were wounded. The police first put the toll at 18.\n")
    [event] = extract_text(text, published="2024-05-07", doc_id="m")
    assert (event.sub_event_type, event.fatalities) == ("Suicide bomb", 31)
    assert "earlier-toll" not in event.flags
    # the first count told first: the later telling still wins, and the merged event's toll is current
    first = replace(event, event_id="m-0", fatalities=18, flags=("earlier-toll",))
    [merged] = _merge_same_incident([first, replace(event, event_id="m-1")])
    assert merged.fatalities == 31 and "earlier-toll" not in merged.flags
    # two current tolls of the same dead still take the lowest
    [rival] = _merge_same_incident([replace(event, event_id="m-0", fatalities=27), replace(event, event_id="m-1")])
    assert rival.fatalities == 27


def test_a_toll_told_over_the_past_week_is_the_toll_of_the_deed_before_it() -> None:
    text = ("Rebels take Kawa district after week of fighting\n\nJUBA, March 9 — Rebel forces have taken control of "
            "Kawa district in the east of the state after days of fighting with the army, local officials said.\n\n"
            "Army troops and allied militiamen withdrew from Kawa town on Wednesday after rebel columns advanced from "
            "the hills to the north, two officials said. Dozens of fighters from both sides were killed in the "
            "fighting over the past week, the officials said, without giving a figure.\n\nThe army did not comment "
            "on the loss of the district. Aid groups warned that the fighting could displace thousands of people.\n")
    [event] = extract_text(text, published="2023-03-09", doc_id="k")
    assert (event.sub_event_type, event.fatalities) == ("Non-state actor overtakes territory", 12)
    # a pattern told in the perfect is no toll of the deed
    perfect = text.replace("Dozens of fighters from both sides were killed", "Dozens of fighters have been killed")
    assert [e.fatalities for e in extract_text(perfect, published="2023-03-09", doc_id="k")] == [0]


def test_a_headlines_vague_toll_is_the_ledes_exact_one() -> None:
    text = ("Dozens of soldiers killed as neighbours clash on the border\n\nTBILISI, May 3 — At least 31 soldiers were "
            "killed when troops attacked army positions near the border town of Sagarejo overnight into Tuesday, the "
            "defence ministry said.\n")
    events = extract_text(text, published="2022-05-03", doc_id="h")
    assert [e.fatalities for e in events] == [31]


# running totals (texts of our own): the report's own toll, counted once
@pytest.mark.parametrize(("text", "published", "expected"), [
    pytest.param(
        "An Israeli drone strike on a car near Tyre killed two men on Friday, security sources said.\n\n"
        "More than 300 people have been killed in Lebanon since October, most of them fighters. About a dozen "
        "soldiers and eight civilians have been killed on the Israeli side." + _LONG_TAIL,
        "2024-03-02", [2], id="a_running_total_since_a_month_and_its_sequel_in_th"),
    pytest.param(
        "Police said officers killed three suspected gang members in a shootout in the Bel Air district on "
        "Saturday, where rival gangs have fought over the market since May." + _LONG_TAIL,
        "2021-10-19", [3], id="a_deed_told_in_a_relative_clause_since_a_month_is_"),
    pytest.param(
        "Soldiers shot dead two gunmen at a checkpoint near Sopore on Tuesday, police said. Security forces "
        "have killed more than 60 militants in the region this year, according to official figures. Rights "
        "groups say at least 250 people have been killed in the crackdown." + _LONG_TAIL,
        "2023-11-15", [2], id="a_running_total_for_this_year_or_a_whole_crackdown"),
    pytest.param(
        "Troops killed two militants in a clash near Tarmiyah on Monday, the command said. Since the beginning of "
        "this month, the operations of our forces have resulted in the killing of 31 terrorists." + _LONG_TAIL + _MORE,
        "2022-12-19", [2], id="a_months_operations_that_resulted_in_killings_are_"),
    pytest.param(
        "Des hommes armés ont tué sept civils jeudi dans un village près de Djibo, selon des sources locales. "
        "Des centaines de civils auraient été tués en trois mois dans la région, selon des organisations locales.",
        "2022-06-10", [7], id="a_french_running_total_over_months_is_no_incident"),
    pytest.param(
        "Troops retook the village of Qoryoley from the militants on Tuesday, killing nine of them, the ministry "
        "said. Since the start of the operations in August, our forces have liberated 40 villages and hundreds of "
        "the militants have been killed." + _LONG_TAIL,
        "2022-12-06", [9], id="a_campaigns_running_total_since_its_start"),
    # scenes and claims: a new incident only where the place or the actor is another (expected: the events' count)
    pytest.param(
        "Gunmen opened fire on a bus station in Beersheba on Sunday evening, killing three people, police said. "
        "One attacker was shot dead by a guard.\n\n"
        "In the West Bank city of Tulkarm, a Palestinian man was killed when troops raided the camp, the health "
        "ministry said." + _LONG_TAIL,
        "2024-05-13", 2, id="a_town_named_with_a_capitalised_qualifier_opens_it"),
    pytest.param(
        "Rocket fire\n\nKIRYAT SHMONA — Hezbollah fighters fired two anti-tank missiles at a house in Kiryat Shmona "
        "on Thursday, wounding a man, the ambulance service said. Hezbollah said it had targeted a gathering of "
        "soldiers in the town." + _LONG_TAIL,
        "2024-05-10", 1, id="a_party_claiming_the_deed_just_told_of_it_is_no_ne"),
    # tallies and trends of a bulletin are no incidents
    pytest.param(
        "A missile struck a grain terminal in Odesa on Tuesday, killing four workers, the regional governor said.\n\n"
        "The general staff said 97 combat clashes had taken place along the front over the past day, most of them "
        "near Pokrovsk.\n\nIn Kherson, shelling remained the main cause of civilian deaths, monitors said."
        + _LONG_TAIL + _MORE,
        "2023-09-06", [4], id="a_tally_of_clashes_and_the_main_cause_of_deaths_ar"),
    # another kind of deed with its own toll, in a place named as its object, is another incident
    pytest.param(
        "Rebel factions captured the town of Kafr Halab from government troops on Saturday, a war monitor said. "
        "Government warplanes struck Atarib town the same day, killing six civilians, rescuers said. Residents "
        "said the road west of the town was crowded with families leaving for the border." + _LONG_TAIL
        + _MORE,
        "2024-12-02", 2, id="a_capture_then_an_air_strike_on_a_town_named_as_it"),
    pytest.param(
        "A bus struck a landmine near the village of Tinakoff on Monday, officials said. Five passengers died and a "
        "dozen were hurt, according to a hospital source in Dori." + _LONG_TAIL + _MORE,
        "2024-07-09", 1, id="a_toll_told_by_a_source_in_another_town_is_the_dee"),
    pytest.param(
        "A rocket struck a school in the border town of Tovuz on Sunday, killing three pupils, officials said.\n\n"
        "The fighting, which began last month, is the worst in the region since the war of the 1990s, which killed "
        "thousands. Hundreds of soldiers and dozens of civilians have been killed on both sides." + _LONG_TAIL + _MORE,
        "2020-10-12", [3], id="a_war_told_as_the_worst_since_and_its_toll_on_both"),
    pytest.param(
        "Troops fired on crowds at two border crossings on Friday, medics said.\n\nAt the crossing east of Rafah, "
        "eleven people were killed, a ministry spokesman said. Another nine were killed north of Beit Lahia, he said."
        + _LONG_TAIL + _MORE,
        "2018-05-12", 2, id="places_told_as_east_or_north_of_a_town_are_places_"),
    # a lead over "the towns of X and Y", or whose toll the parts share out, sums them up (expected: the parts' tolls)
    pytest.param(
        "HODEIDAH, March 4 — Car bombs tore through markets in the coastal towns of Khokha and Mocha on Sunday, "
        "killing at least 30 people, officials said.\n\n"
        "In Khokha, a car bomb exploded beside the fish market shortly after dawn. A health official in Taiz "
        "province said 18 people had been killed in Khokha.\n\n"
        "Minutes later, in Mocha, a second car bomb went off at the bus station, killing 12 people, the same "
        "official said." + _LONG_TAIL + _MORE,
        "2019-03-04", [18, 12], id="a_lead_over_the_towns_of_two_places_sums_up_the_p"),
    pytest.param(
        "Troops shot dead 41 people during protests along the border on Friday, the health ministry said.\n\n"
        "The heaviest toll was east of Jabalia, where 27 people were killed near the fence, a ministry spokesman "
        "said. Another 14 were killed east of Deir al-Balah in the south, he said." + _LONG_TAIL + _MORE,
        "2018-05-12", [27, 14], id="a_lead_whose_toll_the_parts_share_out_is_none_of_"),
])
def test_running_totals_scenes_and_claims_give_the_reports_own_incidents(text: str, published: str,
                                                                        expected: list[int] | int) -> None:
    """``expected``: the events' tolls (running totals give none of their own), or how many events there are."""
    events = extract_text(text, published=published, doc_id="t")
    got = [e.fatalities for e in events] if isinstance(expected, list) else len(events)
    assert got == expected, [(e.sub_event_type, e.actor1, e.location, e.fatalities) for e in events]


def test_a_lead_that_sums_up_two_bombings_gives_each_its_own_kind_day_and_toll() -> None:
    text = (
        "MOSUL, June 12 — Iraq declared three days of mourning on Saturday after suicide bombers struck two mosques "
        "during prayers in the north, killing 31 people.\n\n"
        "The first blast ripped through the prayer hall of a mosque in the town of Tal Afar on Friday, killing 19 people "
        "and wounding 40, the health directorate said.\n\n"
        "Hours later, a bomber blew himself up at the gate of a mosque in Sinjar, where guards had stopped him. Twelve "
        "people were killed." + _LONG_TAIL + _MORE
    )
    events = extract_text(text, published="2021-06-12", doc_id="t")
    assert sorted((e.fatalities, e.sub_event_type, str(e.event_date)) for e in events) == [
        (12, "Suicide bomb", "2021-06-11"), (19, "Suicide bomb", "2021-06-11")], [
        (e.sub_event_type, e.location, e.event_date, e.fatalities) for e in events]



def test_crowds_told_in_a_list_of_cities_are_one_protest_per_city() -> None:
    text = (
        "BOGOTA, March 9 — Hundreds of thousands of Colombians took to the streets on Sunday against a planned pension "
        "reform.\n\nOn Sunday, crowds marched in Bogota, Medellin, Cali and other cities, waving flags and banging "
        "pots. The marches were peaceful, police said." + _LONG_TAIL + _MORE
    )
    events = extract_text(text, published="2025-03-09", doc_id="t")
    protests = [e for e in events if e.event_type == "Protests"]
    assert sorted(e.location for e in protests) == ["Bogota", "Cali", "Medellin"], [
        (e.sub_event_type, e.location) for e in events]
    assert {str(e.event_date) for e in protests} == {"2025-03-09"}


def test_a_bulletins_numbered_items_with_place_and_day_headings_are_one_event_each():
    text = (
        "Human Rights Observatory — Weekly Note\n"
        "Period covered: Monday 12 to Sunday 18 August 2024\n\n"
        "This note lists the incidents against community leaders recorded by our field monitors this week.\n\n"
        "1. Tumaco, Narino (13 August). A farmers' union leader was shot dead by unknown men outside his house "
        "in the village of La Espriella. Prosecutors have opened a case.\n\n"
        "2. Popayan, Cauca (15 August). About 400 teachers of the regional union marched peacefully to the "
        "governor's office to demand unpaid wages. The march ended without incident.\n\n"
        "3. Quibdo, Choco (17 August). Police used tear gas to break up a road blockade set up by residents "
        "protesting over power cuts; two people were detained.\n\n"
        "Outlook\nOur monitors expect tension to rise ahead of the regional elections."
    )
    events = extract_text(text, published="2024-08-20", doc_id="t")
    got = sorted((str(e.event_date), e.event_type) for e in events)
    assert got == [("2024-08-13", "Violence against civilians"), ("2024-08-15", "Protests"),
                   ("2024-08-17", "Protests")], [(e.event_date, e.sub_event_type, e.location) for e in events]


def test_a_bulletins_bulleted_items_are_their_own_events_and_its_summary_is_none():
    text = (
        "SECURITY BULLETIN — NORTHERN REGION\n"
        "Week 33 — 12 to 18 August 2024\n\n"
        "SUMMARY\n"
        "The week saw a roadside bomb on the army in Koro circle, a kidnapping in Bankass and a peaceful sit-in "
        "in Mopti.\n\n"
        "INCIDENTS\n\n"
        "• Koro, 13 August — A roadside bomb struck a Malian army patrol on the road some 20 km east of Koro "
        "town. Three soldiers were killed.\n\n"
        "• Bankass, 15 August — Armed men on motorbikes kidnapped a trader and his son on the road to the weekly "
        "market. Their relatives have had no news.\n\n"
        "• Mopti, 17 August — Some 150 displaced women held a peaceful sit-in in front of the governor's office "
        "to ask for food aid.\n\n"
        "ADVICE\n• Road travel east of Koro remains advised against."
    )
    events = extract_text(text, published="2024-08-20", doc_id="t")
    got = sorted((str(e.event_date), e.event_type, e.fatalities) for e in events)
    assert got == [("2024-08-13", "Explosions/Remote violence", 3), ("2024-08-15", "Violence against civilians", 0),
                   ("2024-08-17", "Protests", 0)], [(e.event_date, e.sub_event_type, e.location) for e in events]


def test_a_later_hour_in_another_place_opens_another_incident_of_the_same_day():
    text = (
        "Ministry of Defence of the Kyrgyz Republic — Information message\n\n"
        "Today, at about 06:30, units of the Tajik army opened fire with automatic weapons "
        "on our border post near the village of Kara-Bulak. Our servicemen returned fire. One of our soldiers was "
        "killed and three were wounded, and two houses on the edge of the village caught fire.\n\n"
        "At about 10:15, the same side also opened fire on our border post outside the town of Isfana. Our "
        "servicemen returned fire. No casualties were reported at that post.\n\n"
        "The ministry holds the neighbouring side fully responsible for the escalation and calls on it to respect "
        "the agreements reached by the two countries' border services. The wounded servicemen were taken to the "
        "regional hospital, where doctors described their condition as stable. Talks between the heads of the two "
        "border services are under way, and the ministry will inform the public of their results. Citizens are "
        "asked not to spread unverified information and to follow only official sources.\n\n"
        "The ministry recalls that a similar provocation last spring on the same section of the border was settled "
        "by the two sides' commanders within a day, and that the agreed rules on patrols near disputed water "
        "points remain in force."
    )
    events = extract_text(text, published="2022-09-14", doc_id="t")
    clashes = [e for e in events if e.sub_event_type == "Armed clash"]
    assert sorted(e.fatalities for e in clashes) == [0, 1], [(e.sub_event_type, e.location, e.fatalities) for e in events]


@pytest.mark.parametrize("found, events_expected", [
    ("On Sunday morning, rescuers found the body of a young street vendor in a shop that had been torched by "
     "the crowd; he had hidden there from the tear gas, relatives said.", 1),
    # a day without a body: another incident of its own
    ("On Sunday morning, rioters set fire to two buses and a police post in the same district before police "
     "dispersed them.", 2),
])
def test_a_body_found_the_day_after_a_riot_is_its_victim_not_a_new_incident(found, events_expected):
    text = (
        "Two dead as fuel price protest turns violent in Lusaka\n\n"
        "LUSAKA, June 9 — Two people were killed when a protest against fuel prices turned violent in the Zambian "
        "capital on Saturday, police said.\n\n"
        "Several thousand people had gathered at the city market in the morning. When some tried to march on the "
        "finance ministry, officers fired tear gas, and protesters threw stones and set fire to shops and cars. "
        "Police first reported one death, a man who was hit by a stone and died in hospital.\n\n"
        + found + "\n\n"
        "About 40 people, including 12 police officers, were injured, and police said 60 people had been arrested. "
        "The government said it would not reverse the price increase, and the opposition called for calm while "
        "demanding an inquiry into the police response. Traders said it would take weeks to rebuild the market."
    )
    events = extract_text(text, published="2024-06-09", doc_id="t")
    riots = [e for e in events if e.event_type == "Riots"]
    assert len(riots) == events_expected, [(e.event_date, e.sub_event_type, e.fatalities) for e in events]
    assert str(riots[0].event_date) == "2024-06-08" and riots[0].fatalities == 2


def test_a_sitreps_key_points_sum_up_its_place_headed_sections_and_are_no_events_of_their_own():
    text = (
        "SOMALIA — Weekly Access and Security Update\n"
        "Reporting period: 5–11 May 2025\n\n"
        "Key points\n"
        "• One suicide bombing in Mogadishu.\n"
        "• One mortar attack on a military base in Lower Shabelle.\n"
        "• Road access to Baidoa remains restricted.\n\n"
        "Banadir\n"
        "On 6 May, a suicide bomber blew himself up at the gate of a police training centre in Mogadishu's Hodan "
        "district, killing at least seven recruits, police said. Al-Shabaab claimed the attack.\n\n"
        "Lower Shabelle\n"
        "On 9 May, al-Shabaab fighters fired several mortar rounds at a Somali army base outside Afgooye. Two "
        "soldiers were wounded, a local commander said. Partners paused road movements for a day.\n\n"
        "Access\n"
        "• Convoys to Baidoa travel only with escorts.\n"
        "• Partners are advised to avoid the Afgooye corridor after dark.\n\n"
        "Background\n"
        "Attacks on security forces have continued through 2025, and aid agencies have repeatedly warned that "
        "insecurity is cutting off districts where people need help. The rainy season has begun in the south, and "
        "partners expect several roads to become impassable within weeks, which will add to the delays at "
        "checkpoints. The next update will be issued on 20 May; partners with incidents to report should send "
        "them to the security focal point by the end of the reporting week."
    )
    events = extract_text(text, published="2025-05-13", doc_id="t")
    got = sorted((str(e.event_date), e.sub_event_type) for e in events)
    assert got == [("2025-05-06", "Suicide bomb"), ("2025-05-09", "Shelling/artillery/missile attack")], \
        _told(events)


def test_a_place_named_on_a_line_of_its_own_opens_a_new_scene_in_a_bulletin():
    text = (
        "MALI — Weekly Security Note, 3–9 March 2025\n\n"
        "Gao\n"
        "On 4 March, a roadside bomb struck a Malian army convoy on the road north of Gao city. Three soldiers "
        "were killed and four wounded, a military source said. The army sealed off the area for the day.\n\n"
        "Menaka\n"
        "Gunmen on motorbikes shot dead two herders in their camp and stole several hundred head of cattle. "
        "Residents said the attackers came from the direction of the border.\n\n"
        "Outlook\n"
        "Partners expect road movements to remain restricted across both regions in the coming weeks. The rainy "
        "season will make several tracks impassable, and escorts remain scarce. Members are asked to report "
        "incidents to the security focal point by the end of each week, and to share any information on road "
        "conditions between Gao and the border. The next note will be issued on 17 March.\n\n"
        "Background\n"
        "Attacks on convoys and on herders' camps have continued in both regions since the start of the year, and "
        "aid agencies have warned that insecurity is cutting off markets on which displaced families depend. "
        "Fuel prices in both regional capitals have doubled since January, and several partners have reduced "
        "their field presence to essential staff until escorts become available again."
    )
    events = extract_text(text, published="2025-03-11", doc_id="t")
    got = sorted((e.fatalities, e.location) for e in events)
    assert got == [(2, "Menaka"), (3, "Gao")], _told(events)


@pytest.mark.parametrize("text", [
    "Coalition jets strike rebel bases across the north\n\n"
    "Statement of the armed forces' media office\n\n"
    "At dawn today, Tuesday, the aggressor's warplanes carried out more than forty air strikes on our country, "
    "causing the martyrdom of three of our fighters and the wounding of four others in the raids on Dhamar.\n\n"
    "The air strikes targeted a military camp on the northern edge of Dhamar; a radar station near the airport of "
    "Taiz; and the port area in the Ras Isa district of Hodeidah governorate. Raids also targeted the Harf Sufyan "
    "area north of Amran.\n\n"
    "The armed forces affirm that this aggression will not go unanswered, and that our forces will respond at the "
    "time and place of their choosing. They call on the peoples of the region to stand against the aggression and "
    "its supporters, and they warn the companies whose ships use the sea lanes near our coast to respect the "
    "announced measures. God is the best supporter, and victory comes only from God, the Mighty, the Wise. The "
    "armed forces will announce the details of their response in due course, and they call on citizens to stay "
    "away from military sites and to report any suspicious movement to the security services. The media office "
    "will publish pictures of the damage once the civil defence teams have finished their work at the sites.",
])
def test_strikes_on_targets_listed_with_semicolons_are_one_event_per_place(text):
    events = extract_text(text, published="2024-02-13", doc_id="t")
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert len({e.location for e in strikes}) >= 4, [(e.sub_event_type, e.location, e.fatalities) for e in events]
    assert sum(e.fatalities for e in strikes) == 3  # the toll stays with the place it is told for


def test_a_live_blogs_day_headings_date_its_entries_and_a_later_entry_elsewhere_is_another_incident():
    text = (
        "LIVE: Attack on army barracks in the north — updates\n\n"
        "Our reporters follow the attack and its aftermath. All times are local. The newest entries are at the "
        "bottom.\n\n"
        "Monday 14 April\n\n"
        "11:20 — Gunmen stormed an army barracks on the edge of Maiduguri this morning, killing at least twelve "
        "soldiers, a military source tells us.\n\n"
        "13:05 — The army says the attackers were driven off after a two-hour gunfight. We have not verified "
        "the claim.\n\n"
        "19:40 — Residents say a suicide bomber blew himself up at a mosque in the town of Konduga this evening, "
        "killing four worshippers.\n\n"
        "Tuesday 15 April\n\n"
        "07:15 — The regional governor visited the wounded in hospital and promised compensation for the "
        "families of the dead.\n\n"
        "09:30 — Gunmen shot dead three farmers in their fields near the town of Bama shortly after dawn, "
        "a local official says.\n\n"
        "10:00 — The UN's humanitarian coordinator condemned the attacks and called for the protection of "
        "civilians. Aid agencies say the roads around the city remain closed to their convoys, and that more "
        "than two thousand people have arrived in the camps since the weekend."
    )
    events = extract_text(text, published="2025-04-15", doc_id="t")
    got = sorted((str(e.event_date), e.fatalities) for e in events)
    assert got == [("2025-04-14", 4), ("2025-04-14", 12), ("2025-04-15", 3)], \
        _told(events)


def test_missiles_shot_down_over_another_city_are_a_disrupted_weapons_use_event_there():
    text = (
        "Russian missiles hit Odesa port as air defences shield the capital\n\n"
        "ODESA, Ukraine, March 3 — Russian missiles struck the port of Odesa early on Sunday, killing four dock workers and "
        "wounding nine, the regional governor said, as Moscow launched another wave of strikes across Ukraine.\n\n"
        "Two grain warehouses were destroyed and a fire burned for several hours before firefighters brought it "
        "under control, the governor said.\n\n"
        "Over the Kyiv region, air defence units shot down all six cruise missiles aimed at the capital, the "
        "military administration said; debris damaged a barn in a village outside the city without hurting anyone.\n\n"
        "Ukraine's air force said Russia had used bombers over the Caspian Sea and ships in the Black Sea to launch "
        "the missiles. President Volodymyr Zelensky repeated his call for more air defence systems from allies, "
        "saying that each delay costs lives. Russia's defence ministry said it had struck military targets and "
        "the fuel infrastructure used by the Ukrainian army. Moscow denies targeting civilians. Grain exports "
        "from the Odesa ports have continued despite the strikes, traders said, though insurance costs have risen. "
        "The port authority said berths damaged last month had been repaired and ships were loading again."
    )
    events = extract_text(text, published="2024-03-03", doc_id="t")
    got = sorted((e.sub_event_type, e.location, e.fatalities) for e in events)
    assert ("Disrupted weapons use", "Kyiv", 0) in got and any(s.startswith("Shelling") and n == 4 for s, _, n in got), got


@pytest.mark.parametrize("sentence, places", [
    ("Over Kyiv, air defence units shot down six missiles.", {"Kyiv"}),
    ("Two drones were downed over the Belgorod region overnight.", {"Belgorod"}),
    ("Crowds gathered at the bridge over the Tigris before police fired tear gas.", set()),
])
def test_a_place_an_interception_is_told_over(sentence, places):
    from conflictwatch.pipeline import _places

    assert set(_places(sentence, "en")) == places
