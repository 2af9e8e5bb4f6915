"""The per-language word lists (bot/languages/<code>/words.yaml): well formed, and doing what
they are for: people's spellings, Levantine forms and concepts named differently meet."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.reader import read
from bot.textnorm import STOPWORDS, SYNONYMS, Analyzer, normalise, skeleton_map, tokens
from harness import LANGUAGES

FILES = Path(__file__).resolve().parents[1] / "bot" / "languages"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_file_has_its_lists_and_no_word_in_two_groups(lang: str) -> None:
    data = yaml.safe_load((FILES / lang / "words.yaml").read_text(encoding="utf-8"))
    lists = {
        "greetings",
        "thanks",
        "stopwords",
        "spellings",
        "synonyms",
        "countries",
        "other_topics",
        "durations",
    }
    assert lists <= set(data)
    seen: dict[str, int] = {}
    analyzer = Analyzer(lang)
    for number, group in enumerate(SYNONYMS[lang]):
        for word in group:
            term = analyzer.term(word)
            assert term is not None, f"{word!r} (synonyms) is a stop word: it would never match"
            if term in seen and seen[term] != number:
                pytest.fail(f"{word!r} is in synonym groups {seen[term] + 1} and {number + 1}")
            seen[term] = number
    for form, meant in data["spellings"].items():
        assert tokens(normalise(str(meant))), f"{form!r} stands for nothing"
    assert STOPWORDS[lang]


def _same(lang: str, a: str, b: str, known: frozenset[str] = frozenset()) -> bool:
    analyzer = Analyzer(lang, known)
    left = [analyzer.term(w) for w in analyzer.respelled(tokens(normalise(a)))]
    right = [analyzer.term(w) for w in analyzer.respelled(tokens(normalise(b)))]
    return [t for t in left if t] == [t for t in right if t]


def test_levantine_forms_meet_the_standard_ones() -> None:
    known = frozenset({"سوريا", "فرنسا", "شام", "بوت", "دمشق"})
    assert _same("ar", "عسوريا", "سوريا", known)
    assert _same("ar", "عفرنسا", "فرنسا", known)
    assert _same("ar", "عالشام", "دمشق", known)
    assert _same("ar", "هالبوت", "البوت", known)
    assert _same("ar", "بيسحبو", "سحب")
    assert _same("ar", "بيعتقلوني", "اعتقال")
    assert _same("ar", "سوريه", "سوريا")
    assert _same("ar", "هلأ شو", "")  # "now what": nothing to search
    assert _same("ar", "الإقامة", "الاقامه")  # hamza, taa marbuta
    assert _same("ar", "القانون رقم ١٠", "قانون 10")


def test_levantine_verb_forms_join_their_listed_words() -> None:
    # the word lists name قطع، تعذيب، سافر؛ other present-tense forms join them by skeleton
    assert _same("ar", "بتقطع", "قطع")
    assert _same("ar", "بيقطعو", "وقف")  # and so the group's other words
    assert _same("ar", "بيجمدو", "تجميد")
    assert _same("ar", "مجمد", "تجميد")  # a participle too
    assert not _same("ar", "الجديده", "تجديد")  # not a present tense: "new" is not "renewal"


def test_a_skeleton_two_words_share_goes_to_the_bare_one_or_to_none() -> None:
    assert skeleton_map([("سفر", "travel"), ("تسفير", "deport")]) == {"سفر": "travel"}
    assert skeleton_map([("تجديد", "renew"), ("جديد", "new")]) == {}  # neither is جدد itself
    assert skeleton_map([("تعذيب", "torture"), ("يتعذب", "torture")]) == {"عذب": "torture"}


def test_french_and_english_texting_meets_the_spelled_out_words() -> None:
    assert _same("fr", "jpeux aller voir ma mere", "je peux voir ma mère")
    assert _same("fr", "c quoi le non refoulement", "c'est quoi le non-refoulement")
    assert _same("fr", "pk lofpra", "pourquoi l'Ofpra")
    assert _same("fr", "ils rentrent", "rentrer")  # a plural Snowball leaves whole
    assert _same("fr", "quest ce que", "qu'est-ce que")
    assert _same("en", "wanna go bak", "want to go back")
    assert _same("en", "denmarc asilum", "denmark asylum")


def test_concepts_people_name_differently_meet() -> None:
    for a, b in [
        ("papers", "permit"),
        ("status", "asylum"),
        ("protection", "residence"),
        ("holiday", "visit"),
        ("trip", "funeral"),
        ("camp", "centre"),
        ("arrested", "detained"),
        ("disappeared", "detention"),
    ]:
        assert _same("en", a, b), (a, b)
    for a, b in [
        ("papiers", "statut"),
        ("vacances", "visite"),
        ("enterrement", "voyage"),
        ("camp", "centre"),
        ("arrêté", "détention"),
    ]:
        assert _same("fr", a, b), (a, b)
    for a, b in [("اوراق", "اقامه"), ("زياره", "سفر"), ("مخيم", "مركز"), ("اعتقال", "اختفاء")]:
        assert _same("ar", a, b), (a, b)


def test_arabic_of_other_dialects_and_other_words_for_one_thing_meet() -> None:
    # Gulf, Iraqi and Egyptian function words say nothing to search, as the Levantine ones
    assert _same("ar", "شلون اكدر هسه", "")
    assert _same("ar", "عايز اعرف ازاي", "اعرف")
    for a, b in [
        ("كرت", "اقامه"),  # the residence card people carry is their status
        ("بطاقه", "اللجوء"),
        ("بكامب", "مركز"),
        ("الاتراك", "تركيا"),
        ("الدانمارك", "الدنمارك"),
        ("خطير", "امان"),
        ("شقتي", "بيت"),
        ("بالقوه", "ترحيل"),
        ("بيمضو", "تعهد"),
        ("قديش", "عدد"),  # how many asks for a number, as in English and French
        ("هرب", "سقوط"),
        ("بيمنع", "ممنوع"),
        ("محدثه", "تاريخ"),  # up to date or old: the answers' dates
        ("والدته", "امي"),  # a parent (والد) is no و glued to an article
    ]:
        assert _same("ar", a, b, frozenset({"كامب"})), (a, b)
    # a place a spelling names, with a preposition glued to it
    for glued in ("بحماه", "عحلب", "بالرقه", "لادلب"):
        assert _same("ar", glued, "سوريا"), glued
    # confiscation (مصادرة) is about property, not sources (مصادر)
    assert _same("ar", "مصادره", "عقارات")
    assert not _same("ar", "مصادره", "مصادر")
    assert not _same("ar", "المولود", "والدي")  # a newborn is not a parent


def test_arabic_glued_pronouns_sayings_and_asides_say_nothing() -> None:
    # prepositions with a Levantine pronoun glued on, saying and bringing, who and where
    for text in ("منو فيهن بعدو عليكن", "بتقول تجيبو قلولي", "رفيقي ساكن لحد", "صاحبتي عايشه صح"):
        assert _same("ar", text, ""), text


def test_arabic_words_for_references_towns_and_leaving_meet_their_concepts() -> None:
    assert _same("ar", "كام", "عدد")  # Egyptian how many
    assert _same("ar", "المراجع", "مصادر")  # references are sources ...
    assert not _same("ar", "المراجع", "رجع")  # ... not a form of returning
    assert _same("ar", "النظام", "حكومه")  # the regime is the government of the time
    assert _same("ar", "اطاح", "سقوط")
    for glued in ("بالغوطه", "عالقامشلي", "بداريا", "لطرطوس"):
        assert _same("ar", glued, "سوريا"), glued


def test_arabic_settlements_fears_and_home_countries_meet_their_concepts() -> None:
    assert _same("ar", "التسويات", "مصالحه")  # Syria's reconciliation deals
    assert _same("ar", "مخاوف", "تحذيرات")  # a lawyer's fears are his warnings
    assert _same("ar", "تلغي", "سحب")
    assert _same("ar", "لبلدهم", "سوريا")
    # "that it", "suddenly", staying, and where a person or a dish is from say nothing
    assert _same("ar", "انها فجاه ضلو حلبيه شامي", "")


def test_arabic_figures_stability_pursuit_and_demolition_meet_their_concepts() -> None:
    assert _same("ar", "الف", "عدد")  # "thirty thousand" states a figure
    assert _same("ar", "ملايين", "احصائيات")
    assert _same("ar", "مستقره", "امان")  # a stable country is a question of safety
    assert _same("ar", "بيلاحق", "اعتقال")  # the security services pursuing returnees
    assert _same("ar", "انهدم", "بيت")
    assert _same("ar", "نعرف عنو بنظرهم", "")  # "we know", "about him", "in their eyes"


def test_arabic_sisters_seeing_scrutiny_and_pronouns_meet_their_concepts() -> None:
    assert _same("ar", "خواتو", "اخت")  # "his sisters" is family
    assert _same("ar", "يشوف", "زياره")  # going to see someone is a visit
    assert _same("ar", "تدقيق", "مراقبه")  # scrutiny on return is being watched
    assert _same("ar", "هني بين خايفين تضل", "")  # they, between, afraid, remain


def test_arabic_number_words_say_as_little_as_digits_and_mixed_signals_meet() -> None:
    assert _same("ar", "تلات اسابيع", "اسابيع")
    assert _same("ar", "خمسه اتنين", "")
    assert _same("ar", "متضاربه", "تناقض")


def test_arabic_few_and_the_countryside() -> None:
    assert _same("ar", "قليلين", "عدد")  # "only a few" asks about a number
    assert _same("ar", "بريف", "سوريا")  # the countryside (ريف دمشق، ريف حلب) is Syria's
    assert _same("ar", "بهالشي", "")


def test_arabic_forms_of_torture_and_harm_meet() -> None:
    # تعذيب and يتعذب were two words of the content: their shared skeleton found neither
    for form in ("بتعذب", "اتعذب", "يتاذى"):
        assert _same("ar", form, "تعذيب"), form


def test_arabic_passes_exceptions_cruelty_and_opinions() -> None:
    assert _same("ar", "عبور", "مرور")  # a transit paper is the safe conduct
    assert _same("ar", "استثنائيه", "استثناء")
    assert _same("ar", "قاسيه", "تعذيب")  # cruel treatment is the harm non-refoulement names
    assert _same("ar", "رايك يعيش شاب عمرو", "")  # your opinion, to live, a young man, his age


def test_arabic_in_french_is_a_language_not_france() -> None:
    assert _same("ar", "بالفرنسي بالعربي", "")
    assert not _same("ar", "الفرنسيه", "")  # the French government is still France's


def test_arabic_not_says_nothing_and_getting_a_permit_is_no_trip() -> None:
    assert _same("ar", "مش مو", "")
    # طلع is "go out" but also "obtain" (بطلع اقامه, "I get a permit"): no word for a trip
    assert not _same("ar", "بطلع", "سفر")


def test_arabic_permits_in_the_plural_and_saying() -> None:
    assert _same("ar", "اذونات", "موافقه")  # permissions, the broken plural of اذن
    assert _same("ar", "قول قلت", "")


def test_arabic_overnight_is_suddenly_and_more_says_nothing() -> None:
    assert _same("ar", "بين يوم وليله", "")  # read as a whole: "suddenly", which says nothing
    assert not _same("ar", "يوم", "")  # a day alone is still a length of stay
    assert _same("ar", "اكتر من ست", "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_spelling_or_list_is_written_twice(lang: str) -> None:
    # a key written twice silently keeps only its last meaning
    document = read((FILES / lang / "words.yaml").read_text(encoding="utf-8"))
    assert not document.slips, [(slip.line, slip.message) for slip in document.slips]
