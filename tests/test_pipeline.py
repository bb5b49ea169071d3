"""The pipeline's grouping of sentences into incidents."""

from __future__ import annotations

import datetime as dt

from conflictwatch import extract_text


def test_leading_sentence_without_cue_opens_the_incident():
    text = ("On 2 May 2021, soldiers fired rubber bullets at fishermen off the coast. "
            "Troops also shot at their boats.")
    events = extract_text(text, published="2021-05-04", geocode=False)
    assert len(events) == 1
    assert events[0].event_date == dt.date(2021, 5, 2)  # the date sits in the sentence before the first cue
    assert events[0].evidence["event_date"][0].start == 3


def test_two_dated_incidents_in_one_note():
    text = ("On 3 May 2021, gunmen killed a farmer near the village. "
            "On 5 May 2021, a roadside bomb wounded two soldiers on the highway.")
    events = extract_text(text, published="2021-05-06", geocode=False)
    assert [(e.event_date, e.event_type) for e in events] == [
        (dt.date(2021, 5, 3), "Violence against civilians"),
        (dt.date(2021, 5, 5), "Explosions/Remote violence"),
    ]


def test_long_report_is_coded_in_linear_time_shape():
    # the same incident told many times over merges into one event per day and type
    base = "Yesterday, militants attacked an army checkpoint, killing two soldiers. "
    events = extract_text(base * 200, published="2021-05-06", geocode=False)
    assert len(events) == 1 and events[0].fatalities == 2


def test_common_abbreviation_is_no_foreign_actor():
    # 'APC' is an armoured personnel carrier here, not Nigeria's All Progressives Congress.
    text = ("On 2 June 2021, three soldiers were wounded when their APC struck a roadside bomb planted by "
            "Taliban militants in Nad Ali district, Helmand.")
    events = extract_text(text, published=dt.date(2021, 6, 3))
    assert events, "the bombing is an event"
    actors = {events[0].actor1, events[0].actor2}
    assert not any(a and "Progressives" in a for a in actors), actors
    assert events[0].country == "Afghanistan"
    assert events[0].admin1 == "Helmand"


def test_transnational_group_says_nothing_of_the_country():
    # 'IS' is active in many countries: its name must not place an Iraqi district in Afghanistan.
    text = "On 4 May 2021, the PMF attacked IS militants near Haditha district, killing 3 of them."
    events = extract_text(text, published=dt.date(2021, 5, 5))
    assert events and events[0].country == "Iraq", events


def test_a_named_armed_group_is_no_ordinary_crime():
    from conflictwatch.pipeline import Coder, Options
    from conflictwatch.records import Report

    text = ("Drug traffickers of the Comando Vermelho shot dead a community leader in Rio de Janeiro, Brazil, "
            "on Tuesday, the police said.")
    events = Coder(Options(geocode=False)).code(Report("cv", text, dt.date(2022, 8, 24)))
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Attack", "CV: Red Command")], events
    plain = "Drug traffickers shot dead a shopkeeper in a robbery in Rio de Janeiro, Brazil, on Tuesday, the police said."
    assert Coder(Options(geocode=False)).code(Report("crime", plain, dt.date(2022, 8, 24))) == []


def test_a_coder_sent_to_another_process_warms_up_there() -> None:
    """A worker's copy of a warmed coder loads the stages itself, outside its first report's deadline."""
    import pickle

    from conflictwatch.pipeline import Coder, Options
    from conflictwatch.records import Report

    coder = Coder(Options(geocode=False))
    coder.code(Report("w", "Gunmen attacked a police post near Gao, Mali, on Monday.", None))
    copy = pickle.loads(pickle.dumps(coder))
    assert copy._warm is False and copy._warm_languages == set()
    assert coder._warm is True and coder._warm_languages == {"en"}


def test_a_looting_that_kills_is_an_attack_and_a_handover_carries_no_toll() -> None:
    looting = extract_text("Gunmen set fire to shops and homes in the market of Dogo on Tuesday. Two traders were burned "
                           "to death.", published="2022-03-10", doc_id="t")
    assert [(e.sub_event_type, e.fatalities) for e in looting] == [("Attack", 2)], looting
    handover = extract_text("Rebels handed over the town of Kalo to the army on Friday without a fight; four soldiers "
                            "had been killed there last month.", published="2022-03-12", doc_id="t")
    assert [(e.sub_event_type, e.fatalities) for e in handover] == [("Non-violent transfer of territory", 0)], handover


def test_an_articles_passage_that_tells_only_flight_is_no_event():
    text = (
        "Gunmen kill seven farmers in raid on central village\n\n"
        "LOKOJA, March 9 — Gunmen on motorcycles stormed the farming village of Ibaji Oke on Saturday morning, "
        "shooting dead seven farmers in their fields and setting fire to a grain store, a local official said.\n\n"
        "The attackers arrived shortly after dawn and fired at men working on the yam plots at the edge of the "
        "village, the official said. Three of the wounded were taken to the general hospital, where doctors said "
        "two were in a serious condition. No group has said it carried out the raid.\n\n"
        "The state governor condemned the killings and promised that the attackers would be found. He said more "
        "police officers would be sent to the area and that patrols on the farm roads would be stepped up.\n\n"
        "On Monday, hundreds of women and children fled the neighbouring hamlets on foot and by truck, carrying "
        "what they could, and sheltered in a school in the market town of Adumu, a community leader said.\n\n"
        "Farmers in the area say they have been afraid to go to their fields since the rains began, and that the "
        "harvest this year is likely to be smaller than the last. Traders in the market town said food prices had "
        "already risen sharply over the past month as fewer farmers brought their crops for sale.\n\n"
        "Aid workers said they were preparing to send food and blankets to the school and to other places where "
        "families had gathered, but that the roads were poor and the rains had washed away a bridge.")
    assert len(text) >= 1200
    events = extract_text(text, published="2024-03-11", geocode=False)
    assert "Other" not in [e.sub_event_type for e in events], [(e.sub_event_type, e.evidence) for e in events]
    assert "Attack" in [e.sub_event_type for e in events]


def test_a_claim_told_apart_with_its_day_between_claimed_and_by_names_the_agent():
    import datetime as dt

    from conflictwatch.pipeline import default_coder
    from conflictwatch.records import Report

    text = ("NIAMEY, March 12 - Gunmen killed seven gendarmes on Monday in an ambush near Ouallam, a security source "
            "said on Tuesday. The gendarmes had been escorting a fuel convoy. The ambush was claimed on Wednesday "
            "evening by Islamic State in the Sahel.")
    events = default_coder().code(Report(id="claimed-by", text=text, published=dt.date(2024, 3, 14)))
    assert len(events) == 1 and events[0].actor1.startswith("Islamic State")


def test_an_updated_toll_told_in_another_passage_wins_when_the_two_merge() -> None:
    from dataclasses import replace

    from conflictwatch.pipeline import _merge_same_incident

    told = extract_text("Militants attacked a police post near Gao on Monday, killing 17 people.", published="2022-03-09",
                        doc_id="t")
    assert [e.fatalities for e in told] == [17]
    first = told[0]
    update = replace(first, fatalities=25, flags=(*first.flags, "updated-toll"))
    # "at least 17 people have been killed" at noon, "the toll has risen to 25" the next morning: the latest figure
    assert [e.fatalities for e in _merge_same_incident([first, update])] == [25]
    assert [e.fatalities for e in _merge_same_incident([update, first])] == [25]
    # told without an update, two tolls of one incident still take the lowest
    assert [e.fatalities for e in _merge_same_incident([first, replace(first, fatalities=25)])] == [17]


def test_a_toll_told_as_an_update_is_flagged() -> None:
    events = extract_text("The toll from Monday's attack on the police post near Gao has risen to at least 25 dead, a "
                          "doctor said.", published="2022-03-09", doc_id="t")
    assert [(e.fatalities, "updated-toll" in e.flags) for e in events] == [(25, True)], events
