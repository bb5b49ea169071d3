import pytest

from conflictwatch.extract.counts import count, to_number


@pytest.mark.parametrize(
    "text, fatalities, known",
    [
        ("Three soldiers were killed in the ambush.", 3, True),
        # the teller is no victim: "a health official said 53 people had been killed" is 53
        ("A hospital director in the provincial capital said 41 people had been killed.", 41, True),
        ("A police officer said nine people were killed in the raid.", 9, True),
        ("One witness told reporters that eleven worshippers had been killed.", 11, True),
        # a toll updated from one figure to another is the latter, and early figures are superseded
        ("Rescuers revised their count on Friday from 14 to 31 dead.", 31, True),
        ("Rockets struck the market, killing 17 people. Among the dead was a ten-year-old boy.", 17, True),
        # a figure told with no noun
        ("Another 26 were killed east of the town, the spokesman said.", 26, True),
        ("Monitors say 2024 is on course to be the deadliest year in the province.", 0, True),
        # a relative clause between a figure and the noun it seems to count: the figure counts what opens the clause
        ("The group claimed two blasts that ripped through crowds marking the anniversary of last year's killings.",
         0, True),
        ("Two soldiers who were guarding the gate were killed.", 2, True),
        ("Five boys who had been herding goats near the wadi were killed, the governor said.", 5, True),
        ("Four guards, who had been asleep in the hut, were killed.", 4, True),
        ("Thirty pilgrims, all but one of them from the capital, were killed in the crush.", 30, True),
        # "how many" asks, it counts nobody
        ("The rebels did not say how many people had died in the final assault.", 0, False),
        # "no one" and "not one" count nobody
        ("The shell landed in a field and no one was killed.", 0, True),
        ("Not one of the guards was wounded, but two drivers were killed.", 2, True),
        # a toll raised from a deed named in between, and a toll that "had stood at" an earlier figure
        ("Rescuers dug out more bodies on Friday, raising the death toll from the shelling of the market the night "
         "before to 23. The toll had stood at nine on Thursday night.", 23, True),
        # a year before a verb of death is no figure
        ("Fighting along the frontier in October 2021 killed nearly 150 guards.", 150, True),
        ("The massacre of 1994 killed more than 800 villagers in the valley.", 800, True),
        ("Two were killed and five were wounded in the attack.", 2, True),
        ("A car bomb killed 19 people at the checkpoint. Early reports put the dead at 12.", 19, True),
        ("Gunmen killed 12 villagers and wounded 4.", 12, True),
        ("The attack resulted in the death of an ISF member and a civilian.", 2, True),
        ("Dozens of people were killed in the strike.", 12, True),
        ("At least 5 people were killed, while officials later put the toll at 9.", 5, True),
        ("No casualties were reported after the shelling.", 0, True),
        # ACLED codes plural deaths of no stated number as 10, flagged as no count.
        ("Several fighters were killed and wounded.", 10, False),
        ("Jets struck the camp, killing an unknown number of recruits.", 10, False),
        ("The army repelled the assault, incurring fatalities.", 10, False),
        # Deaths named without any quantity stay 0, also flagged.
        ("Soldiers were killed and wounded when the convoy was hit.", 0, False),
        ("Protesters marched peacefully through the capital.", 0, True),
        # Denials are known zeros, not deaths of unknown number.
        ("Artillery hit the outskirts of the town. Neither injuries nor fatalities were reported.", 0, True),
        ("Mortars fell on a market with no report of fatalities nor injuries.", 0, True),
        ("Drones struck a depot. No information on casualties was reported.", 0, True),
        # Headline present tense, and a singular victim without an article.
        ("Bandits kill four herders and steal cattle near the river.", 4, True),
        ("Cattle raiders shoot and kill Turkana peace activist", 1, True),
        ("A nurse died of her wounds two days after the raid.", 1, True),
        ("One guard was shot. Another soldier was killed.", 1, True),
        # A slash or quotes inside the victims' noun; a second figure without its noun.
        ("Two guards/soldiers were killed in the night raid.", 2, True),
        ("Four 'Arbakis' were killed at the checkpoint.", 4, True),
        ("5 recruits were killed by gunfire and 2 were killed by a mine.", 7, True),
        # A further group of dead adds up; a rival toll of the same dead does not.
        ("2 policemen were killed in the raid. Officials said 6 attackers were also killed.", 8, True),
        ("4 villagers were killed, and a local leader later said 9 villagers were killed.", 4, True),
        ("Local media said the attack left 1 fatality.", 1, True),
        # Lists of singular victims, appositions, quoted vague numbers, bodies recovered.
        ("Shells struck the market, killing a woman and her adult son.", 2, True),
        ("A gunman killed his cousin, a local councillor, outside the mosque.", 1, True),
        ("Gunmen killed their children in the raid on the farm.", 0, False),
        ('The coalition said its jets destroyed 11 military vehicles, killing "dozens" of fighters.', 12, True),
        ("Officials said 14 militants, among them a local commander, were killed. A district official said "
         "nine bodies had been recovered.", 9, True),
        ("A drone hit an ambulance, martyring a paramedic and wounding two of his colleagues.", 1, True),
        ("The attack resulted in the killing of four members of the unit and the wounding of three others.", 4, True),
        ("Twenty soldiers, policemen and militiamen were killed and wounded in the attacks.", 0, False),
        ("The dispute over the land resulted in one death and four injuries.", 1, True),
        ("Three volunteers of the Peace Front (PF) were killed when a device went off.", 3, True),
        ("Two troopers including a junior officer of the reserve police were killed on Monday.", 2, True),
        ("One policeman was killed and 3 militants too after a confrontation at the post.", 4, True),
        ("At least 30 alleged Sinai Province militants were killed in air strikes.", 30, True),
        ("Militants raided the village, beheaded 1 person and burned several huts.", 1, True),
        # Party statements: "martyred" dead, and our own dead beside the enemy's add up.
        ("Two of our fighters were martyred when the drone struck.", 2, True),
        ("Four of the attackers were killed, and one of our heroes was martyred defending the post.", 5, True),
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


def test_vague_plural_deaths_can_be_coded_zero():
    result = count("Several fighters were killed in the raid.", vague_fatalities=0)
    assert (result.fatalities, result.fatalities_known) == (0, False)


@pytest.mark.parametrize(
    "text, fatalities",
    [
        # number words read by text2num: compounds, not their first word
        ("Three hundred people were killed when the dam was shelled.", 300),
        ("Two thousand five hundred soldiers were killed in the offensive.", 2500),
        ("One hundred and twelve civilians were killed in the siege.", 112),
        ("Two thousand soldiers were killed, the ministry said.", 2000),
        ("The gunmen killed 1,200 people over the year.", 1200),
    ],
)
def test_compound_number_words(text, fatalities):
    assert count(text).fatalities == fatalities


@pytest.mark.parametrize(
    "text, fatalities, known",
    [
        ("Trois cent douze personnes ont été tuées dans le massacre.", 312, True),
        ("Une dizaine de soldats ont été tués dans l'embuscade.", 10, True),  # ACLED: "une dizaine" = 10
        ("Des dizaines de civils ont été tués lors de l'attaque.", 12, True),  # "des dizaines" = 12
        ("Plusieurs soldats ont été tués près de la frontière.", 10, False),  # vague: 10, flagged
        ("Des hommes armés ont tué trois civils au marché.", 3, True),
        ("L'attaque a fait 12 morts et 5 blessés.", 12, True),
        ("L'explosion a coûté la vie à deux enfants.", 2, True),
        ("Le bilan s'élève à 1 200 morts.", 1200, True),
        ("L'attaque n'a fait aucune victime.", 0, True),
        ("Un gendarme a été tué par balle à Kaya.", 1, True),
        ("Les combats de mars 2019 ont tué une vingtaine de soldats.", 20, True),
        # approximate figures before "de morts", and "plusieurs dizaines" as ACLED's dozens
        ("On a dénombré une quarantaine de morts après le raid sur le marché.", 40, True),
        ("Plusieurs dizaines d'assaillants ont été tués lors de la contre-offensive.", 12, True),
        # the active verbs of army statements and killings, an adverb between verb and figure
        ("Des gendarmes ont exécuté sommairement au moins 14 éleveurs près du puits.", 14, True),
        ("L'appui aérien a permis de neutraliser sept terroristes à l'est du camp.", 7, True),
        ("Les forces ont mis hors d'état de nuire une vingtaine de jihadistes.", 20, True),
        # an aside between commas before the verb
        ("Cinq villageois, dont deux enfants, ont été tués par les assaillants.", 5, True),
        # the dead of the home guards and of the attackers are two sides: they add up
        ("Quatre VDP ont été tués. Du côté adverse, une trentaine de terroristes ont été tués.", 34, True),
    ],
)
def test_french_counts(text, fatalities, known):
    result = count(text, lang="fr")
    assert (result.fatalities, result.fatalities_known) == (fatalities, known)


def test_french_arrests_in_words():
    assert count("Deux mille cinq cents manifestants ont été arrêtés.", lang="fr").arrests == 2500


def test_number_words_by_language():
    assert to_number("three hundred") == 300
    assert to_number("trois cent douze", "fr") == 312
    assert to_number("une dizaine", "fr") == 10
    assert to_number("des dizaines", "fr") == 12
    assert to_number("plusieurs", "fr") is None
    assert to_number("trois cent douze") is None  # not English


def test_french_army_statements_count_the_neutralised_as_killed():
    from conflictwatch.extract.counts import count

    found = count("Dix-huit terroristes ont été neutralisés, deux de nos éléments ont été légèrement blessés.", 0, 10, "fr")
    assert (found.fatalities, found.injuries) == (18, 2)


def test_a_number_among_the_dead_is_part_of_the_toll_not_a_toll():
    from conflictwatch.extract.counts import count

    result = count("The air raid killed twelve people, a hospital official said. Four children were among the dead.",
                   0, 10, "en")
    assert result.fatalities == 12


def test_an_earlier_superseded_count_yields_to_the_current_toll():
    from conflictwatch.extract.counts import count

    text = "The air raid killed nine people, a doctor said, up from an earlier count that put the number of dead at four."
    assert count(text, 0, 10, "en").fatalities == 9
    assert count("Four people were killed in the raid, a doctor said.", 0, 10, "en").fatalities == 4


def test_martyrdom_and_the_dead_told_along_with_others_are_counted():
    from conflictwatch.extract.counts import count

    assert count("A roadside bomb hit their vehicle, martyring three FC personnel and injuring two others.").fatalities == 3
    assert count("Two soldiers embraced martyrdom during the exchange of fire.").fatalities == 2
    assert count("The commander was killed along with six other people in a strike on his car.").fatalities == 7
    assert count("Five militants were killed and a head constable lost his life in the encounter.").fatalities == 6


def test_the_attackers_dead_add_to_their_victims_and_unnamed_figures_compete():
    from conflictwatch.extract.counts import count

    text = ("Rebels attacked a police post near the border on Sunday night, killing three policemen, the district "
            "chief said. He said five attackers were killed before the assault was repelled.")
    assert count(text).fatalities == 8
    # two figures for the same side compete: the lowest
    assert count("Gunmen killed 9 soldiers, the army said. The group said 20 soldiers were killed.").fatalities == 9
    # a figure that names neither side ("bodies") may be either: it competes
    assert count("Twelve militants were killed when the jet struck a compound. An official said seven bodies were "
                 "recovered.").fatalities == 7
    # an attacker word after the verb names another group, not the dead
    assert count("Four of its fighters were killed and the assailants fled into the hills.").fatalities == 4


def test_a_toll_that_rose_after_a_long_subject_supersedes_the_first_count():
    from conflictwatch.extract.counts import count

    text = ("The death toll from the missile that hit an apartment block in the city on Saturday rose to 23 on Monday. "
            "Officials had first spoken of nine dead.")
    assert count(text).fatalities == 23


def test_a_running_total_is_not_the_events_toll():
    from conflictwatch.extract.counts import count

    assert count("Police fired tear gas at the students. Rights groups say more than 130 people have been killed "
                 "across the country.").fatalities == 0
    assert count("Five people were killed in the strike. More than 200 people have been killed in the region since "
                 "October.").fatalities == 5
    assert count("Clashes across the country killed 5 people.").fatalities == 5


def test_a_list_of_victims_the_later_dead_and_one_named_in_passing():
    from conflictwatch.extract.counts import count

    text = ("A suicide bomber rammed a motorcycle into a police truck, killing a policeman, a woman and a child. More "
            "than 20 people were wounded, two of whom died later in hospital.")
    assert count(text).fatalities == 5
    text = ("A bomber blew himself up among students on Friday, killing at least 19 people. He walked in after "
            "shooting dead a guard at the entrance.")
    assert count(text).fatalities == 19
    assert count("Gunmen shot dead a patrolman. More than 40 officers have been killed in attacks this year.").fatalities == 1


def test_as_many_doubles_the_figure_before_it():
    from conflictwatch.extract.counts import count

    assert count("Militants killed three border guards and as many customs officers near the crossing.").fatalities == 6
    assert count("Five soldiers and as many civilians were killed when the shell hit the market.").fatalities == 10
    assert count("Les rebelles ont tué deux gendarmes et autant de civils.", lang="fr").fatalities == 4
    assert count("As many as five soldiers were killed.").fatalities == 5


def test_their_driver_and_a_unit_named_in_full_count_in_a_list_of_the_dead():
    from conflictwatch.extract.counts import count

    assert count("Six constables of the Special Task Force (STF) and their driver were killed in the blast.").fatalities == 7
    assert count("Two policemen and their driver were killed.").fatalities == 3
    assert count("Three soldiers and their families were evacuated on Monday.").fatalities == 0


@pytest.mark.parametrize(
    "text, fatalities",
    [
        # a coder's note that shares one toll among its events: this event's share
        ("12 rebels were killed in raids on posts in three valleys. Fatalities are split across 3 events (4).", 4),
        # one toll told as a range: the lowest
        ("A depot blew up in the old town; between 17 and 25 people were killed.", 17),
        ("Gunmen raided the market; between 10 and 15 were killed.", 10),
        # a second group joined to the first is more dead, not a rival toll
        ("8 guards were killed by sniper fire and 2 were killed by a roadside mine on the way back.", 10),
        ("4 villagers were killed, and a local leader later said 9 villagers were killed.", 4),
        # one body found; a victim named in apposition
        ("On Friday the body of a herder with stab wounds was found near the well.", 1),
        ("A rebel commander, Ahmed Sule, was killed when a drone hit his car.", 1),
        ("A 30-year-old trader - Musa Bello of Dakwa - was shot dead outside his shop.", 1),
        # deaths the note says are coded in another event
        ("Riots went on for a third day over the killing of a preacher. 3 killed (coded separately)", 0),
        # a figure the attacking party claims for itself is no figure
        ("4 soldiers were killed in the raid on the base. Taliban said 20 soldiers were killed and 1 fighter died.", 4),
        ("3 policemen (11 according to Taliban sources) were killed at the checkpoint.", 3),
    ],
)
def test_coders_notes_conventions(text, fatalities):
    assert count(text).fatalities == fatalities


def test_a_partisans_claimed_toll_of_its_enemies_is_coded_zero_in_a_note():
    from conflictwatch import extract_text

    [event] = extract_text("On 4 June 2020, Taliban militants ambushed and killed 3 Afghan soldiers in Qarabagh district, "
                           "Ghazni.", published="2020-06-05")
    assert (event.actor1, event.fatalities, event.fatalities_known) == ("Taliban", 0, False)
    # the agent of a passive ("by a Taliban sniper") is not among the dead
    [event] = extract_text("On 4 June 2020, 1 soldier was killed by a Taliban sniper in Andar district, Ghazni.",
                           published="2020-06-05")
    assert (event.actor1, event.fatalities) == ("Taliban", 0)
    # police deaths are announced by the police: counted
    [event] = extract_text("On 4 June 2020, 1 policeman was killed by a Taliban sniper in Andar district, Ghazni.",
                           published="2020-06-05")
    assert (event.actor1, event.fatalities) == ("Taliban", 1)
    # the attackers' own dead, told by their enemy, are counted
    [event] = extract_text("On 4 June 2020, 6 Taliban militants were killed when they attacked an Afghan army post in "
                           "Qarabagh district, Ghazni.", published="2020-06-05")
    assert event.fatalities == 6
    # another source told: the toll stands
    [event] = extract_text("On 4 June 2020, Taliban militants ambushed and killed 3 Afghan soldiers in Qarabagh district, "
                           "Ghazni, according to local officials.", published="2020-06-05")
    assert event.fatalities == 3
    # a Taliban deed against civilians is not a claim about enemy fighters
    [event] = extract_text("On 4 June 2020, Taliban militants shot and killed 2 civilians in Qarabagh district, Ghazni.",
                           published="2020-06-05")
    assert event.fatalities == 2


@pytest.mark.parametrize(
    "text, fatalities",
    [
        # the army's idiom for the enemy's dead, beside its own martyrs: both sides' dead add up
        ("Troops raided a hideout near the river. Five khwarij were sent to hell, while three soldiers embraced "
         "martyrdom in the exchange of fire.", 8),
        ("All four terrorists were sent to hell after a two-hour gunfight, the military said.", 4),
        # a singular marine in a list of groups
        ("One Marine and three gunmen were killed when the patrol was ambushed in the hills.", 4),
        # the objects of one killing add up, a possessive group by its number
        ("The patrol clashed with raiders near the wells, killing three herders and two raiders.", 5),
        ("A shell struck their house at dawn, killing a mother and her four sons.", 5),
        ("A mother and her four sons were killed when the shell struck their house.", 5),
        ("Jets hit the camp, killing a boy and his two sisters and wounding at least nine people.", 3),
        # a victim named with the unit he served in, then another
        ("A drone strike on a car killed a deputy commander of the border brigade and another fighter.", 2),
        # bodies found with no toll told: their number
        ("The bodies of seven men were found dumped by a canal road on Sunday morning.", 7),
        ("Villagers said the bodies of the three abducted traders were found in a ditch.", 3),
        # a counted subject that kills an object: the killers, not the dead
        ("Two men on a motorbike shot dead a 35-year-old teacher outside his school.", 1),
        ("Three gunmen murdered a village elder and fled into the forest.", 1),
        ("Three villagers killed two days ago were buried on Monday.", 3),
        # a victim named with an appositive before the verb
        ("A senior leader of the Tehreek-e-Azadi, identified by police as Ghulam Nabi, was killed in the raid.", 1),
        # a relative clause and an "including" before the verb
        ("Five workers who were on the night shift, including two foremen, died in the blast.", 5),
        # a quoted verb in a party's own count, beside the police's rival figure: the lowest
        ("Police said six militants were killed in the raid; the group said three of its fighters had been "
         "\u201cmartyred\u201d.", 3),
    ],
)
def test_idioms_groups_bodies_and_killers_of_real_articles(text, fatalities):
    assert count(text).fatalities == fatalities


def test_bodies_found_beside_a_toll_do_not_compete_with_it():
    text = ("Gunmen killed nine miners at a pit near the town on Friday, the police said. The bodies of four of "
            "the miners were taken to the district hospital.")
    assert count(text).fatalities == 9


def test_a_count_told_as_the_first_one_is_an_earlier_toll():
    from conflictwatch.extract.counts import earlier_toll

    text = "Forty people were wounded. The ministry first put the toll at 14."
    found = count(text)
    assert found.fatalities == 14 and earlier_toll(text, found)
    later = "The toll rose to 19 on Monday, the ministry said."
    assert not earlier_toll(later, count(later))
    assert not earlier_toll("Forty people were wounded.", count("Forty people were wounded."))


def test_bodies_counted_so_far_are_a_floor_of_the_stated_toll_not_a_rival():
    text = ("The death toll from the raid on the hill districts stood at 85 on Wednesday, officials said. Overnight, "
            "residents had carried more than 40 bodies down from the woods.")
    assert count(text).fatalities == 85
    # a rival count of bodies, not a floor, still competes
    assert count("The death toll stood at 85, officials said, as the defender said it counted 80 bodies.").fatalities == 80
    # with no stated toll, the floor is the figure
    assert count("Residents carried more than 40 bodies down from the woods.").fatalities == 40


def test_civilians_dead_add_to_the_forces_dead_and_rival_claims_of_one_side_take_the_lowest():
    text = ("Insurgents attacked two border posts on Saturday, claiming to have killed 19 soldiers. Army sources said "
            "one soldier was killed. Residents said three civilians were killed by mortar fire.")
    assert count(text).fatalities == 4
    # two figures for the civilians alone still compete
    assert count("The shell killed 6 civilians, medics said. Residents said 9 villagers died.").fatalities == 6


def test_a_headlines_vague_plural_yields_to_the_ledes_figure():
    text = ("Dozens of soldiers killed as neighbours clash on the border\n\nTBILISI, May 3 — At least 31 soldiers were "
            "killed when troops attacked positions in the hills overnight, the defence ministry said.")
    assert count(text).fatalities == 31
    # the headline told as the incident's first unit, offsets into the report
    body = text.replace("\n\n", "  ")
    assert count(body).fatalities == 12
    assert count(body, headline=text.index("\n\n")).fatalities == 31
    # in the body, a vague plural beside a figure is still the lowest credible toll
    assert count("Dozens of soldiers were killed, the rebels said. The army said 31 soldiers were killed.").fatalities == 12


def test_rival_tolls_in_two_adjacent_sentences_do_not_add_up():
    assert count("Nine villagers were killed. At least 14 villagers were killed, elders said.").fatalities == 9
    assert count("3 soldiers and 2 civilians were killed in the ambush.").fatalities == 5


@pytest.mark.parametrize(
    "text, fatalities, known",
    [
        # ACLED: a range is coded at its lower end; "tens" = 10; a multiple of a dozen is counted out
        ("Between 10 and 15 people were killed when the bus was hit.", 10, True),
        ("Seven or eight fishermen were killed in the night raid.", 7, True),
        ("Two dozen villagers were killed in the massacre.", 24, True),
        ("Nearly three dozen recruits died in the blast.", 36, True),
        ("Half a dozen guards were killed at the gate.", 6, True),
        ("Tens of people were killed in the crossfire.", 10, True),
        ("Thirty-odd fighters were killed in the fighting.", 30, True),
        # "tens of thousands" is a war's toll, not ten
        ("The war has killed tens of thousands of people.", 0, False),
    ],
)
def test_ranges_and_multiples_of_a_dozen(text, fatalities, known):
    result = count(text)
    assert (result.fatalities, result.fatalities_known) == (fatalities, known)


def test_a_range_of_wounded_is_its_lower_end_too():
    assert count("Between 10 and 15 people were wounded in the stampede.").injuries == 10
    assert to_number("two dozen") == 24
    assert to_number("thirty-odd") == 30


def test_a_national_total_told_in_the_past_perfect_is_no_toll_of_the_event():
    text = ("The rights commission said 31 people had been killed across the country, 12 of them in the capital. "
            "Doctors at the main hospital said they had received 9 bodies.")
    assert count(text).fatalities == 9
    # told alone, the national total gives the event no toll
    assert count("The rights commission said 31 people had been killed across the country.").fatalities == 0


@pytest.mark.parametrize(
    "text, fatalities",
    [
        # a bomber the report leaves out of the toll is one more dead: ACLED counts the perpetrators' dead too
        ("A suicide bomber killed 14 people at the market; the figure does not include the bomber.", 15),
        ("Fourteen people, including the bomber, were killed at the market.", 14),
        ("The bomber blew himself up at the gate, killing 14 people including the bomber.", 14),
        # a bomber the report counts in with the others is one more dead
        ("The bomber blew himself up at the gate, killing 14 people and himself.", 15),
        ("The bomber blew himself up at the gate, killing himself and at least 14 others.", 15),
        ("A car bomb went off near the gate, killing six guards as well as the attacker.", 7),
        ("The suicide bomber and 14 others were killed in the blast at the gate.", 15),
    ],
)
def test_a_bombers_own_death_counts_only_where_the_report_counts_it_in(text, fatalities):
    assert count(text).fatalities == fatalities


@pytest.mark.parametrize(
    "text, fatalities",
    [
        ("Two blasts hit the shrine; officials said 51 pilgrims had died, not counting the two bombers.", 53),
        ("A truck bomb wrecked the checkpoint, killing nine guards. The attacker was also killed.", 10),
        ("Doctors said the toll of 23 dead did not include the suicide bomber, whose remains were found later.", 24),
        # the attackers of no number add none
        ("Six guards were killed, the army said, excluding the gunmen.", 6),
    ],
)
def test_attackers_dead_told_outside_the_toll_add_to_it(text, fatalities):
    assert count(text).fatalities == fatalities


def test_attackers_dead_told_outside_the_toll_add_to_it_in_french():
    assert count("L'explosion a tué 18 fidèles, sans compter les deux kamikazes.", lang="fr").fatalities == 20


def test_a_bombers_own_death_counted_in_reads_the_same_in_french():
    assert count("Le kamikaze a actionné sa ceinture, tuant 14 personnes et lui-même.", lang="fr").fatalities == 15


@pytest.mark.parametrize(
    "text, fatalities",
    [
        ("Gunmen killed nine people in the village on Saturday. Later on Sunday the health ministry raised the toll "
         "to 17.", 17),
        ("A bomb tore through the bus station, killing 11. The death toll has risen to 25, a medic said.", 25),
        ("A bomb tore through the bus station, killing 11. The toll rose to 25 after three of the wounded died.", 25),
        # the update told first still wins over the lede's figure retold after it
        ("The death toll from the shelling of the market climbed to 30 on Monday. Shells had killed 12 people "
         "there on Saturday.", 30),
        # of two updates the last told is the latest
        ("Shells killed 8 people. By noon the toll had risen to 14; by evening the toll had climbed to 20.", 20),
        # rival figures told at once, with no update, stay the lowest
        ("Gunmen killed nine people, police said. A local official put the toll at 17.", 9),
    ],
)
def test_an_updated_toll_wins_over_the_earlier_figures_of_the_report(text, fatalities):
    assert count(text).fatalities == fatalities


def test_an_updated_toll_wins_in_french_too():
    text = "Des hommes armés ont tué neuf villageois samedi. Dimanche, le ministère a porté le bilan à 17 morts."
    assert count(text, lang="fr").fatalities == 17


@pytest.mark.parametrize(
    "text, fatalities",
    [
        ("Gunmen attacked a bus on the highway on Friday. More than 200 people were killed in July alone across the "
         "province.", 0),
        ("Gunmen attacked a bus on the highway on Friday, killing three soldiers. In the first half of 2024, 340 "
         "civilians died in such attacks.", 3),
        ("Gunmen attacked a bus on the highway on Friday. Last year, 1,200 people were killed in the region.", 0),
        ("Gunmen attacked a bus on the highway on Friday. Over the past three months, 85 people were killed in the "
         "district.", 0),
        # a week of fighting is the battle's toll
        ("Dozens of fighters were killed in the fighting for the district over the past week.", 12),
        # a dated deed of the past keeps its toll: it is an event, not a period's total
        ("Last month, gunmen killed 30 villagers in a nearby town.", 30),
    ],
)
def test_a_periods_total_told_in_any_tense_is_not_the_events_toll(text, fatalities):
    assert count(text).fatalities == fatalities


def test_a_datelines_day_is_no_figure():
    text = ("KANO, June 4 - Gunmen killed seven herders in a raid on their camp on Tuesday. A village head gave a "
            "higher toll.")
    assert count(text).fatalities == 7
    assert count("KANO, Sept. 23 (Reuters) - Bandits killed seven herders in a raid.").fatalities == 7


@pytest.mark.parametrize(
    "text, fatalities",
    [
        # a single death of one side beside the other side's figure is one more dead, not one of theirs
        ("A guard was shot dead at the mine gate on Friday. By evening the army said five of the raiders had been "
         "killed.", 6),
        ("A policeman was killed when gunmen stormed the post, and four of the attackers were shot dead.", 5),
        # of the same side, the one told in passing is among the toll
        ("Gunmen killed 19 villagers after shooting dead a guard at the gate.", 19),
        ("Four militants were killed in the raid, the army said. A militant was killed as he fled.", 4),
        # a figure the police "had earlier" given yields to the later one
        ("The minister said three of the attackers had been killed. Police had earlier given a figure of two dead "
         "attackers.", 3),
        ("A guard was shot dead at the gate. The army said five of the raiders had been killed; it had earlier put "
         "the number of dead raiders at three.", 6),
    ],
)
def test_a_single_death_of_the_other_side_adds_to_the_toll(text, fatalities):
    assert count(text).fatalities == fatalities


@pytest.mark.parametrize(
    "text, fatalities",
    [
        # a toll raised "to" a number of dead, or one that "has reached" a figure, is the latest count
        ("Mortars killed 14 people at the market. By dusk medics had found six more bodies, raising the number of "
         "dead to 20.", 20),
        ("Mortars killed 14 people at the market. On Sunday the death toll from the shelling had reached 19.", 19),
        ("Mortars killed 14 people at the market. The toll from the shelling has risen to at least 18 dead.", 18),
    ],
)
def test_a_toll_raised_to_a_number_of_dead_is_the_latest_count(text, fatalities):
    assert count(text).fatalities == fatalities
