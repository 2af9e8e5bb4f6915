"""The issue 10 evaluation set: its shape (sizes, people's spellings, the held-out split)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.library import Library, load_library
from bot.evaluation import Question, evaluate, figures, labels_of, load_questions, respond
from bot.search import SearchIndex
from bot.textnorm import Analyzer, normalise, tokens
from harness import LANGUAGES

DATA = Path(__file__).resolve().parent / "data"
ROOT = DATA.parents[1]


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_library(ROOT / "content", ROOT / "seeds")
    assert result.library is not None
    return result.library


@pytest.fixture(scope="module")
def index(library: Library) -> SearchIndex:
    return SearchIndex.from_library(library)


@pytest.fixture(scope="module")
def parts(library: Library) -> dict[str, list[Question]]:
    labels = labels_of(library)
    return {name: load_questions(DATA / f"typed-{name}.yaml", labels) for name in ("tune", "test")}


def test_the_set_is_big_enough_and_written_as_people_write(
    parts: dict[str, list[Question]],
) -> None:
    everything = parts["tune"] + parts["test"]
    for lang in LANGUAGES:
        mine = [q for q in everything if q.lang == lang and q.expects == "card"]
        assert len(mine) >= 50, lang
        assert sum(q.style == "people" for q in mine) * 2 >= len(mine), lang
        assert {q.style for q in mine} <= {"people", "plain"}
        for name, part in parts.items():  # each part covers each language
            assert sum(q.lang == lang and q.expects == "card" for q in part) >= 25, (name, lang)
    assert sum(q.expects == "none" for q in everything) >= 60
    assert sum(q.expects == "greeting" for q in everything) >= 8


def test_the_parts_are_disjoint(parts: dict[str, list[Question]]) -> None:
    tune = {(q.lang, q.ask.casefold()) for q in parts["tune"]}
    test = {(q.lang, q.ask.casefold()) for q in parts["test"]}
    assert not tune & test
    assert len(tune) == len(parts["tune"]) and len(test) == len(parts["test"])


def test_no_question_copies_an_example(
    library: Library,
    parts: dict[str, list[Question]],
    fresh: list[Question],
    holdout: list[Question],
) -> None:
    own = {
        " ".join(text.casefold().split())
        for s in library.snippets.values()
        for lang in LANGUAGES
        for text in (*s.examples.get(lang), s.question.get(lang), s.title.get(lang))
    }
    copied = [
        q.ask
        for part in (*parts.values(), fresh, holdout)
        for q in part
        if " ".join(q.ask.casefold().split()) in own and (part is not holdout or _long(q))
    ]
    assert not copied, copied


@pytest.fixture(scope="module")
def fresh(library: Library) -> list[Question]:
    """The first fresh set: sealed until it was read at the end of a tuning round, a
    development set since (see tests/data/README.md)."""
    return load_questions(DATA / "typed-fresh.yaml", labels_of(library))


@pytest.fixture(scope="module")
def holdout(library: Library) -> list[Question]:
    """The sealed held-out sets: loaded (so every answer id must exist) but never matched here."""
    labels = labels_of(library)
    return [
        question
        for name in ("typed-sealed13-ar.yaml", "typed-sealed13-enfr.yaml")
        for question in load_questions(DATA / name, labels)
    ]


@pytest.fixture(scope="module")
def first_holdout(library: Library) -> list[Question]:
    """The earlier sealed sets: each read once for a report, development sets since."""
    labels = labels_of(library)
    return [
        question
        for name in (
            "typed-holdout-ar.yaml",
            "typed-holdout-enfr.yaml",
            "typed-sealed2-ar.yaml",
            "typed-sealed2-enfr.yaml",
            "typed-sealed3-ar.yaml",
            "typed-sealed3-enfr.yaml",
            "typed-sealed4-ar.yaml",
            "typed-sealed4-enfr.yaml",
            "typed-sealed5-ar.yaml",
            "typed-sealed5-enfr.yaml",
            "typed-sealed6-ar.yaml",
            "typed-sealed6-enfr.yaml",
            "typed-sealed7-ar.yaml",
            "typed-sealed7-enfr.yaml",
            "typed-sealed8-ar.yaml",
            "typed-sealed8-enfr.yaml",
            "typed-sealed9-ar.yaml",
            "typed-sealed9-enfr.yaml",
            "typed-sealed10-ar.yaml",
            "typed-sealed10-enfr.yaml",
            "typed-sealed11-ar.yaml",
            "typed-sealed11-enfr.yaml",
            "typed-sealed12-ar.yaml",
            "typed-sealed12-enfr.yaml",
            "typed-round8-ar.yaml",
            "typed-round8-enfr.yaml",
            "typed-round9-ar.yaml",
            "typed-round9-enfr.yaml",
            "typed-round10-ar.yaml",
            "typed-round10-enfr.yaml",
            "typed-round11-ar.yaml",
            "typed-round11-enfr.yaml",
        )
        for question in load_questions(DATA / name, labels)
    ]


def _long(question: Question) -> bool:
    """Whether a question is long enough not to coincide by chance with one written
    separately: independent writers both type "hi" and "loi 10 syrie"."""
    return len(question.ask.split()) >= 4


def _no_card(index: SearchIndex, cases: list[tuple[str, str]]) -> None:
    """Each (text, language) gets no card and no buttons: the "no checked answer" reply."""
    for text, lang in cases:
        assert index.search(text, lang).kind == "none", text


def _answered_by(index: SearchIndex, snippet_id: str, cases: list[tuple[str, str]]) -> None:
    """Each (text, language) gets that answer's card at once, with no buttons to choose from."""
    for text, lang in cases:
        offered = index.search(text, lang)
        assert offered.kind == "answer", (text, offered)
        assert offered.matches[0].snippet_id == snippet_id, (text, offered)


def _offered_first(index: SearchIndex, snippet_id: str, cases: list[tuple[str, str]]) -> None:
    """Each (text, language) offers that answer first, as the card or the first button."""
    for text, lang in cases:
        offered = index.search(text, lang)
        assert offered.matches and offered.matches[0].snippet_id == snippet_id, (text, offered)


def _first_of(index: SearchIndex, cases: list[tuple[str, str, str | set[str]]]) -> None:
    """Each (text, language, wanted) offers that answer, or one of those answers, first."""
    for text, lang, wanted in cases:
        offered = index.search(text, lang)
        allowed = {wanted} if isinstance(wanted, str) else wanted
        assert offered.matches and offered.matches[0].snippet_id in allowed, (text, offered)


def test_the_held_out_sets_have_their_shape(
    library: Library,
    parts: dict[str, list[Question]],
    fresh: list[Question],
    holdout: list[Question],
    first_holdout: list[Question],
) -> None:
    """Shape only: the sets are reported, never tuned on, so no test holds a figure of them."""
    # counts only in the messages: a failure must not print the sealed questions
    wanted = {"ar": 54, "fr": 50, "en": 50}
    for lang in LANGUAGES:
        mine = [q for q in holdout if q.lang == lang]
        cards = sum(q.expects == "card" for q in mine)
        people = sum(q.expects == "card" and q.style == "people" for q in mine)
        nones = sum(q.expects == "none" for q in mine)
        greetings = sum(q.expects == "greeting" for q in mine)
        assert cards >= wanted.get(lang, 25), (lang, cards)
        assert people * 2 >= cards, (lang, people, cards)
        assert nones >= 55 and greetings >= 3, (lang, nones, greetings)
        assert all(q.style in {"people", "plain"} for q in mine), lang
    expected = {sid for q in holdout for sid in q.answers}
    assert expected == set(library.snippets), set(library.snippets) - expected
    distinct = len({(q.lang, q.ask.casefold()) for q in holdout})
    assert distinct == len(holdout), (distinct, len(holdout))
    seen = {(q.lang, q.ask.casefold()) for q in holdout if _long(q)}
    elsewhere = [*parts["tune"], *parts["test"], *fresh, *first_holdout]
    elsewhere += load_questions(DATA / "issue10.yaml", labels_of(library))
    shared = seen & {(q.lang, q.ask.casefold()) for q in elsewhere}
    assert not shared, len(shared)  # a count: a failure must not print the sealed questions


def test_the_fresh_set_has_its_shape(
    library: Library, parts: dict[str, list[Question]], fresh: list[Question]
) -> None:
    wanted = {"ar": 40, "fr": 40, "en": 25}
    for lang in LANGUAGES:
        mine = [q for q in fresh if q.lang == lang]
        cards = [q for q in mine if q.expects == "card"]
        assert len(cards) >= wanted.get(lang, 25), lang
        assert sum(q.style == "people" for q in cards) * 2 >= len(cards), lang
        assert {q.style for q in mine} <= {"people", "plain"}, lang
        assert sum(q.expects == "none" for q in mine) >= 15, lang
        assert sum(q.expects == "greeting" for q in mine) >= 3, lang
    expected = {sid for q in fresh for sid in q.answers}
    assert expected == set(library.snippets), set(library.snippets) - expected
    seen = {(q.lang, q.ask.casefold()) for q in fresh}
    assert len(seen) == len(fresh)
    elsewhere = [*parts["tune"], *parts["test"]]
    elsewhere += load_questions(DATA / "issue10.yaml", labels_of(library))
    shared = seen & {(q.lang, q.ask.casefold()) for q in elsewhere}
    assert not shared, sorted(shared)  # only the overlap, so the other files stay unread


def test_every_question_of_the_issue_gets_its_answer_first(
    library: Library, index: SearchIndex
) -> None:
    questions = load_questions(DATA / "issue10.yaml", labels_of(library))
    assert len(questions) >= 19
    wrong = [
        f"{r.question.ask!r} ({r.question.lang}): {r.kind} {list(r.offered)}"
        for r in evaluate(questions, lambda text, lang: respond(index, text, lang))
        if not r.offered or r.offered[0] not in r.question.answers
    ]
    assert not wrong, "\n".join(wrong)


def test_the_tuning_part_stays_where_it_was_tuned(
    library: Library, parts: dict[str, list[Question]]
) -> None:
    """A floor, not the target: the README reports the held-out test part."""
    index = SearchIndex.from_library(library)
    results = evaluate(parts["tune"], lambda text, lang: respond(index, text, lang))
    for lang in LANGUAGES:
        mine = figures(results, lang)
        assert mine.hit3 >= 0.9 and mine.hit1 >= 0.8, mine
    assert figures(results, "all").none_rate >= 0.98


def test_a_question_naming_a_country_gets_that_countrys_answers_first(
    library: Library, parts: dict[str, list[Question]]
) -> None:
    """Of the first three answers, none about another country comes before one about the
    country the question names (France, Denmark: the topics that have a country)."""
    index = SearchIndex.from_library(library)
    countries = {topic.id: topic for topic in library.topics if topic.country}
    questions = parts["tune"] + load_questions(DATA / "issue10.yaml", labels_of(library))
    checked, wrong = 0, []
    for q in questions:
        names = {tid: normalise(topic.title.get(q.lang)) for tid, topic in countries.items()}
        analyzer = Analyzer(q.lang, frozenset(names.values()))
        terms = {analyzer.term(word) for word in tokens(normalise(q.ask))}
        named = {tid for tid, name in names.items() if analyzer.term(name) in terms}
        if len(named) != 1:
            continue
        checked += 1
        offered = [m.snippet_id for m in index.rank(q.ask, q.lang, limit=3)]
        topics = [library.snippets[sid].topic for sid in offered]
        own = [n for n, topic in enumerate(topics) if topic in named]
        other = [n for n, topic in enumerate(topics) if topic in countries and topic not in named]
        if own and other and other[0] < own[0]:
            wrong.append(f"{q.ask!r} ({q.lang}): {list(offered)}")
    assert checked >= 40
    assert not wrong, "\n".join(wrong)


def test_a_question_texted_with_asides_finds_its_answer(index: SearchIndex) -> None:
    """Words the content does not use ("sick", a town) lower the score; the three it does use
    ("visit", "come back", "France") still lead to the answer."""
    for text, lang in [
        ("my dad is sick, can i go visit syria and then come back to france", "en"),
        ("mon pere est malade, je peux aller le voir en syrie et revenir en france ?", "fr"),
        ("my grandma is dying in latakia, can i fly there from france", "en"),
        ("jy vais pour voir mon pere malade, je garde mes papiers ?", "fr"),
        ("un aller retour en syrie avec mon titre de sejour", "fr"),
    ]:
        offered = index.search(text, lang)
        assert "france-short-visit" in [m.snippet_id for m in offered.matches], (text, offered)


def test_arabic_texted_with_glued_pronouns_towns_and_asides_finds_its_answer(
    index: SearchIndex,
) -> None:
    """A friend, a town, "can you tell me": asides that once counted as unknown words no longer
    hide the words that say what the question is about."""
    _first_of(
        index,
        [
            ("كام واحد رجع عسوريا من تركيا؟", "ar", "returns-how-many"),
            ("من وين بتجيبو المراجع؟", "ar", "about-sources"),
            (
                "صاحبي ساكن بالقامشلي، فيكن تقلولي اذا في مكان امن بسوريا؟",
                "ar",
                "rights-syria-safe",
            ),
            ("المعلومات قديمه؟ مكتوبه قبل ما سقط النظام؟", "ar", "about-dates"),
        ],
    )


def test_arabic_names_settlements_and_estimates_find_their_answer_and_a_dish_does_not(
    index: SearchIndex,
) -> None:
    """A minister's name, the reconciliation deals Syrians call settlements, the UN's estimate:
    each finds its answer; a recipe from Aleppo or Damascus is not a refugee's status."""
    _first_of(
        index,
        [
            ("اللي عملو تسويه وضلو بسوريا، انعتقلو؟", "ar", "returns-detention"),
            ("بارو وزير خارجية فرنسا شو حكى عن السوريين", "ar", "france-protection-facts"),
            ("قديش قدرت الامم المتحده عدد اللي رجعو", "ar", "returns-how-many"),
        ],
    )
    for text in ("بدي وصفة كبة حلبية", "وصفة كبة شامية"):
        assert index.search(text, "ar").kind == "none", text


def test_arabic_figures_stability_and_pursuit_find_their_answers(index: SearchIndex) -> None:
    _first_of(
        index,
        [
            ("في مليون سوري رجعو عالبلد؟", "ar", {"returns-how-many"}),
            ("بيلاحقو اللي بيرجعو من برا؟", "ar", {"returns-detention"}),
            ("البلد صارت مستقره ولا لسا؟", "ar", {"rights-syria-safe", "returns-situation-2025"}),
        ],
    )


def test_light_verbs_and_asides_do_not_decide_between_close_answers(index: SearchIndex) -> None:
    """ "Given", "reçu" (received), "parti" (left, which Snowball reads as "partie", a part) and
    "non" say nothing of what a question is about: the words that do decide."""
    _first_of(
        index,
        [
            ("depuis que bachar est parti la syrie ca donne quoi", "fr", "returns-situation-2025"),
            ("lattaquie c sur ou non", "fr", "rights-syria-safe"),
            (
                "la france a accorde sa protection a combien de syriens",
                "fr",
                "france-protection-facts",
            ),
            (
                "France has given asylum to how many people from Syria?",
                "en",
                "france-protection-facts",
            ),
            ("who built u", "en", "about-sources"),
            (
                "la maison de mes parents a harasta ils peuvent la confisquer ?",
                "fr",
                "returns-law-10",
            ),
        ],
    )
    for text in ("my lawyer never called me back", "my case worker did not call me back"):
        assert index.search(text, "en").kind == "none", text


def test_hearsay_letting_and_interviews_find_their_answers(index: SearchIndex) -> None:
    """ "I heard" says nothing; France "letting" people go is permission; an Ofpra interview is
    part of an asylum application."""
    _first_of(
        index,
        [
            (
                "jai entendu que la france laisse les refugies aller voir leur famille en syrie",
                "fr",
                {"france-short-visit", "france-first-approvals"},
            ),
            (
                "my ofpra interview got cancelled, is it because of syria",
                "en",
                {"france-asylum-suspended"},
            ),
            (
                "ma convocation a l ofpra a ete annulee, c a cause de la syrie ?",
                "fr",
                {"france-asylum-suspended"},
            ),
        ],
    )


def test_words_the_answers_themselves_use_find_them(index: SearchIndex) -> None:
    """Someone who has read the news asks in its words: humanitarian grounds, a minister's
    name, the security services, reconciliation areas, those who fled the war."""
    _first_of(
        index,
        [
            ("can refugees in france go back for humanitarian reasons", "en", "france-short-visit"),
            ("what did the minister barrot say", "en", "france-protection-facts"),
            (
                "les services de securite surveillent ceux qui reviennent de syrie ?",
                "fr",
                "france-lawyer-warnings",
            ),
            ("were people detained in the reconciliation areas", "en", "returns-detention"),
            ("combien de syriens ont fui pendant la guerre", "fr", "returns-how-many"),
        ],
    )


def test_figures_nationalities_and_setting_foot_find_their_answers(index: SearchIndex) -> None:
    _first_of(
        index,
        [
            ("500 syrians waiting in denmark", "en", {"denmark-how-many"}),
            ("mon ami dit que les turcs renvoient les syriens", "fr", {"returns-turkey-lebanon"}),
            ("are the lebanese sending syrians home", "en", {"returns-turkey-lebanon"}),
            (
                "if i set foot in damascus do i lose my protection in france",
                "en",
                {"france-short-visit", "france-protection-facts"},
            ),
        ],
    )


def test_danish_towns_newspapers_and_language_courses(index: SearchIndex) -> None:
    """A Danish town is Denmark; a newspaper is a source; a language course is another topic."""
    _first_of(
        index,
        [
            (
                "i live in odense and they did not renew my residence permit",
                "en",
                "denmark-permits-revoked",
            ),
            ("which newspaper do your answers come from", "en", "about-sources"),
            ("les reponses viennent de quel journal", "fr", "about-sources"),
        ],
    )
    _no_card(
        index,
        [
            ("cours de francais gratuit pour refugies a lyon", "fr"),
            ("learn danish online for free", "en"),
        ],
    )


def test_someone_nobody_has_heard_from_since_going_back_is_a_detention_question(
    index: SearchIndex,
) -> None:
    """People rarely write "detained": they write that there is no news of someone."""
    for text, lang in [
        ("depuis qu il est rentre a homs on a plus de nouvelles de mon frere", "fr"),
        ("we lost contact with my uncle after he went back to syria", "en"),
    ]:
        offered = index.search(text, lang)
        assert [m.snippet_id for m in offered.matches][:1] == ["returns-detention"], text
    # news of an application is no disappearance
    offered = index.search("plus de nouvelles de l ofpra pour mon dossier", "fr")
    assert offered.kind != "answer" and offered.matches[0].snippet_id != "returns-detention"


def test_arabic_sisters_and_documented_arrests_get_their_answer_card(index: SearchIndex) -> None:
    """Clear questions in dialect get the answer itself, not buttons."""
    for text, wanted in [
        ("بدي شوف خواتي بحمص، بخسر حمايتي بفرنسا؟", "france-short-visit"),
        ("في منظمات وثقت اعتقال ناس رجعو؟", "returns-detention"),
    ]:
        offered = index.search(text, "ar")
        assert offered.kind == "answer", (text, offered)
        assert offered.matches[0].snippet_id == wanted, (text, offered)


def test_arabic_a_visit_of_a_few_days_in_words_gets_its_answer_card(index: SearchIndex) -> None:
    _answered_by(index, "france-short-visit", [("بدي زور اهلي خمس ايام بس", "ar")])
    offered = index.search("مواقف فرنسا متناقضه بموضوع زيارة سوريا؟", "ar")
    assert offered.matches[0].snippet_id == "france-lawyer-warnings", offered


def test_arabic_land_in_the_countryside_is_law_10_and_a_shopping_centre_is_no_camp(
    index: SearchIndex,
) -> None:
    offered = index.search("بيت عمي بريف ادلب صادروه، شو القانون؟", "ar")
    assert offered.kind == "answer" and offered.matches[0].snippet_id == "returns-law-10", offered
    assert index.search("وين في مركز تسوق قريب", "ar").kind == "none"


def test_arabic_being_tortured_if_sent_back_is_non_refoulement(index: SearchIndex) -> None:
    _answered_by(
        index,
        "rights-non-refoulement",
        [("اذا رجعوني على بلد ممكن اتعذب فيه، في قانون دولي بيمنع هالشي؟", "ar")],
    )


def test_arabic_an_exception_for_syrians_gets_the_short_visit_card(index: SearchIndex) -> None:
    _answered_by(
        index, "france-short-visit", [("في استثناء للاجئين السوريين بفرنسا يزورو بلدهم؟", "ar")]
    )


def test_arabic_help_writing_in_french_is_no_question_about_france(index: SearchIndex) -> None:
    assert index.search("بدي حدا يساعدني اكتب رساله بالفرنسي", "ar").kind == "none"


def test_arabic_getting_a_permit_elsewhere_gets_no_card(index: SearchIndex) -> None:
    """A residence permit in Lebanon is a procedure the bot has no answer for."""
    assert index.search("كيف بطلع اقامه بلبنان", "ar").kind == "none"


def test_arabic_revenge_killings_get_the_situation_card(index: SearchIndex) -> None:
    _answered_by(index, "returns-situation-2025", [("صار في قتل انتقامي بعد سقوط النظام؟", "ar")])


def test_arabic_rights_revoked_overnight_puts_the_lawyer_first(index: SearchIndex) -> None:
    text = "في خطر فرنسا تلغي حقوق اللاجئين اللي بيزورو سوريا بين يوم وليله؟"
    offered = index.search(text, "ar")
    assert offered.matches[0].snippet_id == "france-lawyer-warnings", offered


def test_a_length_of_time_is_not_the_law_it_shares_a_number_with(index: SearchIndex) -> None:
    """Refugees in France often hold a ten-year card: "10 ans" is not Law 10. Shown that
    answer on its own, someone asking about their card would read about property."""
    for text, lang in [
        ("jai un titre de sejour de 10 ans", "fr"),
        ("jai une carte de 10 ans, je peux aller en syrie", "fr"),
        ("i have a 10 year residence card, can i visit syria", "en"),
        ("i got my 10 years card last month", "en"),
        ("معي اقامة ١٠ سنين بفرنسا", "ar"),
    ]:
        offered = index.search(text, lang)
        assert "returns-law-10" not in [m.snippet_id for m in offered.matches[:1]], (text, offered)
    for text, lang in [
        ("c quoi la loi 10", "fr"),
        ("law 10 property", "en"),
        ("شو قانون ١٠", "ar"),
    ]:
        offered = index.search(text, lang)
        assert [m.snippet_id for m in offered.matches][:1] == ["returns-law-10"], (text, offered)


def test_danish_towns_in_arabic_and_questions_about_articles(index: SearchIndex) -> None:
    """A Danish town in Arabic letters is Denmark; articles and reliability ask about sources."""
    for text, lang, wanted in [
        ("خالي بكوبنهاجن ما جددولو الاقامه", "ar", "denmark-permits-revoked"),
        ("من اي مقالات جبتو هالمعلومات", "ar", "about-sources"),
        ("what articles r these answers from", "en", "about-sources"),
        ("vos infos sont fiables ? ca vient de quels articles", "fr", "about-sources"),
    ]:
        offered = [m.snippet_id for m in index.search(text, lang).matches]
        assert wanted in offered, (text, offered)


def test_everyday_matters_the_answers_do_not_cover_get_no_card(index: SearchIndex) -> None:
    """Maternity leave, a power of attorney, bills: words of the answers ("Denmark", "how
    many", "lawyer") around a subject none of them covers."""
    _no_card(
        index,
        [
            ("كم شهر اجازة امومه بفرنسا", "ar"),
            ("بدي اعمل توكيل لمحامي بدمشق", "ar"),
            ("how many weeks of maternity leave in denmark", "en"),
            ("procuration pour un avocat en syrie comment faire", "fr"),
            ("combien coute l electricite au danemark", "fr"),
        ],
    )


def test_the_safe_conduct_in_arabic_letters_finds_the_short_visit(index: SearchIndex) -> None:
    offered = [m.snippet_id for m in index.search("كم مدة السوف كوندوي", "ar").matches]
    assert "france-short-visit" in offered, offered


def test_danish_names_newspapers_and_sponsors(index: SearchIndex) -> None:
    """The Danish name of the return centres finds them; newspapers (جرايد) and "from where"
    (منين) ask about sources; a Lebanese sponsor (كفيل) is another topic."""
    for text, lang, wanted in [
        ("my brother got sent to an udrejsecenter what is it", "en", "denmark-return-centres"),
        ("منين بتجيبو الحكي؟ من الجرايد؟", "ar", "about-sources"),
    ]:
        offered = [m.snippet_id for m in index.search(text, lang).matches]
        assert wanted in offered, (text, offered)
    assert index.search("كيف بلاقي كفيل بلبنان", "ar").kind == "none"


def test_money_sent_home_prices_and_town_halls_get_no_card(index: SearchIndex) -> None:
    """Sending money, a ticket's price, a town hall's papers: words of the answers (Syria,
    France, family) around a subject none of them covers."""
    _no_card(
        index,
        [
            ("كيف ابعت مصاري لامي بحلب", "ar"),
            ("قديش سعر الطيارة من ليون لبيروت", "ar"),
            ("best way to send money to my family in syria", "en"),
            ("how much is a ticket from paris to damascus", "en"),
            ("comment envoyer de l argent a ma famille en syrie", "fr"),
            ("prix du billet paris damas", "fr"),
            ("papiers pour se marier a la mairie", "fr"),
            ("quel temps fait il a alep cette semaine", "fr"),
            ("combien d habitants au danemark", "fr"),
            ("what is the population of syria today", "en"),
            ("بدي جدد جوازي بالقنصليه السوريه بباريس", "ar"),
        ],
    )


def test_a_nationality_or_a_capital_names_its_country(index: SearchIndex) -> None:
    """A Swedish or German permit, a flat in Berlin: another country's procedure, so no card,
    as when the country itself is named; a Danish permit is Denmark's."""
    _no_card(
        index,
        [
            ("how long for a swedish residence permit", "en"),
            ("combien de temps pour un titre de sejour suedois", "fr"),
            ("renting a flat in berlin as a refugee", "en"),
            ("الاقامه الالمانيه كم سنه", "ar"),
        ],
    )
    _offered_first(
        index, "denmark-permits-revoked", [("my danish permit was taken away, why", "en")]
    )


def test_another_topics_word_among_words_of_several_answers_is_that_topic(
    index: SearchIndex,
) -> None:
    """ "How long", "an answer", "an appeal" belong to different answers: around "CNDA" they
    ask about the CNDA; the visit question with "hospital" in it is still the visit's."""
    text = "combien de temps pour avoir une reponse de la cnda apres mon recours"
    assert index.search(text, "fr").kind == "none"
    text = "ma mere est a l hopital a alep, je peux aller la voir 2 semaines sans perdre mon statut"
    offered = index.search(text, "fr")
    assert offered.matches and offered.matches[0].snippet_id == "france-short-visit", offered


def test_a_country_one_answer_names_does_not_make_its_asylum_procedure_that_answer(
    index: SearchIndex,
) -> None:
    """The accountability answer names the Netherlands; asylum there is another question."""
    assert index.search("asylum application in the netherlands how does it work", "en").kind == (
        "none"
    )
    _answered_by(
        index, "rights-accountability", [("what did the netherlands do against syria", "en")]
    )


def test_who_is_asking_for_whom_says_nothing_about_the_question(index: SearchIndex) -> None:
    """A volunteer asking for the person they help: "volunteer", "association", "client"
    describe the asker, so the visit question gets the visit card, not a weaker match."""
    _answered_by(
        index,
        "france-short-visit",
        [
            (
                "je suis benevole dans une association, une beneficiaire refugiee en france veut "
                "aller voir sa mere en syrie quelques jours",
                "fr",
            ),
            ("انا متطوعه بجمعيه، في مستفيده لاجئه بفرنسا بدها تزور امها بسوريا كم يوم", "ar"),
        ],
    )


def test_a_region_and_without_risk_ask_whether_part_of_syria_is_safe(
    index: SearchIndex,
) -> None:
    """A region or province is a part of Syria; "sans risque" and "risk free" say safe, not
    the risk to one's status the lawyers warn about."""
    _answered_by(
        index,
        "rights-syria-safe",
        [
            ("which regions of syria are considered safe now", "en"),
            ("is there any province in syria where returning is risk free", "en"),
            ("est ce qu une region de syrie est sans risque pour rentrer", "fr"),
        ],
    )


def test_renewing_a_permit_is_no_answer_but_a_permit_not_renewed_is_denmarks(
    index: SearchIndex,
) -> None:
    """No answer explains how to renew a permit; a permit not renewed is one taken away."""
    _no_card(
        index,
        [
            ("how do i renew my residence permit", "en"),
            ("comment renouveler mon titre de sejour", "fr"),
        ],
    )
    _answered_by(
        index,
        "denmark-permits-revoked",
        [
            ("denmark did not renew my permit", "en"),
            ("le danemark a pas renouvele mon titre", "fr"),
        ],
    )


def test_arabic_military_service_is_no_detention_question_but_an_arrest_still_is(
    index: SearchIndex,
) -> None:
    """No answer covers conscription: asking for an exemption gets no card; someone wanted for
    the reserve who fears questioning at the airport is still offered the detention answer."""
    text = "بدي ارجع عالشام بس خايف من التجنيد الاجباري، في اعفاء؟"
    assert index.search(text, "ar").kind == "none"
    _offered_first(
        index, "returns-detention", [("اذا رجعت بيحققو معي بالمطار؟ انا كنت مطلوب احتياط", "ar")]
    )


def test_arabic_renewing_a_permit_is_no_answer_but_one_not_renewed_is_denmarks(
    index: SearchIndex,
) -> None:
    """كيف بجدد اقامتي once got the short-visit card: renewing is something no answer explains."""
    for text in ("كيف بجدد اقامتي بفرنسا", "بدي جدد الاقامه شو الاوراق المطلوبه"):
        assert index.search(text, "ar").kind == "none", text
    _answered_by(index, "denmark-permits-revoked", [("الدنمارك ما جددولي الاقامه ليش", "ar")])


def test_a_trip_elsewhere_a_population_and_bringing_family_get_no_card(
    index: SearchIndex,
) -> None:
    """Countries no answer names (Morocco, المغرب), how many people live somewhere, bringing
    one's family over: the answers' words ("holiday", "how many", "France") about other things."""
    _no_card(
        index,
        [
            ("can i go on holiday to morocco with my refugee status from france", "en"),
            ("بدي روح عالمغرب سياحه، بيأثر على لجوئي بفرنسا؟", "ar"),
            ("how many people live in france now", "en"),
        ],
    )


def test_arabic_non_refoulement_in_arabic_letters_and_revenge_as_typed(index: SearchIndex) -> None:
    """ريفولمان is how a lawyer's word reaches a client; تار is ثأر, the revenge killings the
    situation answer reports."""
    _answered_by(
        index, "rights-non-refoulement", [("شو معنى ريفولمان اللي بيحكو عنو المحامين", "ar")]
    )
    _offered_first(
        index, "returns-situation-2025", [("في قتل عالتار بالساحل هلق؟ خايف ارجع", "ar")]
    )


def test_financial_help_to_go_back_for_good_gets_no_card(index: SearchIndex) -> None:
    """Money to return for good is a grant no answer covers, though the words are the
    answers' (go back, Syria, France)."""
    _no_card(
        index,
        [
            ("في مساعده ماليه من فرنسا اذا رجعت نهائي عسوريا؟", "ar"),
            ("is there financial help from france if i go back to syria for good", "en"),
        ],
    )


def test_french_over_there_going_briefly_and_taking_status_away(index: SearchIndex) -> None:
    """ "Là-bas" and "au pays" are Syria for a Syrian; "se rendre brièvement" is a short visit;
    "enlever le statut" takes it away, no kidnapping; "sirya" is Syria."""
    for text, lang, wanted in [
        (
            "je voudrais me rendre brievement a alep voir ma tante, je garde mon statut ?",
            "fr",
            {"france-short-visit"},
        ),
        (
            "si je rentre au pays est ce que la france peut enlever mon statut",
            "fr",
            {"france-protection-facts", "france-short-visit"},
        ),
        ("ya des gens ki ont eu l autorisation d aller la bas", "fr", {"france-first-approvals"}),
        ("sirya is safe now or not", "en", {"rights-syria-safe", "returns-situation-2025"}),
    ]:
        offered = index.search(text, lang)
        assert wanted & {m.snippet_id for m in offered.matches}, (text, offered)
    assert index.search("il fait quel temps la bas en ce moment", "fr").kind == "none"


def test_a_trip_to_turkey_is_not_the_visit_to_syria(index: SearchIndex) -> None:
    """The answers name Turkey for the returns from it; a holiday there with a refugee travel
    document is a question none covers, while a visit to Syria with it is the short visit."""
    _no_card(
        index,
        [
            ("is it ok to travel to turkey with my refugee travel document", "en"),
            ("je veux partir en vacances en turquie avec mon titre de voyage", "fr"),
            ("بدي سافر عتركيا سياحه بالصيف، بيأثر على اقامتي بفرنسا؟", "ar"),
        ],
    )
    _answered_by(
        index, "france-short-visit", [("je peux aller en syrie avec mon titre de voyage", "fr")]
    )


def test_a_visa_for_family_to_visit_and_registering_a_birth_get_no_card(
    index: SearchIndex,
) -> None:
    """A visit the other way (parents coming to France) needs a visa, which no answer covers;
    nor does registering a child's birth."""
    _no_card(
        index,
        [
            ("my parents want a visa to visit me in france from damascus", "en"),
            ("بدي جيب لامي فيزا تزورني بالدنمارك", "ar"),
            ("how do i register the birth of my son at the syrian embassy", "en"),
        ],
    )


def test_asking_for_an_explanation_and_living_in_a_centre(index: SearchIndex) -> None:
    """ "Explain in simple words" says how to answer, not what about; "السكن في مركز" is the
    return centre, not housing."""
    _answered_by(
        index,
        "rights-non-refoulement",
        [("pls explain in simple words what non refoulement means", "en")],
    )
    _offered_first(
        index,
        "denmark-return-centres",
        [("اخي بالدنمارك بدهم يجبروه على السكن في مركز بعيد عن عيلتو", "ar")],
    )


def test_an_inheritance_a_power_of_attorney_work_and_free_legal_aid_get_no_card(
    index: SearchIndex,
) -> None:
    """A father who died, a brother in Aleppo, a lawyer: the answers' words around topics of
    their own."""
    _no_card(
        index,
        [
            ("my father died in syria how do i get my inheritance", "en"),
            ("can i get a power of attorney for my brother in aleppo", "en"),
            ("can i work in denmark with a temporary permit", "en"),
            ("un avocat gratuit pour un refugie ca existe ?", "fr"),
            ("ابوي توفى بسوريا كيف اخد الورثه", "ar"),
        ],
    )


def test_other_topics_typed_without_apostrophe_and_a_nationality(index: SearchIndex) -> None:
    """ "lecole" is l'école, another topic; a nationality is a citizenship, not The National."""
    _no_card(
        index,
        [
            ("lelectricite en syrie cest combien dheures par jour", "fr"),
            ("lecole pour mes enfants en syrie si on rentre", "fr"),
            ("how do i apply for french nationality after 10 years", "en"),
        ],
    )


def test_a_laissez_passer_a_permit_not_extended_and_titles_taken_away(
    index: SearchIndex,
) -> None:
    """اللاسيه باسيه is the safe conduct; a Danish permit not extended, or titles "enlevés",
    are the revoked permits, not an arrest."""
    _first_of(
        index,
        [
            ("شو هاد اللاسيه باسيه اللي بيعطوه للسوريين بفرنسا", "ar", "france-short-visit"),
            ("ابن عمي بالدنمارك رفضو يمددولو الاقامه", "ar", "denmark-permits-revoked"),
            (
                "le danemark enleve les titres de sejour des syriens pk",
                "fr",
                "denmark-permits-revoked",
            ),
            (
                "quel role a joue le danemark dans la convention de 1951",
                "fr",
                "denmark-refugee-convention",
            ),
        ],
    )


def test_military_service_is_no_answer_but_being_wanted_for_it_is_a_fear_of_arrest(
    index: SearchIndex,
) -> None:
    """No answer covers conscription; someone wanted for dodging it who fears arrest on return
    is asking the detention answer's question."""
    _no_card(
        index,
        [
            ("is military service still compulsory in syria", "en"),
            ("if i go back to syria do i have to do military service", "en"),
            ("si je rentre en syrie je dois faire le service militaire", "fr"),
            ("le service militaire est toujours obligatoire en syrie ?", "fr"),
            ("الخدمه العسكريه لسا اجباريه بسوريا؟", "ar"),
        ],
    )
    for text, lang in [
        ("im wanted for military service, will they arrest me at the airport if i go back", "en"),
        ("انا مطلوب للجيش اذا رجعت بيعتقلوني بالمطار؟", "ar"),
    ]:
        offered = index.search(text, lang)
        assert offered.matches and offered.matches[0].snippet_id == "returns-detention", offered


def test_arabic_asides_of_speech_fees_and_a_second_language(index: SearchIndex) -> None:
    """A Kurdish speaker's "اقامه مال انا" (my residence) and "حكي فاضي" (empty talk) say
    nothing more; fees for a residence in Lebanon are a question no answer covers."""
    _offered_first(
        index,
        "denmark-permits-revoked",
        [("انا كردي من كوباني، اقامه مال انا بالدنمارك ما جددو ليش", "ar")],
    )
    _offered_first(
        index, "about-sources", [("منين عم تجيبو هالمعلومات، في مصدر ولا حكي فاضي؟", "ar")]
    )
    assert index.search("قديش رسوم الاقامه بلبنان هالسنه", "ar").kind == "none"


def test_ofpra_withdrawing_protection_is_the_protection_answer_not_the_suspension(
    index: SearchIndex,
) -> None:
    """Ofpra is named only in the suspension answer, but withdrawing protection on a return is
    the protection answer's question: a wrong card before its examples named Ofpra."""
    offered = index.search(
        "si je pars en syrie est ce que l ofpra va me retirer ma protection", "fr"
    )
    assert offered.kind == "answer" and offered.matches[0].snippet_id == "france-protection-facts"


def test_french_files_stopped_are_suspended_people_stopped_are_arrested(
    index: SearchIndex,
) -> None:
    """« Arrêter » the files is suspending them; arresting people is detention."""
    _answered_by(
        index,
        "france-asylum-suspended",
        [("l ofpra a arrete de traiter les demandes des syriens ?", "fr")],
    )
    _offered_first(
        index, "returns-detention", [("ils arretent les gens a l aeroport de damas ?", "fr")]
    )


def test_asylum_in_a_country_an_answer_names_for_something_else_gets_no_card(
    index: SearchIndex,
) -> None:
    """The accountability answer names Canada and the Netherlands; asking for asylum there
    had got it as a card."""
    for text in ("بدي اطلب لجوء بكندا كيف", "بدي قدم لجوء بهولندا شو بدي اوراق"):
        assert index.search(text, "ar").kind == "none", text
    _answered_by(
        index,
        "rights-accountability",
        [("what did canada and the netherlands do against syria", "en")],
    )


def test_a_lost_document_a_name_in_arabic_letters_and_kurdish_asides(index: SearchIndex) -> None:
    """Losing a travel document is no loss of status (it had the short-visit card); the
    commander the detention answer quotes, typed in Arabic; "me kurdish from qamishlo" is an
    aside around the safety question."""
    _no_card(
        index,
        [
            ("lost my refugee travel document what now", "en"),
            ("ضيعت وثيقه السفر شو لازم اعمل", "ar"),
        ],
    )
    _offered_first(index, "returns-detention", [("شو قال عصام زهر الدين للسوريين", "ar")])
    offered = index.search("me kurdish from qamishlo, is north syria safe now", "en")
    assert offered.matches, offered
    assert offered.matches[0].snippet_id in {"rights-syria-safe", "returns-situation-2025"}


def test_how_an_interview_goes_naturalisation_and_a_trip_to_beirut_get_no_card(
    index: SearchIndex,
) -> None:
    """How an Ofpra interview goes is no answer's subject (it had the suspension card), while
    an interview cancelled is the suspension; naturalisation (التجنس) and a trip to Beirut with
    a travel document are other questions."""
    _no_card(
        index,
        [
            ("ofpra interview how does it go", "en"),
            ("بعد كم سنه بقدر اطلب التجنس بفرنسا", "ar"),
            ("بدي سافر على بيروت بوثيقه السفر", "ar"),
        ],
    )
    _answered_by(
        index,
        "france-asylum-suspended",
        [("my ofpra interview was cancelled after assad fell", "en")],
    )


def test_arabic_news_cut_off_after_a_return_is_a_disappearance(index: SearchIndex) -> None:
    """ "وانقطعت اخبارو" (and no news of him since) is the detention answer's disappearance."""
    _answered_by(index, "returns-detention", [("ابن عمي رجع عسوريا سنه ٢٠١٩ وانقطعت اخبارو", "ar")])


def test_official_information_benefits_and_cash_at_the_border(index: SearchIndex) -> None:
    """ "Is it official" asks about the sources; pocket money cut in a return centre is the
    return centres' allowance; the CAF and how many dollars one may carry are other topics."""
    _offered_first(index, "about-sources", [("where do u get this info, is it official", "en")])
    _offered_first(
        index, "denmark-return-centres", [("return center in denmark they cut pocket money", "en")]
    )
    _no_card(
        index,
        [
            ("does caf stop my money if i go to syria", "en"),
            ("كم دولار بقدر فوت معي عالحدود", "ar"),
        ],
    )


def test_names_sources_and_feasts_after_the_seventh_pair(index: SearchIndex) -> None:
    """شملهم (included them) is no family reunification; the commander the detention answer
    quotes, by name; "legit", « rédigé », « reposent » ask about the sources; Eid is a reason
    to visit; bringing one's children back is a return."""
    _answered_by(index, "denmark-how-many", [("كم واحد سوري بالدنمارك شملهم سحب الاقامات", "ar")])
    _answered_by(
        index, "returns-detention", [("issam zahreddine what did he say to refugees", "en")]
    )
    _offered_first(
        index,
        "about-sources",
        [
            ("where is this info from, is it legit", "en"),
            ("qui a redige ces informations et sur quoi elles reposent", "fr"),
        ],
    )
    _answered_by(
        index,
        "france-short-visit",
        [("my cousin wants to go to aleppo for eid, will he lose his status in france", "en")],
    )
    offered = index.search("la syrie c sur maintenant? je veux ramener mes enfants", "fr")
    safety = {"rights-syria-safe", "returns-situation-2025"}
    assert safety & {m.snippet_id for m in offered.matches}, offered
    _no_card(index, [("بدي اعمل لم شمل لمرتي عفرنسا", "ar")])


def test_a_name_change_money_sent_home_and_bringing_a_wife_get_no_card(
    index: SearchIndex,
) -> None:
    """Everyday procedures around the answers' words (a travel document, one's mother in Syria,
    France): none is what an answer covers."""
    _no_card(
        index,
        [
            ("can i change my name on my refugee travel document", "en"),
            ("بقدر غير اسمي بوثيقة السفر؟", "ar"),
            ("كيف ببعت مصاري لامي بسوريا", "ar"),
            ("بدي اتجوز بسوريا وجيب مرتي عفرنسا", "ar"),
        ],
    )


def test_arabic_going_back_with_ones_children_is_a_safety_question(index: SearchIndex) -> None:
    """Children one returns with are no relatives one visits: "with my kids" had turned the
    safety question into the France short visit."""
    offered = index.search("هلق سوريا امان؟ بدي ارجع انا وولادي", "ar")
    assert offered.matches, offered
    assert offered.matches[0].snippet_id in {"rights-syria-safe", "returns-situation-2025"}


def test_a_town_names_its_country_but_says_nothing_of_what_is_asked(index: SearchIndex) -> None:
    # a French or Danish town places the question, as the country's name would ...
    _first_of(
        index,
        [
            (
                "my son lives in toulouse, can he visit damascus for two weeks",
                "en",
                "france-short-visit",
            ),
            (
                "mon fils habite a toulouse il peut aller a damas 2 semaines",
                "fr",
                "france-short-visit",
            ),
            ("ابني ساكن بتولوز فيه يزور الشام اسبوعين", "ar", "france-short-visit"),
            (
                "my uncle in dk lost his permit bcz they say damascus is safe now",
                "en",
                "denmark-permits-revoked",
            ),
            (
                "combien de syriens ont subi des retraits de titres au danemark",
                "fr",
                {"denmark-how-many", "denmark-permits-revoked"},
            ),
        ],
    )
    # ... but a town or a country is where the person is, not what they ask about
    _no_card(
        index,
        [
            ("how much is a room to rent in marseille", "en"),
            ("the flight from copenhagen to paris takes how long", "en"),
            ("بدي رقم محامي بمرسيليا", "ar"),
            ("ma retraite peut etre payee au danemark", "fr"),
        ],
    )


def test_is_anyone_there_is_small_talk(index: SearchIndex) -> None:
    for text, lang in [
        ("hello, anyone there?", "en"),
        ("bonjour, y a quelqu un ?", "fr"),
        ("مرحبا، في حدا؟", "ar"),
    ]:
        assert respond(index, text, lang) == ("greeting", ()), text


def test_arabic_the_caf_marrying_and_money_to_go_back_get_no_card(index: SearchIndex) -> None:
    _no_card(
        index,
        [
            ("الكاف وقفت المصاري عني من شهرين", "ar"),
            ("بدي اتجوز وانا لاجئ بالدنمارك شو الاوراق", "ar"),
            ("قديش المساعده الماليه اذا رجعت عسوريا نهائي", "ar"),
        ],
    )


def test_a_country_one_answer_is_about_puts_that_answer_before_general_ones(
    index: SearchIndex,
) -> None:
    # "my father came back from Turkey and we have heard nothing since"
    ranked = index.rank("ابوي رجع من تركيا ومن وقتها ما بنعرف عنو شي", "ar")
    assert ranked[0].snippet_id in {"returns-turkey-lebanon", "returns-detention"}, ranked


def test_french_permanent_residence_is_no_answers_topic(index: SearchIndex) -> None:
    _no_card(
        index,
        [
            ("combien de temps pour avoir la carte de resident permanent au danemark", "fr"),
            ("titre de sejour permanent en france pour refugie syrien", "fr"),
        ],
    )


def test_french_phrases_after_an_apostrophe_and_sure_before_et(index: SearchIndex) -> None:
    # a listed phrase is met with the apostrophe typed as well as without it
    _no_card(index, [("Comment faire une demande d'asile aux Pays-Bas ?", "fr")])
    # "sur" before "et" can only be "sûr": Denmark calling Damascus safe is its permits' answer
    offered = index.search("pour le danemark damas c sur et ils renvoient les syriens", "fr")
    assert "denmark-permits-revoked" in [m.snippet_id for m in offered.matches], offered


def test_lost_cards_cash_aid_and_being_kept_from_ones_family(index: SearchIndex) -> None:
    _no_card(
        index,
        [
            ("what do i do with a lost residence card in denmark", "en"),
            ("j ai perdu mon recepisse a la prefecture", "fr"),
            ("does unhcr give cash aid to syrians in jordan", "en"),
        ],
    )
    _first_of(
        index,
        [
            (
                "denmark sends my brother to a camp away from his kids",
                "en",
                "denmark-return-centres",
            ),
            (
                "au danemark on met mon pere dans un centre loin de ma famille",
                "fr",
                "denmark-return-centres",
            ),
            (
                "kelkun est deja parti en syrie avec l autorisation ?",
                "fr",
                "france-first-approvals",
            ),
            (
                "si je vais en syrie la france m enleve l asile ?",
                "fr",
                {"france-protection-facts", "france-short-visit", "france-lawyer-warnings"},
            ),
            (
                "pour le regime, les refugies partis sont des terroristes ?",
                "fr",
                "rights-syria-safe",
            ),
        ],
    )


def test_the_day_assad_fell_a_decree_and_departure_centres_in_arabic(index: SearchIndex) -> None:
    _first_of(
        index,
        [
            ("كيف صار الوضع بسوريا من بعد ٨ كانون الاول", "ar", "returns-situation-2025"),
            ("what changed in syria since december 8", "en", "returns-situation-2025"),
            ("شو قصة المرسوم رقم ١٠ والبيوت", "ar", "returns-law-10"),
            ("اخوي بالدنمارك بدهم ينقلوه عسنتر مغادره", "ar", "denmark-return-centres"),
            ("بالدنمارك ما بدهم يجددو اقامة اختي ليش", "ar", "denmark-permits-revoked"),
        ],
    )
    _no_card(index, [("قطعولنا كرت المفوضيه بالاردن شو نعمل", "ar")])
