"""The conversation: what the bot shows for each thing a person does, independent of Telegram.

Every entry point returns a `Screen` (HTML text and buttons) or a `Tap` (a screen plus the short
pop-up that answers a button tap). The Telegram handlers and the terminal `chat` both drive this
one implementation, so what an admin previews in the terminal is what refugees get.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Literal

from bot import clock
from bot.callbacks import (
    Action,
    ClearChat,
    Forget,
    KeepSummary,
    MainMenu,
    OpenSnippet,
    OpenTopic,
    SetLanguage,
    Support,
    Vote,
    decode,
)
from bot.content.help import ordered
from bot.content.library import Library
from bot.content.model import Snippet, UIStrings
from bot.render import CardContext, card, esc, support_text
from bot.search import SearchIndex
from bot.smalltalk import small_talk
from bot.storage import Store
from bot.written import written_in

MAX_INLINE_RESULTS = 20
CARD_CACHE = 1024
"""Rendered cards kept (per snippet, language and day): people open the same few again."""
SCREEN_CACHE = 256
"""Menus and topic screens kept (per language)."""


# Slots (here and on the actions in bot.callbacks): every menu is cached, and a big topic's
# menu has hundreds of buttons.
@dataclass(frozen=True, slots=True)
class Button:
    text: str
    action: Action | None = None
    url: str | None = None


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class Screen:
    html: str
    buttons: Keyboard = ()


@dataclass(frozen=True)
class Tap:
    """The answer to a button tap: a pop-up text (or none), and the screen to show (or none).

    `write` is what the tap changes on disk (or None). Nothing is written when the Tap is made:
    the caller answers the tap first, then runs `write` (off the event loop), and shows `screen`,
    which confirms the change, only after `write` has returned.
    """

    toast: str | None
    screen: Screen | None
    only_buttons: bool = False  # the text stays; only the keyboard changes (after a vote)
    write: Callable[[], object] | None = None
    effect: Literal["clear", "keep"] | None = None
    """What the messaging layer must do besides showing the screen: delete the chat's recent
    messages (/clear confirmed), or keep /clear's summary instead of letting it delete itself."""


@dataclass(frozen=True)
class InlineAnswer:
    snippet_id: str
    title: str
    description: str
    html: str


@dataclass(frozen=True)
class IndexedLibrary:
    """A library and its search index, swapped together so they never disagree."""

    library: Library
    index: SearchIndex

    @classmethod
    def build(cls, library: Library) -> IndexedLibrary:
        return cls(library, SearchIndex.from_library(library))


@dataclass
class Conversation:
    content: IndexedLibrary
    store: Store
    default_language: str = "en"
    keep_unmatched: bool = False
    bot_username: str = "bot"
    _swap: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _served: set[tuple[str, str]] = field(default_factory=set, repr=False)
    """(snippet, version) pairs this process has served: a vote for anything else is forged,
    and must not grow the counters file."""

    def __post_init__(self) -> None:
        self._served.update(self.content.library.versions.items())
        self._new_caches()

    def _new_caches(self) -> None:
        # Menus, topics and cards are pure functions of the content, the language and (cards)
        # the day, and people open the same few again and again, so each is built once. Keys
        # carry the content version, and the caches are replaced with the content, so a screen
        # of old content is never shown after /reload.
        self._menu_cache = lru_cache(maxsize=SCREEN_CACHE)(self._build_menu)
        self._topic_cache = lru_cache(maxsize=SCREEN_CACHE)(self._build_topic)
        self._card_cache = lru_cache(maxsize=CARD_CACHE)(self._render_card)
        self._rows_cache = lru_cache(maxsize=CARD_CACHE)(self._build_card_rows)

    # --- who is talking -------------------------------------------------------------------

    def language_for(self, user_id: int | None, telegram_language: str | None) -> str:
        """Their choice if they made one, else their Telegram language if offered, else default."""
        offered = self.content.library.languages
        if user_id is not None:
            chosen = self.store.get_language(user_id)
            if chosen is not None and chosen in offered:
                return chosen
        # Telegram sends an IETF tag ("fr", "pt-br", "ckb"): its first part is the language.
        short = (telegram_language or "").split("-")[0].lower()
        return short if short in offered else self.default_language

    def replace_content(self, content: IndexedLibrary) -> None:
        with self._swap:
            self._served.update(content.library.versions.items())
            self.content = content  # one assignment: a handler sees the old or the new, whole
            self._new_caches()

    # --- screens --------------------------------------------------------------------------

    def start(self, lang: str, payload: str | None = None) -> Screen:
        if payload:
            snippet = self.content.library.snippets.get(payload.strip().lower())
            if snippet is None:
                return self._menu(lang, self._ui(lang).unknown_snippet)
            return self.show_card(lang, snippet)
        return self._menu(lang, self._ui(lang).welcome)

    def menu(self, lang: str) -> Screen:
        return self._menu(lang, self._ui(lang).menu_title)

    def help(self, lang: str) -> Screen:
        return self._menu(lang, self._ui(lang).help.format(bot_username=self.bot_username))

    def language_menu(self, lang: str) -> Screen:
        return Screen(esc(self._ui(lang).language_prompt), self._language_rows())

    def privacy(self, lang: str) -> Screen:
        ui = self._ui(lang)
        text = ui.privacy + ("\n\n" + ui.privacy_unmatched if self.keep_unmatched else "")
        return Screen(
            esc(text),
            (
                (Button("🧹 " + ui.clear_button, ClearChat(None)),),
                (Button(ui.main_menu, MainMenu()),),
            ),
        )

    def forget_prompt(self, lang: str) -> Screen:
        ui = self._ui(lang)
        return Screen(
            esc(ui.forget_confirm),
            ((Button(ui.forget_yes, Forget(True)), Button(ui.forget_no, Forget(False))),),
        )

    def clear_prompt(self, lang: str) -> Screen:
        ui = self._ui(lang)
        return Screen(
            esc(ui.clear_confirm),
            ((Button(ui.clear_yes, ClearChat(True)), Button(ui.clear_no, ClearChat(False))),),
        )

    def clear_summary(self, lang: str, deleted: int, failed: int) -> Screen:
        """What /clear did and what it could not; the messaging layer deletes it after a minute
        unless the person keeps it."""
        ui = self._ui(lang)
        lines = [ui.clear_done.format(count=deleted)]
        if failed:
            lines.append(ui.clear_failed.format(count=failed))
        text = "🧹 " + esc("\n".join(lines)) + "\n\n" + esc(ui.clear_rest)
        return Screen(text, ((Button(ui.clear_keep, KeepSummary()),),))

    def clear_private_only(self, lang: str) -> Screen:
        return Screen(esc(self._ui(lang).clear_private_only))

    def support(self, lang: str, snippet_id: str | None = None) -> Screen:
        """Organisations to contact: from a card, those serving its country first, and Back
        to the card; from the main menu or /support, all of them."""
        library = self.content.library
        ui = self._ui(lang)
        snippet = library.snippets.get(snippet_id) if snippet_id else None
        topic = library.topic(snippet.topic) if snippet else None
        country = topic.country if topic else None
        entries = ordered(library.organisations, country)
        if not entries:
            return self._menu(lang, ui.support_none)
        rows: list[tuple[Button, ...]] = []
        for org in entries:
            name = org.name.get(lang)
            links = (("🌐 ", org.contact.website), ("✈️ ", org.contact.telegram_url))
            row = tuple(Button(mark + name, url=url) for mark, url in links if url)
            if row:
                rows.append(row)
        nav = (
            (Button(ui.back, OpenSnippet(snippet.id)), Button(ui.main_menu, MainMenu()))
            if snippet
            else (Button(ui.main_menu, MainMenu()),)
        )
        return Screen(support_text(library, lang, country, clock.today()), (*rows, nav))

    def unknown_command(self, lang: str) -> Screen:
        return self._menu(lang, self._ui(lang).unknown_command)

    def not_text(self, lang: str) -> Screen:
        return self._menu(lang, self._ui(lang).not_text)

    def typed(self, lang: str, text: str) -> Screen:
        """Typed text, answered in the language it is written in (`lang` is the chat's): a
        friendly reply to small talk, the card when one answer is clearly best, choices, or
        'none'. In another language than the chat's, the reply offers to keep that language."""
        languages = self.content.library.languages
        talk = small_talk(text, lang, languages)
        if talk is not None:
            ui = self._ui(talk.lang)
            reply = ui.greeting_reply if talk.kind == "greeting" else ui.thanks_reply
            return self._offering(self._menu(talk.lang, reply), talk.lang, lang)
        written = written_in(text, lang, languages)
        return self._offering(self._answer_typed(written, text), written, lang)

    def _answer_typed(self, lang: str, text: str) -> Screen:
        outcome = self.content.index.search(text, lang)
        self.store.count_typed(matched=outcome.kind != "none")
        if outcome.kind == "none":
            if self.keep_unmatched:
                self.store.record_unmatched(text)
            return self._menu(lang, self._ui(lang).no_match)
        snippets = [
            self.content.library.snippets[m.snippet_id]
            for m in outcome.matches
            if m.snippet_id in self.content.library.snippets
        ]
        if outcome.kind == "answer" and snippets:
            return self.show_card(lang, snippets[0])
        ui = self._ui(lang)
        rows = tuple((Button(s.title.get(lang), OpenSnippet(s.id)),) for s in snippets)
        return Screen(esc(ui.several_matches), rows + ((Button(ui.main_menu, MainMenu()),),))

    def _offering(self, screen: Screen, written: str, chat_lang: str) -> Screen:
        """`screen`, with one tap to make `written` the chat's language when it is another."""
        if written == chat_lang or written not in self.content.library.languages:
            return screen
        offer = Button("🌐 " + self._ui(written).keep_language, SetLanguage(written))
        rows = tuple(
            row for row in screen.buttons if not any(isinstance(b.action, SetLanguage) for b in row)
        )
        return Screen(screen.html, rows + ((offer,),))

    def show_card(self, lang: str, snippet: Snippet, voted: bool = False) -> Screen:
        self.store.count_view(snippet.id)
        return Screen(
            self._card(lang, snippet, clock.today()), self._card_rows(lang, snippet, voted)
        )

    def inline(self, lang: str, query: str) -> list[InlineAnswer]:
        """Answers to offer for `@bot words`: full cards, never an unmatched guess."""
        library = self.content.library
        if query.strip():
            outcome = self.content.index.search(query, lang)
            ids = [m.snippet_id for m in outcome.matches]
        else:
            ids = [s.id for t in library.topics for s in library.in_topic(t.id)]
        today = clock.today()
        return [
            InlineAnswer(
                i,
                library.snippets[i].question.get(lang),
                library.snippets[i].title.get(lang),
                self._card(lang, library.snippets[i], today),
            )
            for i in ids[:MAX_INLINE_RESULTS]
            if i in library.snippets
        ]

    # --- button taps ----------------------------------------------------------------------

    def tap(self, user_id: int, lang: str, data: str | None) -> Tap:
        """What a button press does. Forged or stale data gets a quiet pop-up, nothing else.
        Writes nothing itself: see `Tap.write`."""
        action = decode(data)
        library = self.content.library
        ui = self._ui(lang)
        match action:
            case MainMenu():
                return Tap(None, self.menu(lang))
            case OpenTopic(topic_id) if library.topic(topic_id) is not None:
                return Tap(None, self._topic(lang, topic_id))
            case OpenSnippet(snippet_id) if snippet_id in library.snippets:
                return Tap(None, self.show_card(lang, library.snippets[snippet_id]))
            case Vote(snippet_id, version, up) if (
                snippet_id,
                version,
            ) in self._served and snippet_id in library.snippets:
                rows = self._card_rows(lang, library.snippets[snippet_id], voted=True)
                return Tap(
                    ui.feedback_thanks,
                    Screen("", rows),
                    only_buttons=True,
                    write=partial(self.store.record_feedback, snippet_id, version, up),
                )
            case SetLanguage(new) if new in library.languages:
                new_ui = self._ui(new)
                return Tap(
                    None,
                    self._menu(new, new_ui.language_set),
                    write=partial(self.store.set_language, user_id, new),
                )
            case Forget(True):
                return Tap(
                    None, Screen(esc(ui.forget_done)), write=partial(self.store.forget, user_id)
                )
            case Forget(False):
                return Tap(None, self._menu(lang, ui.forget_cancelled))
            case ClearChat(None):
                return Tap(None, self.clear_prompt(lang))
            case ClearChat(True):
                return Tap(None, None, effect="clear")
            case ClearChat(False):
                return Tap(None, self._menu(lang, ui.clear_cancelled))
            case Support(None):
                return Tap(None, self.support(lang))
            case Support(snippet_id) if snippet_id in library.snippets:
                return Tap(None, self.support(lang, snippet_id))
            case KeepSummary():
                return Tap(ui.clear_kept, Screen(""), only_buttons=True, effect="keep")
        return Tap(ui.stale_button, None)

    # --- pieces ---------------------------------------------------------------------------

    def _ui(self, lang: str) -> UIStrings:
        library = self.content.library
        return library.ui[lang if lang in library.languages else self.default_language]

    def _menu(self, lang: str, text: str) -> Screen:
        return self._menu_cache(self.content.library.version, lang, text)

    def _build_menu(self, content_version: str, lang: str, text: str) -> Screen:
        library = self.content.library
        rows = tuple(
            (Button(f"{t.emoji} {t.title.get(lang)}", OpenTopic(t.id)),) for t in library.topics
        )
        if ordered(library.organisations, None):
            rows += ((Button("🆘 " + self._ui(lang).support_button, Support()),),)
        return Screen(esc(text), rows + (self._language_row(lang),))

    def _topic(self, lang: str, topic_id: str) -> Screen:
        return self._topic_cache(self.content.library.version, lang, topic_id)

    def _build_topic(self, content_version: str, lang: str, topic_id: str) -> Screen:
        library = self.content.library
        topic = library.topic(topic_id)
        assert topic is not None
        ui = self._ui(lang)
        rows = tuple(
            (Button(s.title.get(lang), OpenSnippet(s.id)),) for s in library.in_topic(topic_id)
        )
        nav = (Button(ui.back, MainMenu()), Button(ui.main_menu, MainMenu()))
        title = ui.topic_title.format(topic=f"{topic.emoji} {topic.title.get(lang)}")
        return Screen(esc(title), rows + (nav,))

    def _card(self, lang: str, snippet: Snippet, today: dt.date) -> str:
        return self._card_cache(self.content.library.version, snippet.id, lang, today)

    def _render_card(self, content_version: str, snippet_id: str, lang: str, today: dt.date) -> str:
        library = self.content.library
        return card(CardContext.of(library), library.snippets[snippet_id], lang, today)

    def _card_rows(self, lang: str, snippet: Snippet, voted: bool) -> Keyboard:
        return self._rows_cache(self.content.library.version, snippet.id, lang, voted)

    def _build_card_rows(
        self, content_version: str, snippet_id: str, lang: str, voted: bool
    ) -> Keyboard:
        library = self.content.library
        snippet = library.snippets[snippet_id]
        ui = self._ui(lang)
        version = library.versions[snippet.id]
        nav = (Button(ui.back, OpenTopic(snippet.topic)), Button(ui.main_menu, MainMenu()))
        related = tuple(
            (Button(ui.see_also.format(title=library.snippets[i].title.get(lang)), OpenSnippet(i)),)
            for i in snippet.related
            if i in library.snippets
        )
        if library.disclaimers[snippet.disclaimer or "default"].support and ordered(
            library.organisations, None
        ):
            related += ((Button("🆘 " + ui.support_button, Support(snippet.id)),),)
        if voted:
            return related + (nav,)
        votes = (
            Button("👍", Vote(snippet.id, version, True)),
            Button("👎", Vote(snippet.id, version, False)),
        )
        return related + (votes, nav)

    def _language_rows(self) -> Keyboard:
        library = self.content.library
        return tuple(
            (Button(library.ui[code].language_name, SetLanguage(code)),)
            for code in library.languages.codes
        )

    def _language_row(self, lang: str) -> tuple[Button, ...]:
        """One tap to another language from the main menu, for people who never type commands."""
        library = self.content.library
        return tuple(
            Button("🌐 " + library.ui[code].language_name, SetLanguage(code))
            for code in library.languages.codes
            if code != lang
        )


LANGUAGE_SCREENS: dict[str, Callable[[Conversation, str], Screen]] = {
    "menu": Conversation.menu,
    "help": Conversation.help,
    "language": Conversation.language_menu,
    "privacy": Conversation.privacy,
    "forget": Conversation.forget_prompt,
    "clear": Conversation.clear_prompt,
    "support": Conversation.support,
}
"""Commands whose reply depends only on the person's language, in the order menus list them;
Telegram and the terminal preview both take them from here."""
