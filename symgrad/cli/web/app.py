"""The Flask application of ``symgrad serve``: pages, the preview endpoint, and limits.

Every route reads its fields (each capped at :data:`MAX_FIELD` characters; the whole
request at :data:`MAX_REQUEST_BYTES`), hands one task to the :class:`WorkerPool` with the
request's time limit and renders the outcome with a template (Jinja2 escapes everything
that is not markup symgrad made). The language is the ``lang`` query field (``en``,
``ko``), and every word on a page comes from :mod:`symgrad.phrases`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, redirect, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from symgrad.phrases import LANGUAGES, message_text, phrase
from symgrad.cli.web.pool import Outcome, WorkerPool
from symgrad.cli.web.tasks import DESCENT_METHODS, MAX_ITERATIONS

MAX_FIELD = 2000
"""Most characters in one field (the parser's own bound on an expression)."""

MAX_REQUEST_BYTES = 64 * 1024
"""Largest request body; a larger one is refused before it is read."""

MAX_STATE = 48 * 1024
"""Most characters of a practice round's saved state carried in the page."""

LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
"""Each language by its own name, on the switch of every page (a name, not a phrase to translate)."""

EXERCISE_ID = re.compile(r"^[A-Za-z0-9_.~\-]{1,40}$")
HERE = Path(__file__).parent


class FieldTooLong(Exception):
    def __init__(self, name: str):
        self.name = name


def create_app(pool: WorkerPool, seconds: float = 10.0) -> Flask:
    """The app; each request's computation runs in ``pool`` within ``seconds``."""
    app = Flask("symgrad.cli.web", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.json.ensure_ascii = False

    def lang() -> str:
        chosen = request.args.get("lang", "")
        return chosen if chosen in LANGUAGES else "en"

    def field(name: str, default: str = "") -> str:
        value = request.values.get(name, default)
        if len(value) > MAX_FIELD:
            raise FieldTooLong(name)
        return value

    key = secrets.token_bytes(32)  # signs the practice state each page carries: only states this server gave are read

    def sealed(state: dict) -> str:
        body = base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()
        return body + "." + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()

    def unsealed(text: str) -> str | None:
        """The JSON of a state :func:`sealed` signed, or None for anything else."""
        body, _, signature = text.rpartition(".")
        expected = hmac.new(key, body.encode("utf-8", "replace"), hashlib.sha256).hexdigest().encode()
        if not body or not hmac.compare_digest(signature.encode("utf-8", "replace"), expected):
            return None
        return base64.urlsafe_b64decode(body.encode()).decode()

    def run(task: str, **arguments) -> Outcome:
        return pool.run(task, arguments, seconds)

    def error_text(outcome: Outcome, language: str) -> str:
        text = message_text(outcome.error, language)
        if outcome.position is not None:
            return phrase("error.at_position", language, message=text, position=outcome.position + 1)
        return text

    def caret(outcome: Outcome) -> dict | None:
        """The input split around the error's position, for the page to mark it."""
        if outcome.text is None or outcome.position is None:
            return None
        at = min(outcome.position, len(outcome.text))
        return {"before": outcome.text[:at], "at": outcome.text[at:at + 1] or " ", "after": outcome.text[at + 1:]}

    @app.context_processor
    def words():
        language = lang()

        def say(key: str, **fields) -> str:
            return phrase(key, language, **fields)

        def switch(to: str) -> str:
            arguments = request.args.to_dict()
            arguments["lang"] = to
            return request.path + "?" + urlencode(arguments)

        def link(path: str, **arguments) -> str:
            arguments["lang"] = language
            return path + "?" + urlencode(arguments)

        return {"say": say, "lang": language, "switch": switch, "link": link, "languages": LANGUAGES, "language_names": LANGUAGE_NAMES,
                "seconds": seconds, "markup": Markup}

    @app.errorhandler(FieldTooLong)
    def too_long(error: FieldTooLong):
        text = phrase("web.error.field_too_long", lang(), field=error.name, limit=MAX_FIELD)
        if request.path.startswith("/api/"):
            return jsonify({"ok": False, "error": text}), 400
        return render_template("error.html", message=text), 400

    @app.errorhandler(413)
    def too_large(error):
        text = phrase("web.error.request_too_large", lang(), limit=MAX_REQUEST_BYTES // 1024)
        if request.path.startswith("/api/"):
            return jsonify({"ok": False, "error": text}), 413
        return render_template("error.html", message=text), 413

    @app.errorhandler(404)
    def not_found(error):
        return render_template("error.html", message=phrase("web.error.not_found", lang(), path=request.path)), 404

    @app.errorhandler(Exception)
    def bug(error):
        """A bug in symgrad or a library: still one line on a page, never a traceback."""
        if isinstance(error, HTTPException):
            return error
        text = phrase("cli.bug", lang(), kind=type(error).__name__, detail=str(error)[:200])
        if request.path.startswith("/api/"):
            return jsonify({"ok": False, "error": text}), 500
        return render_template("error.html", message=text), 500

    @app.get("/health")
    def health():
        return jsonify({"ok": True, "workers": pool.size, "killed": pool.killed})

    @app.get("/api/read")
    def api_read():
        """How the function box is read, as the user types: JSON for the page's script."""
        language = lang()
        outcome = run("read", f=field("f"), variables=field("vars"))
        if outcome.ok:
            value = outcome.value
            return jsonify({"ok": True, "mathml": value["mathml"], "shown": value["shown"],
                            "variables": value["variables"],
                            "text": phrase("web.read_as", language, shown=value["shown"],
                                           variables=", ".join(value["variables"]))})
        return jsonify({"ok": False, "error": error_text(outcome, language), "position": outcome.position,
                        "input": outcome.text, "key": outcome.error.key}), 200

    @app.get("/")
    def walk_page():
        language = lang()
        f = field("f")
        form = {"f": f, "vars": field("vars"), "at": field("at"), "direction": field("direction"),
                "critical": request.args.get("critical", "on" if not f else "") == "on"}
        outcome = None
        if f.strip():
            outcome = run("walk", f=f, variables=form["vars"], at=form["at"], direction=form["direction"],
                          critical=form["critical"], lang=language)
        return render_template("walk.html", form=form, outcome=outcome,
                               error=None if outcome is None or outcome.ok else error_text(outcome, language),
                               caret=None if outcome is None or outcome.ok else caret(outcome))

    @app.get("/descent")
    def descent_page():
        language = lang()
        f = field("f")
        chosen = tuple(m for m in request.args.getlist("method") if len(m) <= 40)[:8] or ("gd", "momentum", "adam")
        iters_text = field("iters", "100")
        form = {"f": f, "start": field("start"), "lr": field("lr", "0.1"), "iters": iters_text, "methods": chosen}
        outcome = error = None
        if f.strip():
            try:
                iters = int(iters_text)
            except ValueError:
                iters = None
            if iters is None or not 1 <= iters <= MAX_ITERATIONS:
                error = phrase("web.error.iterations", language, given=iters_text, limit=MAX_ITERATIONS)
            else:
                outcome = run("descent", f=f, start=form["start"], methods=chosen, lr=form["lr"], iters=iters,
                              lang=language)
                if not outcome.ok:
                    error = error_text(outcome, language)
        return render_template("descent.html", form=form, outcome=outcome if outcome and outcome.ok else None,
                               error=error, all_methods=DESCENT_METHODS)

    @app.get("/exercises")
    def bank_page():
        language = lang()
        outcome = run("bank", lang=language)
        return render_template("bank.html", outcome=outcome,
                               error=None if outcome.ok else error_text(outcome, language))

    @app.route("/exercises/<exercise_id>", methods=["GET", "POST"])
    def exercise_page(exercise_id: str):
        language = lang()
        if not EXERCISE_ID.match(exercise_id):
            abort(404)
        card = run("exercise", exercise_id=exercise_id, lang=language)
        if not card.ok:
            unknown = card.error.key.startswith(("exercise.error", "variant.error"))
            return render_template("error.html", message=error_text(card, language)), 404 if unknown else 503
        answers = {}
        checked = error = None
        if request.method == "POST":
            keys = [item["key"] for item in card.value["items"]]
            answers = {key: field(f"answer:{key}") for key in keys}
            checked = run("check", exercise_id=exercise_id, answers=tuple(answers.items()), lang=language)
            if not checked.ok:
                error, checked = error_text(checked, language), None
        return render_template("exercise.html", card=card.value, answers=answers, checked=checked, error=error)

    @app.route("/exercises/<exercise_id>/practice", methods=["GET", "POST"])
    def exercise_practice(exercise_id: str):
        if not EXERCISE_ID.match(exercise_id):
            abort(404)
        return practice_page(exercise_id, link_back=f"/exercises/{exercise_id}?" + urlencode({"lang": lang()}))

    @app.route("/practice", methods=["GET", "POST"])
    def expression_practice():
        f = field("f")
        if not f.strip():
            return redirect("/?" + urlencode({"lang": lang()}))
        return practice_page(f, link_back="/?" + urlencode({"f": f, "lang": lang()}))

    def practice_page(source: str, link_back: str):
        """A practice round: the state rides in the page (signed), each action is one POST."""
        language = lang()
        state = None
        if request.method == "POST":
            text = request.form.get("state", "")
            if len(text) > MAX_STATE:
                raise FieldTooLong("state")
            state = unsealed(text)
            if state is None:
                return render_template("error.html", message=phrase("web.error.practice_state", language)), 400
        outcome = run("practise", source=source, state=state,
                      action=request.form.get("action", "")[:10], answer=field("answer"), lang=language)
        if not outcome.ok:
            return render_template("practice.html", round=None, error=error_text(outcome, language), state="",
                                   back=link_back, source=source)
        value = outcome.value
        return render_template("practice.html", round=value, error=None, state=sealed(value["state"]),
                               back=link_back, source=source)

    @app.get("/walk")
    def walk_alias():
        return redirect("/?" + urlencode(request.args.to_dict()))

    @app.after_request
    def no_outside(response: Response) -> Response:
        """Nothing on a page may load from elsewhere, and nothing frames it."""
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app
