from conflictwatch.extract import segment


def test_sentences_keep_spans_and_skip_abbreviations():
    text = "Gen. Smith said U.S. forces left. Then a bomb exploded in the market! Nobody was hurt."
    sents = segment.split_sentences(text)
    assert [s.text for s in sents] == [
        "Gen. Smith said U.S. forces left.",
        "Then a bomb exploded in the market!",
        "Nobody was hurt.",
    ]
    for s in sents:
        assert text[s.span.start : s.span.end] == s.text


def test_another_incident_clause_opens_a_new_unit():
    text = "Last week saw mortar fire on the town and another incident at a checkpoint that killed a guard."
    units = segment.units(text)
    assert len(units) == 2
    assert units[0].opens_incident is False and units[1].opens_incident is True
    assert units[1].text.startswith("incident at a checkpoint")


def test_background_markers():
    assert segment.is_background("The days and weeks prior have seen attacks.")
    assert segment.is_background("In the past few days, gunmen fired at the post.")
    assert not segment.is_background("On Monday gunmen fired at the post.")


def test_separately_and_new_province_open_new_incidents():
    from conflictwatch.extract.segment import opens_separate_incident

    assert opens_separate_incident("Separately, gunmen shot dead a tribal elder in the town of Diban.")
    assert opens_separate_incident("Also on Wednesday, army engineers defused two roadside bombs near Hawija.")
    assert opens_separate_incident("In Hajjah province, the army foiled an infiltration attempt.")
    assert not opens_separate_incident("In the attack, three soldiers were killed.")
