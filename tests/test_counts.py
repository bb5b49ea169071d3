import pytest

from conflictwatch.extract.counts import count, to_number


@pytest.mark.parametrize(
    "text, fatalities, known",
    [
        ("Three soldiers were killed in the ambush.", 3, True),
        ("Gunmen killed 12 villagers and wounded 4.", 12, True),
        ("The attack resulted in the death of an ISF member and a civilian.", 2, True),
        ("Dozens of people were killed in the strike.", 12, True),
        ("At least 5 people were killed, while officials later put the toll at 9.", 5, True),
        ("No casualties were reported after the shelling.", 0, True),
        ("Several fighters were killed and wounded.", 0, False),
        ("Protesters marched peacefully through the capital.", 0, True),
    ],
)
def test_fatalities(text, fatalities, known):
    result = count(text)
    assert result.fatalities == fatalities
    assert result.fatalities_known is known


def test_injuries_and_arrests_are_extra_fields():
    result = count("Police arrested 14 protesters; 3 people were injured.")
    assert result.arrests == 14
    assert result.injuries == 3
    assert result.fatalities == 0


def test_word_numbers():
    assert to_number("twenty-one") == 21
    assert to_number("a dozen") == 12
    assert to_number("hundreds") == 100
    assert to_number("several") is None
