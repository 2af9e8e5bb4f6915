"""The fake Telegram: a Bot API state machine, independent of any transport.

:meth:`FakeTelegram.handle` takes one call (method name, parameters as sent) and returns
``(http_status, json_body)`` exactly shaped like Telegram's answer. In between it checks the call
against the Bot API spec (failures also land in ``spec_errors``), applies injected faults, and
plays Telegram where this bot depends on it: messages per chat with increasing ids, edits that
fail when the message is gone or unchanged, callback and inline queries that can be answered once,
blocked users, commands, webhook state and getUpdates with offsets and a short long-poll.

It is thread-safe: the HTTP server answers from its own threads while a test pushes updates.
"""

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from .messages import Call, FakeMessage
from .spec import ApiError, Spec, bad_request, load_spec
from .updates import UpdateBuilders

BOT_ID = 7000000001
DEFAULT_TOKEN = f"{BOT_ID}:AAFakeTokenForOfflineTests_0123456789"
BOT_USERNAME = "advocacy_test_bot"

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CANT_DELETE = "message can't be deleted"
DELETE_NOT_FOUND = "message to delete not found"
DELETE_WINDOW = 48 * 3600
"""Seconds after which "a message can only be deleted if it was sent less than 48 hours ago"."""
_DEFAULT_FAULTS = {
    400: "Bad Request: injected failure",
    403: "Forbidden: bot was blocked by the user",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
# Update types delivered when allowed_updates is empty (Telegram's default).
_NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
_SENDING = ("send", "edit", "copy", "forward")

Handler = Callable[[dict[str, Any]], Any]


class FakeTelegram(UpdateBuilders):
    """An offline Telegram Bot API for one bot. See the package docstring for a walkthrough.

    Public state tests read: ``calls`` (every :class:`Call`, in order), ``spec_errors`` (each
    call Telegram would have rejected as malformed), ``callback_answers`` and ``inline_answers``
    (query id -> parameters), ``timed_out`` (methods lost to an injected timeout),
    ``lost_responses`` (methods carried out whose answer was then lost), ``refused`` (methods
    whose connection was refused before they were sent), ``blocked``
    (chat ids that blocked the bot; add to it), ``bot`` (the getMe User), ``token``.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = BOT_USERNAME,
        poll_cap: float = 0.5,
        strict_ampersands: bool = True,
        spec: Spec | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.spec = spec or load_spec(strict_ampersands=strict_ampersands)
        self.token = token
        self.poll_cap = poll_cap
        self._clock = clock
        self.bot: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Advocacy Test Bot",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[Call] = []
        self.spec_errors: list[str] = []
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.inline_answers: dict[str, dict[str, Any]] = {}
        self.timed_out: list[str] = []
        self.lost_responses: list[str] = []
        self.refused: list[str] = []
        self.blocked: set[int] = set()
        self.webhook: dict[str, Any] = {"url": ""}
        self.next_update_id = 1
        self._lock = threading.RLock()
        self._arrived = threading.Condition(self._lock)
        self._chats: dict[int, dict[str, Any]] = {}
        self._history: dict[int, dict[int, FakeMessage]] = {}
        self._last_id: dict[int, int] = {}
        self._pending: list[dict[str, Any]] = []
        self._allowed: list[str] = []
        self._open_callbacks: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._faults: dict[str, list[ApiError]] = {}
        self._timeouts: Counter[str] = Counter()
        self._lost: Counter[str] = Counter()
        self._refusals: Counter[str] = Counter()
        self._results: dict[str, Any] = {}
        self._handlers: dict[str, Handler] = {
            "getMe": lambda p: dict(self.bot),
            "logOut": lambda p: True,
            "close": lambda p: True,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "answerCallbackQuery": self._answer_callback_query,
            "answerInlineQuery": self._answer_inline_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }

    # == the API ================================================================================

    def handle(
        self, method: str, params: dict[str, Any], files: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API call: ``(http_status, json_body)``.

        ``params`` may hold wire strings or decoded values; ``files`` are multipart uploads by
        part name (a part named like a parameter is that parameter's value).
        """
        params = {**params, **{k: v for k, v in (files or {}).items() if not _attached(params, k)}}
        with self._lock:
            canonical = self.spec.method(method)
            if canonical is None:
                self.calls.append(Call(method, params))
                self.spec_errors.append(f"{method}: no such method in Bot API {self.spec.version}")
                return 404, ApiError(404, "Not Found").body()
            decoded = self.spec.decode(canonical, params)
            self.calls.append(Call(canonical, decoded))
            try:
                self.spec.check_call(canonical, decoded)
            except ApiError as error:
                self.spec_errors.append(f"{canonical}: {error.description}")
                return error.code, error.body()
            try:
                self._raise_fault(canonical)
                return 200, {"ok": True, "result": self._dispatch(canonical, decoded)}
            except ApiError as error:
                return error.code, error.body()

    def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        if method.startswith(_SENDING) and _chat_key(params.get("chat_id")) in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if method in self._results:
            result = self._results[method]
            return result(params) if callable(result) else result
        if method in self._handlers:
            return self._handlers[method](params)
        returns = self.spec.returns[method]
        if returns == ("Boolean",):
            return True
        if returns == ("Message",) and method.startswith("send"):
            return self._send_other(method, params)
        if returns and returns[0].startswith("Array of"):
            return []
        self.spec_errors.append(
            f"{method}: valid, but the fake does not model it; give a result with set_result()"
        )
        raise ApiError(501, f"Not Implemented: the fake Bot API does not model {method}")

    # == fault injection and test controls ======================================================

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` valid calls of ``method`` ("*": any method) fail.

        A 429 carries ``parameters.retry_after`` (default 1 s), as Telegram's flood control does.
        """
        if error_code == 429:
            retry_after = retry_after or 1
            description = description or f"Too Many Requests: retry after {retry_after}"
        description = description or _DEFAULT_FAULTS.get(error_code, f"Error {error_code}")
        parameters = {"retry_after": retry_after} if retry_after else None
        key = self._fault_key(method)
        with self._lock:
            queue = self._faults.setdefault(key, [])
            queue.extend(ApiError(error_code, description, parameters) for _ in range(times))

    def timeout_next(self, method: str, times: int = 1) -> None:
        """Make the transport lose the next ``times`` calls of ``method`` ("*": any) in a
        timeout; the fake never processes them (see ``timed_out``)."""
        with self._lock:
            self._timeouts[self._fault_key(method)] += times

    def lose_response_next(self, method: str, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method`` ("*": any), then lose each answer:
        the client times out waiting, as when Telegram sent a message but the network dropped
        the response (see ``lost_responses``). A client that repeats the call does it twice."""
        with self._lock:
            self._lost[self._fault_key(method)] += times

    def refuse_next(self, method: str, times: int = 1) -> None:
        """Refuse the connection for the next ``times`` calls of ``method`` ("*": any): the call
        never leaves the client, so repeating it is safe (see ``refused``). In process only."""
        with self._lock:
            self._refusals[self._fault_key(method)] += times

    def take_timeout(self, method: str) -> bool:
        """For transports: True if this call must time out (and count it as done)."""
        return self._take(self._timeouts, self.timed_out, method)

    def take_lost_response(self, method: str) -> bool:
        """For transports, after ``handle``: True if this call's answer must be lost."""
        return self._take(self._lost, self.lost_responses, method)

    def take_refusal(self, method: str) -> bool:
        """For transports: True if this call's connection must be refused."""
        return self._take(self._refusals, self.refused, method)

    def _take(self, counter: Counter[str], record: list[str], method: str) -> bool:
        canonical = self.spec.method(method) or method
        with self._lock:
            for key in (canonical, "*"):
                if counter[key] > 0:
                    counter[key] -= 1
                    record.append(canonical)
                    return True
        return False

    def set_result(self, method: str, result: Any) -> None:
        """Answer ``method`` with ``result`` (or ``result(params)`` if callable) from now on."""
        self._results[self._fault_key(method)] = result

    def block(self, chat_id: int) -> None:
        """The user of ``chat_id`` blocks the bot: sending to them now fails with 403."""
        with self._lock:
            self.blocked.add(chat_id)

    def _fault_key(self, method: str) -> str:
        if method == "*":
            return method
        canonical = self.spec.method(method)
        if canonical is None:
            raise ValueError(f"no Bot API method {method!r}")
        return canonical

    def _raise_fault(self, method: str) -> None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                raise queue.pop(0)

    # == what tests look at =====================================================================

    def messages(self, chat_id: int) -> list[FakeMessage]:
        """The bot's messages in ``chat_id`` that still exist, oldest first."""
        with self._lock:
            return [m for m in self._history.get(chat_id, {}).values() if m.from_bot]

    def history(self, chat_id: int) -> list[FakeMessage]:
        """Every message in ``chat_id`` that still exists, the person's too, oldest first."""
        with self._lock:
            return list(self._history.get(chat_id, {}).values())

    def last_message(self, chat_id: int) -> FakeMessage | None:
        """The bot's newest message in ``chat_id``, or None."""
        shown = self.messages(chat_id)
        return shown[-1] if shown else None

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every call of ``method`` (case-insensitive), in order."""
        canonical = self.spec.method(method) or method
        with self._lock:
            return [call.params for call in self.calls if call.method == canonical]

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[tuple[str, str]]:
        """The command list set for ``scope`` and ``language_code``, as (command, description)."""
        with self._lock:
            stored = self._commands.get((_scope_key(scope), language_code), [])
            return [(c["command"], c["description"]) for c in stored]

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by the bot."""
        with self._lock:
            return list(self._pending)

    async def wait_until(
        self, predicate: Callable[[], object], timeout: float = 3.0, interval: float = 0.01
    ) -> None:
        """Await until ``predicate()`` is true (e.g. the bot answered); fail after ``timeout``."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout} s")
            await asyncio.sleep(interval)

    def wait_until_blocking(
        self, predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.02
    ) -> None:
        """The same, for tests where the bot runs in another thread or process."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout} s")
            time.sleep(interval)

    # == internals shared with the update builders ==============================================

    def _now(self) -> int:
        return int(self._clock())

    def _new_message_id(self, chat_id: int) -> int:
        self._last_id[chat_id] = self._last_id.get(chat_id, 0) + 1
        return self._last_id[chat_id]

    def _store(self, message: FakeMessage) -> FakeMessage:
        self._history.setdefault(message.chat_id, {})[message.message_id] = message
        return message

    def _find(self, chat_id: int, message_id: int) -> FakeMessage | None:
        return self._history.get(chat_id, {}).get(message_id)

    def _enqueue(self, update: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            if "update_id" not in update:
                update = {"update_id": self.next_update_id, **update}
            self.next_update_id = max(self.next_update_id, update["update_id"] + 1)
            self._pending.append(update)
            self._arrived.notify_all()
            return update

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        """The chat a call addresses; Telegram knows only chats the bot has seen."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == chat_id[1:].lower():
                    return chat
        elif _chat_key(chat_id) in self._chats:
            return self._chats[_chat_key(chat_id)]
        raise bad_request("chat not found")

    # == method handlers ========================================================================

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        if "allowed_updates" in params:
            self._allowed = list(params["allowed_updates"])
        offset = params.get("offset", 0)
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        self._pending = [u for u in self._pending if self._wanted(u)]
        if not self._pending and params.get("timeout", 0) > 0:
            deadline = time.monotonic() + min(float(params["timeout"]), self.poll_cap)
            # Short sleeps with the lock released, so that pushes from other threads get through.
            # Not Condition.wait(timeout): a timed lock wait passes an absolute deadline to the
            # kernel, which libfaketime (the suite run on another system date) makes years long.
            while not self._pending and time.monotonic() < deadline:
                self._lock.release()
                try:
                    time.sleep(0.005)
                finally:
                    self._lock.acquire()
            self._pending = [u for u in self._pending if self._wanted(u)]
        return self._pending[: min(max(params.get("limit", 100), 1), 100)]

    def _wanted(self, update: dict[str, Any]) -> bool:
        kinds = set(update) - {"update_id"}
        allowed = set(self._allowed) if self._allowed else None
        return all((k in allowed) if allowed else (k not in _NOT_BY_DEFAULT) for k in kinds)

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params["url"], **{k: v for k, v in params.items() if k != "url"}}
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": ""}
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info = {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if "allowed_updates" in self.webhook:
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._send("text", params, params["text"])

    def _send_other(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Any other send* method: a message of that kind, with its caption if any."""
        return self._send(method[len("send") :].lower(), params, params.get("caption", ""))

    def _send(self, kind: str, params: dict[str, Any], text: str) -> dict[str, Any]:
        chat = self._chat(params["chat_id"])
        parse_mode = params.get("parse_mode")
        formatted = self.spec.format(text, parse_mode)
        message = FakeMessage(
            message_id=self._new_message_id(int(chat["id"])),
            chat=chat,
            date=self._now(),
            from_bot=True,
            sender=self.bot,
            kind=kind,
            text=formatted.text,
            html=text,
            parse_mode=parse_mode,
            entities=formatted.entities,
            reply_markup=params.get("reply_markup"),
        )
        return self._store(message).to_json()

    def _editable(self, params: dict[str, Any], verb: str = "edit") -> FakeMessage | None:
        """The message an edit addresses, or None for inline messages (not tracked)."""
        if "inline_message_id" in params:
            return None
        if "chat_id" not in params or "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self._chat(params["chat_id"])
        message = self._find(int(chat["id"]), params["message_id"])
        if message is None:
            raise bad_request(f"message to {verb} not found")
        if verb == "edit" and not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        message = self._editable(params)
        if message is None:
            return True
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        formatted = self.spec.format(params["text"], params.get("parse_mode"))
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        markup = params.get("reply_markup")
        if (formatted.text, formatted.entities, markup) == (
            message.text,
            message.entities,
            message.reply_markup,
        ):
            raise bad_request(NOT_MODIFIED)
        message.text, message.entities = formatted.text, formatted.entities
        message.html, message.parse_mode = params["text"], params.get("parse_mode")
        message.reply_markup, message.edit_date = markup, self._now()
        return message.to_json()

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        message = self._editable(params)
        if message is None:
            return True
        markup = params.get("reply_markup")
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED)
        message.reply_markup, message.edit_date = markup, self._now()
        return message.to_json()

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params["chat_id"])
        message = self._find(int(chat["id"]), params["message_id"])
        if message is None:
            raise bad_request(DELETE_NOT_FOUND)
        if not self._deletable(message):
            raise bad_request(CANT_DELETE)
        del self._history[message.chat_id][message.message_id]
        return True

    def _delete_messages(self, params: dict[str, Any]) -> bool:
        """Ids not found are skipped, as Telegram documents. A message found but not deletable
        (older than 48 hours) refuses the whole batch and nothing is deleted: the strictest
        reading of "see deleteMessage for limitations", so a bot must fall back to one by one."""
        chat = self._chat(params["chat_id"])
        found = [m for i in params["message_ids"] if (m := self._find(int(chat["id"]), i))]
        if not all(self._deletable(m) for m in found):
            raise bad_request(CANT_DELETE)
        for message in found:
            del self._history[message.chat_id][message.message_id]
        return True

    def _deletable(self, message: FakeMessage) -> bool:
        """Younger than 48 hours, and the bot's own or in a private chat (the fake's bot is
        never a group administrator)."""
        if self._now() - message.date >= DELETE_WINDOW:
            return False
        return message.from_bot or message.chat.get("type") == "private"

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._open_callbacks:
            raise bad_request(QUERY_TOO_OLD)
        self._open_callbacks.discard(query_id)
        self.callback_answers[query_id] = params
        return True

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        query_id = params["inline_query_id"]
        if query_id not in self._open_inline_queries:
            raise bad_request(QUERY_TOO_OLD)
        self._open_inline_queries.discard(query_id)
        self.inline_answers[query_id] = params
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        key = (_scope_key(params.get("scope")), params.get("language_code", ""))
        self._commands[key] = list(params["commands"])
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = (_scope_key(params.get("scope")), params.get("language_code", ""))
        return list(self._commands.get(key, []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        key = (_scope_key(params.get("scope")), params.get("language_code", ""))
        self._commands.pop(key, None)
        return True


def _scope_key(scope: dict[str, Any] | None) -> str:
    if not scope or scope == {"type": "default"}:
        return "default"
    return json.dumps(scope, sort_keys=True)


def _chat_key(chat_id: Any) -> Any:
    return int(chat_id) if isinstance(chat_id, int) else chat_id


def _attached(params: dict[str, Any], part: str) -> bool:
    """Whether a multipart part is referenced as attach://part by some parameter."""
    return any(isinstance(v, str) and f"attach://{part}" in v for v in params.values())
