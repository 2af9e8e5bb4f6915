"""Arabic questions about things no answer covers (work, permanent residence, bringing family,
appeals, inheritance, taxes, civil status papers, plane tickets...) get no card, though they
share the bot's own words (Syria, France, Denmark, refugee, residence); questions the answers
do cover still find theirs. The no-card questions below all got buttons before the Arabic
`other_topics` and `spellings` named these topics."""

from __future__ import annotations

import pytest

from bot.search import SearchIndex


@pytest.mark.parametrize(
    "text",
    [
        # work, and the right to work (the verb in Levantine, the noun in MSA)
        "اللاجئ السوري بفرنسا بيحقلو يشتغل؟",
        "هل يحق للاجئين السوريين في الدنمارك العمل",
        # permanent residence, the French ten-year card
        "اللاجئ السوري بفرنسا بيقدر ياخد اقامه دايمه؟",
        "الاقامه الدايمه للسوريين بالدنمارك شو شروطها",
        "كرت العشر سنين بفرنسا للاجئ السوري",
        # bringing family over
        "بدي استقدم مرتي من سوريا لفرنسا",
        # appealing a refusal
        "اللاجئ بفرنسا كيف بيعمل طعن اذا رفضو طلبو",
        "رفضو لجوئي، كيف بقدم طعن وقديش المده",
        # inheritance, civil status papers, translation, recognising a marriage
        "ابوي توفى بسوريا وبدي حصر ارث",
        "اخراج قيد من سوريا وانا لاجئ بفرنسا",
        "بطاقه شخصيه سوريه وانا لاجئ",
        "بدي ترجم اوراقي السوريه لفرنسا",
        "الاوراق اللي بدي ياها لتثبيت زواجي بفرنسا",
        # taxes, language courses, health insurance, plane tickets
        "اللاجئ السوري بالدنمارك لازم يدفع ضريبه؟",
        "تعلم اللغه الدنماركيه للاجئين السوريين اجباري؟",
        "اللاجئ السوري بفرنسا بيحقلو كارت فيتال؟",
        "قديش تذكره الطياره من فرنسا لسوريا",
    ],
)
def test_another_topic_gets_no_card(shipped_index: SearchIndex, text: str) -> None:
    assert shipped_index.search(text, "ar").kind == "none", text


@pytest.mark.parametrize(
    ("text", "snippet_id"),
    [
        ("بدي انزل عالشام اشوف امي المريضه وارجع عفرنسا، بيسحبو الحمايه؟", "france-short-visit"),
        ("شو هو مركز العوده بالدنمارك وشو بيعطوهن", "denmark-return-centres"),
        ("اذا رجعت عسوريا بيعتقلوني عالحدود؟", "returns-detention"),
        ("القانون رقم ١٠ شو بيعمل ببيوت اللاجئين", "returns-law-10"),
        ("كم لاجئ سوري رجع من تركيا ولبنان", "returns-how-many"),
        ("لازم امضي تعهد قبل ما سافر عسوريا؟", "france-sworn-statement"),
        ("الدنمارك وقعت على اتفاقيه جنيف؟", "denmark-refugee-convention"),
        ("بيتنا بحمص صادروه، شو بعمل", "returns-law-10"),
        ("الدنمارك عم ترحل السوريين غصب؟", "denmark-return-centres"),
        # شغله is "a thing" here, not work
        ("شو هالشغله، ليش الدنمارك عم تسحب اقامات السوريين", "denmark-permits-revoked"),
    ],
)
def test_a_covered_question_still_finds_its_answer(
    shipped_index: SearchIndex, text: str, snippet_id: str
) -> None:
    offered = shipped_index.search(text, "ar")
    assert offered.matches and offered.matches[0].snippet_id == snippet_id, (text, offered)
