"""Who acted and who took ground in full-length articles: the deed's own sentence names its agent, a bare
"militants" stands for the group the story names, and captures told in the passive (texts of our own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwatch import extract_text

ARTICLES = Path(__file__).parent / "data" / "articles"

_FILLER = (
    "The province has seen years of violence, and aid groups say tens of thousands of people have left their "
    "villages for the towns, where schools and clinics are overwhelmed.\n\n"
)


def _one(text: str, published: str):
    events = extract_text(text, published=published, doc_id="t")
    assert len(events) >= 1, events
    return events[0]


def test_the_deeds_own_sentence_names_the_attacker_not_a_force_named_later():
    text = (
        "Five people were killed when insurgents attacked a neighbourhood of Macomia town on Tuesday night, "
        "residents said.\n\n" + _FILLER +
        "Residents complained of little response from government forces, who arrived the next morning.\n\n"
        "Analysts say the war has entered a new phase as the rainy season ends."
    )
    event = _one(text, "2024-05-16")
    assert event.sub_event_type == "Attack"
    assert not event.actor1.startswith("Military Forces"), event.actor1
    assert event.actor2 == "Civilians (Mozambique)"


def test_a_bare_word_for_the_attackers_stands_for_the_group_the_story_names():
    text = (
        "MANDERA, Kenya - Suspected al Shabaab fighters have stepped up raids along the border this month, "
        "officials said.\n\n" + _FILLER +
        "On Sunday night the terrorists overran a police reservist camp near El Wak, killing two officers and "
        "taking their rifles, the county commissioner said.\n\n"
        "The governor called for more troops to be sent to the border."
    )
    events = extract_text(text, published="2025-03-11", doc_id="t")
    camp = next(e for e in events if e.fatalities == 2)
    assert camp.actor1 == "Al Shabaab", camp.actor1


def test_a_capture_told_in_the_passive_is_the_captors_and_beats_the_garrisons_withdrawal():
    text = (
        "The town of Kassala has fallen to the Rapid Support Forces after two days of heavy fighting, the "
        "paramilitary group said on Friday.\n\n"
        "The army confirmed the withdrawal of its garrison from the town and said it had opened an inquiry.\n\n"
        + _FILLER
    )
    event = _one(text, "2024-01-13")
    assert event.sub_event_type == "Non-state actor overtakes territory"
    assert event.actor1 == "Rapid Support Forces"
    assert event.actor2 is None or event.actor2.startswith("Military Forces of Sudan")  # never the villagers


def test_a_town_occupied_by_insurgents_is_their_takeover():
    text = ("Quissanga town was occupied by insurgents on Wednesday morning, and by the evening they still held the "
            "district administration building, a police spokesman said.")
    event = _one(text, "2020-03-26")
    assert event.sub_event_type == "Non-state actor overtakes territory"
    assert not event.actor1.startswith(("Military Forces", "Police Forces")), event.actor1


def test_a_government_capture_after_fighting_stays_the_governments():
    text = ("Government troops recaptured the town of Tessit on Thursday after fierce fighting with jihadists who "
            "withdrew towards the border, the army said.")
    event = _one(text, "2023-08-11")
    assert event.sub_event_type == "Government regains territory"
    assert event.actor1.startswith("Military Forces of Mali")


def test_a_withdrawal_and_a_takeover_with_no_fighting_are_a_transfer():
    text = "Rebel fighters took control of the town of Kiwanja after the army withdrew, residents said. No clashes were reported."
    event = _one(text, "2022-06-20")
    assert event.sub_event_type == "Non-violent transfer of territory"


def test_a_takeover_told_twice_once_without_a_date_of_its_own_is_one_event():
    text = (
        "Insurgents occupied the town of Muidumbe on Monday (6 April) and still held it in the evening, local "
        "sources said.\n\n" + _FILLER +
        "The insurgents occupied the town of Muidumbe and raised their flag over the district offices, a police "
        "spokesman confirmed to reporters in Pemba.\n\n"
        "The government has promised to send reinforcements to the district."
    )
    events = extract_text(text, published="2020-04-08", doc_id="t")
    takeovers = [e for e in events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(takeovers) == 1, [(e.event_date, e.location) for e in events]
    assert str(takeovers[0].event_date) == "2020-04-06"


def test_a_news_outlet_is_never_a_side_and_a_word_is_never_an_acronym():
    from conflictwatch.extract.actors import find_actors

    text = ("Horseed Media Network (Galkayo) reported that the blast, far from the front line, hit a market "
            "where there had been no militant activity for months.")
    names = [m.name for m in find_actors(text, "Somalia")]
    assert not any("Media" in n or "Morocco" in n for n in names), names  # 'far' is not Morocco's FAR
    assert not any(n.startswith("Unidentified Armed Group") for n in names), names  # 'no militant activity'
    assert any("Morocco" in m.name for m in find_actors("The FAR said its units returned fire.", "Western Sahara"))


def test_civilians_killed_in_another_drone_strike_are_its_victims():
    text = ("At least 12 civilians were killed in drone strikes on the town of Bati on Monday, residents said. "
            "At least 7 civilians were also killed in another drone strike in Kombolcha, the residents added.")
    events = extract_text(text, published="2023-10-03", doc_id="t")
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 2, [(e.sub_event_type, e.location) for e in events]
    assert all(e.actor2 == "Civilians (Ethiopia)" for e in strikes), [e.actor2 for e in strikes]


def test_a_group_that_claims_the_deed_in_a_later_sentence_is_its_agent():
    text = ("Three people were killed on Friday when a roadside bomb hit a minibus near the livestock market in "
            "Baidoa, police said. Al Shabaab has claimed responsibility for the blast.")
    event = _one(text, "2019-08-03")
    assert event.actor1 == "Al Shabaab"


def test_the_deed_is_dated_before_the_statement_that_tells_it():
    text = ("Speaking to reporters in Gusau on Friday, the state police spokesman explained that the bandits "
            "stormed Dutsin Kura village on Wednesday night and abducted nine farmers. Security has been "
            "reinforced in recent weeks, he added.")
    event = _one(text, "2021-09-11")  # a Saturday
    assert event.sub_event_type == "Abduction/forced disappearance"
    assert str(event.event_date) == "2021-09-08"  # Wednesday, not Friday, nor 'recent weeks'


@pytest.mark.parametrize("name", ["talks", "appeal", "verdict", "anniversary", "profile", "analysis-label"])
def test_talks_appeals_verdicts_anniversaries_and_profiles_give_no_event(name):
    text = (ARTICLES / f"no-event-{name}.txt").read_text(encoding="utf-8")
    events = extract_text(text, published="2024-03-06", doc_id=name)
    assert events == [], [(e.event_date, e.sub_event_type, e.notes) for e in events]


def test_an_incident_told_in_a_talks_story_with_a_day_of_its_own_is_kept():
    text = (ARTICLES / "no-event-talks.txt").read_text(encoding="utf-8") + (
        "\n\nOn Monday, rebel fighters attacked an army post outside Kassala, killing three soldiers, a military "
        "source said.")
    events = extract_text(text, published="2024-03-06", doc_id="talks+")
    assert [(str(e.event_date), e.sub_event_type, e.fatalities) for e in events] == [("2024-03-04", "Armed clash", 3)]


def test_an_incident_lead_that_mentions_talks_in_passing_is_an_incident():
    text = ("Rebel fighters attacked army outposts outside the town of Kutum on Thursday, killing four soldiers, "
            "officials said, as peace talks in Jeddah made little progress.\n\n" + _FILLER +
            "The army said reinforcements had been sent from El Fasher. The rebels did not comment.\n\n" + _FILLER)
    events = extract_text(text, published="2023-11-18", doc_id="t")
    assert [(str(e.event_date), e.sub_event_type) for e in events] == [("2023-11-16", "Armed clash")]


def test_a_sentence_that_only_points_back_at_the_attack_is_no_new_incident():
    text = ("Gunmen stormed a hotel in Mogadishu on Friday night, killing 12 people before security forces ended "
            "the siege on Saturday morning, police said.\n\n" + _FILLER + _FILLER +
            "The group's statement cited the blockade of Gaza by Israel as the reason for the attack, a claim "
            "analysts in Nairobi dismissed as propaganda.")
    events = extract_text(text, published="2024-02-11", doc_id="t")
    assert [e.country for e in events] == ["Somalia"], [(e.sub_event_type, e.location) for e in events]


def test_press_conferences_today_date_the_statement_not_the_takeover():
    text = ("Insurgents occupied the town of Quissanga this morning (Wednesday 25 March) and still held it in the "
            "evening. In two press conferences today, the police spokesman confirmed the attack and said the "
            "insurgents had occupied the barracks of the defence forces.")
    events = extract_text(text, published="2020-03-26", doc_id="t")
    assert [(str(e.event_date), e.sub_event_type) for e in events] == [
        ("2020-03-25", "Non-state actor overtakes territory")]


def test_attackers_believed_to_be_a_named_group_are_that_group():
    text = ("Gunmen raided a police post near Hulugho, Garissa County, on Monday night, killing two reservists. "
            "The attackers, believed to be al-Shabaab militants, fled towards the border, police said.")
    event = _one(text, "2025-02-04")
    assert event.actor1 == "Al Shabaab", event.actor1


def test_a_threat_or_a_fear_of_attack_is_no_deed():
    text = ("Residents of Kerio Valley said on Tuesday that bandits had threatened to attack the village, and "
            "that the reservists feared they would be ambushed on the road to the market.")
    assert extract_text(text, published="2024-06-12", doc_id="t") == []


def test_the_pages_furniture_after_the_story_is_not_coded_and_seized_control_is_a_capture():
    text = ("Government forces seized full control of the Tamanhint airbase from rebel fighters on Sunday after a "
            "week-long siege, a defence ministry spokesman said.\n\n" + _FILLER +
            "The spokesman said the forces would now advance on the town of Sebha.\n\n"
            "You might also like\n\n"
            "Three people killed in shelling on a market in Kufra\n\n"
            "Gunmen abduct two aid workers near Ubari\n")
    events = extract_text(text, published="2024-05-13", doc_id="t")
    assert [e.sub_event_type for e in events] == ["Government regains territory"], [
        (e.sub_event_type, e.location) for e in events]


def test_a_passage_with_no_date_goes_on_in_the_storys_last_day_and_two_tolls_in_two_towns_stay_two():
    text = ("At least 12 civilians were killed in drone strikes on the town of Bati on Sunday, residents said. "
            "At least 7 civilians were also killed in another drone strike in Kombolcha, the residents added.")
    events = extract_text(text, published="2023-10-04", doc_id="t")  # a Wednesday
    assert sorted((str(e.event_date), e.fatalities) for e in events) == [("2023-10-01", 7), ("2023-10-01", 12)]


def test_a_situation_report_that_sums_up_the_month_gives_no_event():
    text = (ARTICLES / "no-event-sitrep.txt").read_text(encoding="utf-8")
    assert extract_text(text, published="2023-07-03", doc_id="sitrep") == []


def test_who_the_victims_were_said_to_be_is_not_who_attacked_them():
    text = (
        "Six people were killed when insurgents raided a village outside Macomia in Cabo Delgado province on "
        "Saturday night, local officials said.\n\n"
        "The insurgents went to two houses and called out the victims by name. Two of the dead are said to be "
        "police.\n\n" + _FILLER
    )
    event = _one(text, "2024-06-10")
    assert not event.actor1.startswith("Police Forces"), event.actor1
    assert event.actor2.startswith("Civilians")


def test_attackers_said_to_be_a_named_group_are_that_group():
    text = (
        "Gunmen shot dead four traders at a market in Mandera town on Monday.\n\n"
        "The attackers, said to be members of al Shabaab, escaped towards the border, police said.\n\n" + _FILLER
    )
    event = _one(text, "2025-02-04")
    assert event.actor1 == "Al Shabaab", event.actor1


def test_a_statements_enemy_is_the_other_side_and_its_heading_is_not_the_deed():
    text = (
        "Air Force Command of Ukraine: results of repelling the night attack of 12 March\n\n"
        "During the night the enemy launched a combined strike on Ukraine with 40 missiles and 60 attack drones. "
        "The attack was repelled by aviation and air defence units of the Defence Forces of Ukraine. Our "
        "defenders shot down 35 missiles and 52 drones.\n\n"
        "Regional authorities reported hits in several regions. In Rivne, a missile struck a warehouse, killing "
        "two people. In Poltava, a missile hit a school, killing one guard.\n\n"
        "Russia's Defence Ministry said its forces had struck energy facilities serving Ukraine's arms industry."
    )
    events = extract_text(text, published="2024-03-12", doc_id="t")
    hits = [e for e in events if e.fatalities]
    assert sorted(e.fatalities for e in hits) == [1, 2], [(e.location, e.fatalities) for e in events]
    assert all(e.actor1.startswith("Military Forces of Russia") for e in hits), [e.actor1 for e in hits]


def test_bare_troops_in_palestine_are_israels_and_zionist_forces_too():
    text = (
        "Statement of the al-Quds Brigades\n\n"
        "Our fighters detonated an explosive device on a Zionist force that entered a house east of Khan Younis "
        "on Tuesday, killing and wounding its members. Our mujahideen also shelled the gatherings of enemy "
        "soldiers near the Kissufim crossing with mortar rounds."
    )
    events = extract_text(text, published="2024-06-11", doc_id="t")
    assert events, events
    for event in events:
        assert "Palestine" not in (event.actor2 or "") or event.actor2.startswith("Civilians"), event.actor2
    assert any((e.actor2 or "").startswith("Military Forces of Israel") for e in events), [e.actor2 for e in events]


def test_a_ministers_given_name_is_not_a_militia_and_a_round_of_talks_is_no_arrest():
    text = (
        "MUSCAT, April 13 — Iran and the United States held a second round of talks in the Omani capital on "
        "Saturday, exchanging messages through Omani Foreign Minister Badr al-Busaidi."
    )
    events = extract_text(text, published="2025-04-13", doc_id="t")
    assert all(e.actor1 != "Badr Organization" for e in events), [(e.sub_event_type, e.actor1) for e in events]
    assert all(e.sub_event_type != "Arrests" for e in events), [(e.sub_event_type, e.actor1) for e in events]


def test_troops_that_came_under_fire_and_seized_rifles_fought_a_clash():
    text = ("Soldiers came under fire from cartel gunmen on a rural road outside Navolato, Sinaloa, on Tuesday, the "
            "Defence Ministry said. Three attackers were killed and troops seized four rifles.")
    event = _one(text, "2024-09-19")
    assert event.sub_event_type == "Armed clash", event.sub_event_type


def test_an_appeal_headline_makes_the_aid_chiefs_words_no_event():
    text = (
        "UN launches $4 billion Yemen appeal as hunger deepens\n\n"
        "GENEVA, March 3 — Sexual violence is rife and air strikes continue to kill civilians in Yemen, the UN's "
        "aid chief said on Monday, as the world body launched its appeal for the year, citing heavy fighting in "
        "Taiz in recent weeks.\n\n" + _FILLER * 6
    )
    events = extract_text(text, published="2025-03-04", doc_id="t")
    assert events == [], [(e.sub_event_type, e.location) for e in events]


def test_a_call_on_supporters_to_protest_is_no_protest():
    from conflictwatch.extract.classify import rhetoric_cues

    assert rhetoric_cues("Its leaders called on their supporters to protest peacefully.") > 0
    assert rhetoric_cues("Thousands of supporters protested peacefully in the capital.") == 0


def test_a_foreign_army_taking_a_town_abroad_overtakes_it_and_the_home_army_regains():
    from conflictwatch import extract_text

    abroad = extract_text("Russian forces captured the village of Novohrodivka in Ukraine's Donetsk region on Friday, "
                          "Russia's defence ministry said.", published="2024-09-14", doc_id="a")
    assert [e.sub_event_type for e in abroad] == ["Non-state actor overtakes territory"], \
        [(e.sub_event_type, e.actor1) for e in abroad]
    home = extract_text("Ukrainian forces recaptured the village of Novohrodivka in the Donetsk region on Friday, "
                        "Ukraine's general staff said.", published="2024-09-14", doc_id="h")
    assert [e.sub_event_type for e in home] == ["Government regains territory"], \
        [(e.sub_event_type, e.actor1) for e in home]


def test_a_deed_with_its_toll_is_kept_whatever_vow_follows_it():
    from conflictwatch import extract_text

    text = ("Border forces exchange fire as tension rises\n\n"
            "KABUL — Afghanistan's government said on Wednesday that air strikes on the Barmal district of Paktika "
            "province late on Tuesday had killed 46 people, most of them women and children, and vowed to "
            "retaliate.\n\nOn Saturday, border forces exchanged fire near the Dand-e-Patan crossing, officials said.")
    events = extract_text(text, published="2024-12-29", doc_id="t")
    assert any(e.fatalities == 46 for e in events), [(e.sub_event_type, e.fatalities) for e in events]


def test_background_with_no_day_and_no_toll_is_no_event_but_a_dated_background_deed_is():
    from conflictwatch import extract_text

    text = ("Police stormed the Penha favela complex on Tuesday, and 40 people were killed in the fighting, the state "
            "government said.\n\nThe country's top court has previously ordered restrictions on police raids in the "
            "city's favelas.")
    events = extract_text(text, published="2025-10-30", doc_id="t")
    assert len(events) == 1 and events[0].fatalities == 40, [(e.sub_event_type, e.flags) for e in events]


def test_a_passage_dated_only_after_publication_is_a_plan_not_a_deed():
    from conflictwatch import extract_text

    text = "The elections, due in May 2025, are the real test for the rival clans that fought in past campaigns in the province."
    assert extract_text(text, published="2024-12-20", doc_id="t") == []


def test_the_side_ground_is_taken_from_is_not_the_agent():
    from conflictwatch import extract_text

    events = extract_text("TNLA fighters seized the town of Mogok from junta troops on Wednesday.", published="2024-07-26",
                          doc_id="t")
    assert [(e.sub_event_type, e.actor1[:4]) for e in events] == [("Non-state actor overtakes territory", "TNLA")], \
        [(e.sub_event_type, e.actor1, e.actor2) for e in events]


@pytest.mark.parametrize("teller", ["the police spokesman said", "the provincial police chief said",
                                    "police officials said", "according to the army"])
def test_who_tells_of_a_bombing_is_not_its_perpetrator(teller: str) -> None:
    e = _one(f"A suicide bomber blew himself up at a Shia mosque in Peshawar during Friday prayers, killing at "
             f"least 23 worshippers, {teller}.", "2022-03-05")
    assert e.sub_event_type == "Suicide bomb"
    assert e.actor1.startswith("Unidentified Armed Group"), e.actor1
    assert e.actor2.startswith("Civilians"), e.actor2


def test_a_force_that_tells_of_its_own_deed_stays_its_side() -> None:
    e = _one("Police shot dead three robbers who had attacked a fuel station in Peshawar on Friday, a police "
             "spokesman said.", "2022-03-05")
    assert e.actor1.startswith("Police Forces of Pakistan"), e.actor1


def test_the_force_a_bomb_hits_is_its_target_not_who_planted_it() -> None:
    e = _one("A roadside bomb exploded next to a border police patrol near Baqubah on Wednesday, wounding two "
             "policemen, a police officer said.", "2021-06-10")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1.startswith("Unidentified Armed Group"), e.actor1
    assert e.actor2 and e.actor2.startswith("Police Forces of Iraq"), e.actor2


@pytest.mark.parametrize("text, first, second", [
    # the side whose offensive was beaten back started the clash
    ("Cameroonian troops beat back a Boko Haram offensive on their outpost at Kolofata on Saturday, killing nine of "
     "the insurgents, the army said.", "Boko Haram", "Military Forces of Cameroon"),
    ("Ugandan soldiers fended off an ADF raid on their camp near Mukakati on Wednesday night.",
     "ADF", "Military Forces of Uganda"),
    # clashes that pitted one side against another keep the text's order
    ("Clashes pitted the army against CODECO militiamen near Djugu on Thursday, a local official said.",
     "Military Forces of the Democratic Republic of Congo", "CODECO"),
    ("Renewed clashes pitted Fano militiamen against federal soldiers outside Debre Markos on Friday.",
     "Fano", "Military Forces of Ethiopia"),
])
def test_who_started_a_clash_is_its_first_actor(text: str, first: str, second: str):
    event = _one(text, "2023-09-18")
    assert event.sub_event_type == "Armed clash"
    assert event.actor1.startswith(first), event.actor1
    assert event.actor2 is not None and event.actor2.startswith(second), event.actor2


def test_a_group_that_says_its_fighters_carried_out_the_raid_is_the_attacker():
    text = ("Four soldiers died when their camp near Tenenkou was attacked on Saturday. JNIM said in a statement that "
            "its fighters had carried out the raid.")
    event = _one(text, "2023-10-08")
    assert event.actor1.startswith("JNIM"), event.actor1
    assert event.actor2 is not None and event.actor2.startswith("Military Forces of Mali"), event.actor2


def test_a_force_that_only_tells_of_a_bombing_or_holds_the_town_is_no_side_of_it():
    text = ("A car bomb killed nine people at a bus station in Saada on Monday. "
            "The Houthi movement, which controls Saada, said the toll was higher.")
    event = _one(text, "2021-06-10")
    assert event.actor2 == "Civilians (Yemen)", event.actor2
    assert event.actor1 == "Unidentified Armed Group (Yemen)", event.actor1


def test_a_group_that_was_the_state_on_the_day_tells_the_news_as_the_state_does():
    text = "At least 15 worshippers were killed by a bomb that tore through a mosque in Kunduz on Friday, Taliban officials said."
    event = _one(text, "2022-06-10")
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group (Afghanistan)", "Civilians (Afghanistan)"), event


def test_soldiers_named_among_a_strikes_bystanders_are_no_side_of_it():
    text = ("The death toll from a Russian missile strike on a cafe in the eastern Ukrainian city of Sloviansk on Tuesday "
            "rose to six on Wednesday, among them two children, officials said.\n\n"
            "The cafe was popular with students, nurses and soldiers from a nearby base.")
    event = _one(text, "2023-06-28")
    assert (event.actor1, event.actor2) == ("Military Forces of Russia (2000-)", "Civilians (Ukraine)"), event
