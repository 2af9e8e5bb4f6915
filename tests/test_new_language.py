"""A fourth language added with data only: the shipped content plus Turkish, in a temporary
content folder. Its description and word lists go in content/languages/tr/ (the bot does not
ship Turkish), its interface texts in content/ui/tr.yaml, a Turkish text beside every English
one, and `tr` in content/languages.yaml. `check` passes, and a person walks the menus in
Turkish through the fake Bot API. Taking Turkish out of some texts makes `check` name each one.

The Turkish of the topics and of one answer is written out; every other text is the English
with a marker, which is enough for the machinery (a real translation says what the English
says, no more, no less)."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.reader import read
from harness import ROOT, Cli, Harness

TR_DATA = ROOT / "tests" / "data" / "languages" / "tr"
MARK = "[tr] "
TOPICS = {
    "france": "Fransa",
    "denmark": "Danimarka",
    "returns": "Geri dönüşler",
    "rights": "Haklarınız",
    "about": "Bu bot hakkında",
}
ABOUT_DATES = {
    "title": "Bazı yanıtlar neden tarih uyarısı taşıyor",
    "question": "Bazı yanıtlar neden kaynaklarının ne zaman yazıldığını söylüyor?",
    "answer": (
        "Üç kaynaktan ikisi, Beşar Esad hükümeti iktidardayken yazıldı: The National'da "
        "Şubat 2019'da yayımlanan bir görüş yazısı ve dokuz sivil toplum kuruluşunun Mart "
        "2021'de yazdığı (7 Mayıs 2021'de yayımlanan) ortak bir açıklama. Suriye'yi o "
        "zamanki haliyle anlatıyorlar.\n\n"
        "The National, Şubat 2025'te, \"8 Aralık'ta Esad rejimini deviren\" (2024) saldırıya "
        "Heyet Tahrir el-Şam'ın öncülük ettiğini bildirdi. Eski metinlerin Suriye hakkında "
        "söyledikleri bugün artık doğru olmayabilir. Bu yüzden onlardan alınan her yanıt, ne "
        "zaman yazıldıklarını belirten bir 🕓 notu taşır.\n"
    ),
}
MAX_TITLE = 45


def _turkish(english: str, field: str) -> str:
    text = MARK + english
    return text[:MAX_TITLE].rstrip() if field == "title" else text


def _add_turkish(node: Any, field: str = "") -> None:
    """Beside every English text (and list of examples) of a parsed content file, a Turkish one."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and "ar" in node:
            node.setdefault("tr", _turkish(node["en"], field))
        elif isinstance(node.get("en"), list) and field == "examples":
            node.setdefault("tr", [MARK + example for example in node["en"]])
        for key, value in node.items():
            if key not in ("translated_from", "tr"):
                _add_turkish(value, str(key))
    elif isinstance(node, list):
        for item in node:
            _add_turkish(item, field)


class _Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: a text such as 6825e113 (a fingerprint) must be quoted for the
    content's YAML 1.2 reader, which reads it as a number."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    numeric = re.fullmatch(r"[-+]?[0-9][0-9_.]*(e[-+]?[0-9]+)?", value, re.I)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if numeric else None)


_Dumper.add_representer(str, _text)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _rewrite(path: Path, change: Any) -> None:
    data = read(path.read_text(encoding="utf-8")).value
    change(data)
    path.write_text(_dump(data), encoding="utf-8")


def _content_files(content: Path) -> Iterator[Path]:
    yield from (content / name for name in ("topics.yaml", "disclaimers.yaml", "help.yaml"))
    yield content / "context.yaml"
    yield from sorted((content / "snippets").glob("*/*.yaml"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The shipped content and seeds, with Turkish added as an organisation would add it."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    content = tmp_path / "content"
    (content / "languages" / "tr").mkdir(parents=True)
    for name in ("language.yaml", "words.yaml"):
        shutil.copy(TR_DATA / name, content / "languages" / "tr" / name)
    shutil.copy(TR_DATA / "ui.yaml", content / "ui" / "tr.yaml")
    listed = content / "languages.yaml"
    listed.write_text(
        listed.read_text(encoding="utf-8").replace("[en, ar, fr]", "[en, ar, fr, tr]"),
        encoding="utf-8",
    )

    def topics(data: Any) -> None:
        for topic in data["topics"]:
            topic["title"]["tr"] = TOPICS[topic["id"]]

    def about_dates(data: Any) -> None:
        for field, text in ABOUT_DATES.items():
            data[field]["tr"] = text
        data["examples"]["tr"] = [
            "bazı yanıtlarda neden saat var",
            "bu bilgi eski mi?",
            "2019 tarihli bilgiler hâlâ doğru mu",
        ]

    _rewrite(content / "topics.yaml", topics)
    _rewrite(content / "snippets" / "about" / "about-dates.yaml", about_dates)
    for path in _content_files(content):
        _rewrite(path, _add_turkish)
    return tmp_path


def test_check_passes_with_a_fourth_language_added_as_data(site: Path, cli: Cli) -> None:
    ran = cli("check", cwd=site)
    assert ran.code == 0, ran.out
    # Every Turkish text is new: none has been checked against its English yet.
    assert "title.tr has not been checked against title.en yet" in ran.out
    assert all(": warning: " in line for line in ran.out.splitlines())
    # Once a translator has checked them, marking them makes even --strict pass.
    assert cli("translations", "--all", cwd=site).code == 0
    strict = cli("check", "--strict", cwd=site)
    assert (strict.code, strict.out) == (0, "")


async def test_a_person_walks_the_menus_in_turkish(site: Path) -> None:
    async with Harness(
        site / "data", content_dir=site / "content", seeds_dir=site / "seeds"
    ) as bot:
        library = bot.conversation.content.library
        assert library.languages.codes == ("en", "ar", "fr", "tr")
        ui = library.ui["tr"]
        user = bot.fake.user(5550001234, "Deniz", "de")  # a Telegram language not offered

        welcome = await bot.say(user, "/start")
        assert welcome.text == library.ui["en"].welcome  # the default language, until chosen
        prompt = await bot.say(user, "/language")
        assert bot.labels(prompt) == ["English", "العربية", "Français", "Türkçe"]
        chosen = await bot.press(user, "Türkçe")
        assert chosen.text == ui.language_set == "Bundan sonra Türkçe yanıt vereceğim."

        menu = await bot.say(user, "/menu")
        assert menu.text == "Bir konu seçin:"
        labels = bot.labels(menu)
        assert labels[:5] == [
            "🇫🇷 Fransa",
            "🇩🇰 Danimarka",
            f"{library.topic('returns').emoji} Geri dönüşler",
            f"{library.topic('rights').emoji} Haklarınız",
            f"{library.topic('about').emoji} Bu bot hakkında",
        ]
        assert "🌐 English" in labels and "🌐 Türkçe" not in labels

        topic = await bot.press(user, labels[4])
        assert topic.text == f"{labels[4]}: bir soru seçin."
        assert ABOUT_DATES["title"] in bot.labels(topic)
        assert bot.labels(topic)[-2:] == ["« Geri", "☰ Ana menü"]

        card = await bot.press(user, ABOUT_DATES["title"])
        paragraphs = card.text.split("\n\n")
        assert paragraphs[0] == ABOUT_DATES["question"]
        assert paragraphs[1].startswith("Üç kaynaktan ikisi, Beşar Esad hükümeti")
        assert "Bu yüzden onlardan alınan her yanıt" in paragraphs[2]
        clock = next(p for p in paragraphs if p.startswith("🕓"))
        assert "Suriye'deki durum o zamandan beri değişti" in clock and "Aralık 2024" in clock
        citation = next(p for p in paragraphs if p.startswith("📚"))
        assert citation.startswith("📚 Kaynaklar") and "yayımlandı" in citation
        assert paragraphs[-1] == "⚠️ " + MARK + library.disclaimers["default"].get("en").strip()
        assert bot.labels(card)[-2:] == ["« Geri", "☰ Ana menü"]

        # Typed small talk in Turkish gets the Turkish reply, from the content's word lists;
        # a typed question is matched in Turkish (its stemmer: "yanıtlar" meets "yanıtlarda").
        hello = await bot.say(user, "merhaba")
        assert hello.text == ui.greeting_reply
        typed = await bot.say(user, "neden bazı yanıtlar saat taşıyor")
        offered = (
            [typed.text.split("\n\n")[0]]
            if typed.text.startswith(ABOUT_DATES["question"])
            else bot.labels(typed)
        )
        assert ABOUT_DATES["question"] in offered or ABOUT_DATES["title"] in offered
        # The commands menu is set in Turkish too.
        turkish = [
            call for call in bot.fake.calls_to("setMyCommands") if call.get("language_code") == "tr"
        ]
        assert turkish and {c["description"] for c in turkish[0]["commands"]} >= {"Konuları göster"}
        assert bot.fake.spec_errors == []


def test_check_names_every_text_missing_turkish(site: Path, cli: Cli) -> None:
    content = site / "content"
    removed: list[tuple[str, int]] = []

    def drop(path: Path, *at: str | int) -> None:
        """Remove the Turkish text at `at`, and note the line `check` must name."""
        text = path.read_text(encoding="utf-8")
        document = read(text)
        node = document.value
        for part in at:
            node = node[part]
        del node["tr"]
        removed.append((str(path.relative_to(site)), document.line(*at)))
        path.write_text(_dump(document.value), encoding="utf-8")
        removed[-1] = (removed[-1][0], read(path.read_text(encoding="utf-8")).line(*at))

    snippet = content / "snippets" / "france" / "france-short-visit.yaml"
    drop(snippet, "title")
    drop(snippet, "answer")
    drop(content / "snippets" / "about" / "about-dates.yaml", "question")
    drop(content / "topics.yaml", "topics", 1, "title")
    drop(content / "disclaimers.yaml", "disclaimers", "legal")
    drop(content / "context.yaml", "situation_changed", "event")
    drop(content / "help.yaml", "organisations", 0, "offers")

    ran = cli("check", cwd=site)
    assert ran.code == 1
    missing = [line for line in ran.out.splitlines() if "Turkish (tr)" in line]
    expected = {
        f"{path}:{line}: {label}: the Turkish (tr) text is missing"
        for (path, line), label in zip(
            removed,
            [
                "title",
                "answer",
                "question",
                "title",
                "disclaimers.legal",
                "situation_changed.event",
                "offers",
            ],
            strict=True,
        )
    }
    assert set(missing) == expected and len(missing) == len(expected)
    # Nothing else is wrong but what follows from them: the warnings of the new translations,
    # and answers that link to one that cannot be served while it lacks a language.
    others = [line for line in ran.out.splitlines() if line not in expected]
    assert [
        line
        for line in others
        if "has not been checked against" not in line
        and not line.endswith("related: there is no answer with the id 'france-short-visit'")
    ] == []


def test_text_in_a_language_the_content_does_not_offer_is_named(site: Path, cli: Cli) -> None:
    path = site / "content" / "snippets" / "about" / "about-dates.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title:\n", "title:\n  de: Datumswarnung\n", text, flags=re.M))
    ran = cli("check", cwd=site)
    assert ran.code == 1
    line = read(path.read_text(encoding="utf-8")).line("title", "de")
    assert (
        f"content/snippets/about/about-dates.yaml:{line}: title: 'de' is not a language this "
        "content offers (it offers en, ar, fr, tr); its languages are listed in languages.yaml"
    ) in ran.out.splitlines()


def test_the_terminal_preview_speaks_the_new_language(
    site: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("/quit\n"))
    ran = cli("chat", "--lang", "tr", cwd=site)
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert lines[0].startswith("Çevrimdışı önizleme.")
    assert "Bir konu seçin ya da sorunuzu yazın." in ran.out
    unknown = cli("chat", "--lang", "de", cwd=site)
    assert (unknown.code, unknown.err.strip()) == (
        2,
        "--lang de: this content offers en, ar, fr, tr",
    )
