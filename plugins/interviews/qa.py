"""Markdown extension: interview paragraphs become a question/answer list.

A paragraph wholly in bold, or starting with ``F:``/``Q:``, is a question. A paragraph starting with the
interviewee's surname or full name and a colon (``Lübke: …``), or ``A:``, is an answer; the paragraphs after an
answer continue it until the next question. Everything before the first question is lead text.
Output: ``<dl class="interview">`` with ``<dt class="frage">`` and ``<dd class="antwort">``, the speaker's name
marked up as ``<b class="sprecher">``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

QUESTION_PREFIX = re.compile(r"^\s*(?:F|Q)\s*:\s*")
ANSWER_PREFIX = re.compile(r"^\s*A\s*:\s*")


def _speaker_prefix(names: list[str]) -> re.Pattern | None:
    names = [n for n in names if n]
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"^\s*({alternatives})\s*:\s*")


def _is_bold_only(p: etree.Element) -> bool:
    return (len(p) == 1 and p[0].tag in ("strong", "b") and not (p.text or "").strip()
            and not (p[0].tail or "").strip())


def _strip_prefix(p: etree.Element, pattern: re.Pattern) -> str | None:
    """Remove a ``Name:`` prefix from the paragraph's leading text; return the matched name or None."""
    match = pattern.match(p.text or "")
    if not match:
        return None
    p.text = (p.text or "")[match.end():]
    return match.group(1) if match.groups() else ""


class InterviewProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        meta = getattr(self.md, "netzbrief_meta", None) or {}
        person = meta.get("interviewee")
        if meta.get("kind") != "interview" or person is None:
            return
        speaker = _speaker_prefix([person.name, person.surname])
        interviewer = meta.get("interviewer") or "Redaktion"
        children = list(root)
        dl = None
        current_dd = None
        for child in children:
            role, name = self.classify(child, speaker, person.name)
            if role == "question":
                if dl is None:
                    dl = etree.Element("dl", {"class": "interview"})
                    root.insert(list(root).index(child), dl)
                root.remove(child)
                dt = etree.SubElement(dl, "dt", {"class": "frage"})
                label = etree.SubElement(dt, "b", {"class": "sprecher"})
                label.text = f"{interviewer}:"
                label.tail = " "
                dt.extend(list(child[0]) if _is_bold_only(child) else list(child))
                if _is_bold_only(child):
                    label.tail += child[0].text or ""
                else:
                    label.tail += child.text or ""
                current_dd = None
            elif dl is not None and (role == "answer" or current_dd is not None) and child.tag not in (
                    "h1", "h2", "h3", "h4", "h5", "h6", "hr"):
                root.remove(child)
                if current_dd is None:
                    current_dd = etree.SubElement(dl, "dd", {"class": "antwort"})
                if role == "answer":
                    label = etree.Element("b", {"class": "sprecher"})
                    label.text = f"{name}:"
                    label.tail = " " + (child.text or "")
                    child.text = None
                    child.insert(0, label)
                current_dd.append(child)
            elif child.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "hr"):
                dl, current_dd = None, None  # a heading ends the list; a new one starts at the next question

    @staticmethod
    def classify(p: etree.Element, speaker: re.Pattern | None, full_name: str) -> tuple[str | None, str | None]:
        if p.tag != "p":
            return None, None
        if _is_bold_only(p):
            return "question", None
        if _strip_prefix(p, QUESTION_PREFIX) is not None:
            return "question", None
        if speaker is not None and (name := _strip_prefix(p, speaker)) is not None:
            return "answer", name
        if _strip_prefix(p, ANSWER_PREFIX) is not None:
            return "answer", full_name
        return None, None


class InterviewExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API
        # After inline processing (priority 20), so bold paragraphs are <strong> elements already.
        md.treeprocessors.register(InterviewProcessor(md), "netzbrief_interview", 5)


def makeExtension(**kwargs):  # noqa: N802 - Markdown's API
    return InterviewExtension(**kwargs)
