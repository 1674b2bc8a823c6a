"""`symgrad practice ID|EXPR`: a practice round in the terminal, one question a line.

The session is :func:`symgrad.practice.practice`'s; this module only reads lines and
prints what the session says.  At the ``>`` prompt the student types an answer or a
command: ``hint`` (the next hint level), ``skip``, ``show`` (the answer, no points),
``quit``; ``help`` lists them.  End of input (Ctrl-D) or Ctrl-C quits the same way: the
summary is printed and the command exits 0 (Ctrl-C while an answer is being checked too).  An answer that cannot be read is one line
and the question again.  ``--save FILE`` writes the session after every step (JSON,
:meth:`~symgrad.practice.PracticeSession.to_dict`); ``--resume FILE`` continues one
(and keeps saving to it unless ``--save`` names another file).
"""

from __future__ import annotations

import json

import click

from symgrad.cli import main, time_limit_option
from symgrad.cli.options import ExpressionFirstCommand, lang_option

COMMANDS = {
    "hint": "hint", "h": "hint", "힌트": "hint",
    "skip": "skip", "s": "skip", "건너뛰기": "skip", "패스": "skip",
    "show": "show", "answer": "show", "정답": "show",
    "quit": "quit", "q": "quit", "exit": "quit", "종료": "quit",
    "help": "help", "?": "help", "도움말": "help",
}
"""What the student may type instead of an answer (English, short and Korean forms)."""

PROMPT = "> "


@main.command("practice", cls=ExpressionFirstCommand,
              help="Practise an exercise (or an expression) one question at a time, with hints.")
@click.argument("source", required=False, metavar="ID|EXPR")
@click.option("--at", "at", default=None, metavar="POINT",
              help="For an expression: also ask the first partials' values at this point, e.g. 'x=1,y=1'.")
@click.option("--variables", default=None, metavar="X,Y",
              help="For an expression: its variables, in order (default: the letters it uses).")
@click.option("--save", "save", type=click.Path(dir_okay=False), default=None,
              help="Write the session to this JSON file after every step.")
@click.option("--resume", "resume", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Continue the session saved in this file (and keep saving to it).")
@time_limit_option()
@lang_option()
def practice_command(source: str | None, at: str | None, variables: str | None, save: str | None,
                     resume: str | None, time_limit_seconds: float, lang: str | None) -> None:
    """Ask each question of ID|EXPR in turn; type an answer, hint, skip, show or quit."""
    from pathlib import Path

    from symgrad.limits import time_limit

    with time_limit(time_limit_seconds, "practice"):  # setting up; each answer and hint has its own bound
        session = _load(source, at, variables, resume, lang)
    if resume is not None:
        save = save or resume
        if not session.finished:
            say(session, "practice.cli.resumed", index=session.position + 1, count=len(session.records))
    session = run(session, Path(save) if save else None)
    click.echo("")
    click.echo(session.to_text(lang=session.lang).rstrip("\n"))
    if save:
        say(session, "practice.cli.saved", path=save)


def _load(source, at, variables, resume, lang):
    """The session to run: a saved one (in ``lang`` when given) or a new one on ``source``."""
    from pathlib import Path

    from symgrad.errors import SymgradError
    from symgrad.practice import PracticeSession, practice

    if resume is not None:
        if source is not None:
            raise SymgradError.from_phrase("practice.error.source_and_resume")
        session = PracticeSession.from_dict(_read_json(Path(resume)))
        if lang is not None:
            from dataclasses import replace

            session = replace(session, lang=lang)
        return session
    if source is None:
        raise SymgradError.from_phrase("practice.error.no_source")
    return practice(source, lang, variables=variables, at=at)


def run(session, save_path=None):
    """Ask until every question is done or the student quits; the final session."""
    from symgrad.phrases import message_text

    if save_path is not None:
        _save(session, save_path)  # an unwritable file is said now, not after the first answer
    click.echo(message_text(session.title, session.lang))
    say(session, "practice.cli.commands")
    asked = None
    while not session.finished:
        if asked != session.position:
            click.echo(session.lines(session.question)[0])
            asked = session.position
        try:
            text = click.prompt("", prompt_suffix=PROMPT, default="", show_default=False)
        except (click.Abort, EOFError):
            click.echo("")
            break
        command = COMMANDS.get(text.strip().lower())
        if command == "quit":
            break
        if command == "help" or not text.strip():
            say(session, "practice.cli.commands")
            continue
        try:
            session = session.answer(text) if command is None else getattr(session, command)()
        except KeyboardInterrupt:  # Ctrl-C while an answer is checked: stop, with the summary
            click.echo("")
            break
        for line in feedback_lines(session):
            click.echo(line)
        if session.feedback.attempt is not None and session.feedback.attempt.verdict == "invalid":
            asked = None  # an unusable answer: the question again
        if save_path is not None:
            _save(session, save_path)
    if session.finished:
        say(session, "practice.cli.done")
    if save_path is not None:
        _save(session, save_path)
    return session


def feedback_lines(session) -> list[str]:
    """What the last action said: an unusable answer in one line (what is wrong, and where),
    else the session's lines."""
    feedback = session.feedback
    lines = session.lines(feedback)
    if feedback.attempt is not None and feedback.attempt.verdict == "invalid":
        return [lines[1].strip() if len(lines) > 1 else lines[0]]
    return lines


def say(session, key: str, **fields) -> None:
    from symgrad.phrases import phrase

    click.echo(phrase(key, session.lang, **{name: str(value) for name, value in fields.items()}))


def _read_json(path):
    from symgrad.errors import SymgradError

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SymgradError.from_phrase("practice.error.cannot_read", path=str(path),
                                       reason=error.strerror or str(error)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SymgradError.from_phrase("practice.error.bad_save", reason=str(error)) from None


def _save(session, path) -> None:
    from symgrad.files import write_atomically

    write_atomically(path, json.dumps(session.to_dict(), ensure_ascii=False, indent=2) + "\n")
