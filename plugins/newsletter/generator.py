"""The newsletter generator: web version and archive on the site, e-mail artifacts beside it.

``newsletter_issues`` (newest first) is put into the shared context when the generator is created, before any
generator's ``generate_context`` runs, so every plugin can read it. Problems are logged as errors: the build
(plugins/content_model/build.py) then fails and keeps the previous output.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from content_model.reader import NetzbriefReader
from content_model.settings import build_date, content_settings
from images.content import editorial_html

from . import artifacts, view
from .issues import Issue, previous_date, read_issues
from .links import Linker
from .render import EmailRenderer, RenderError
from .selection import select
from .settings import IMPRINT_KEYS, newsletter_settings
from .text import html_to_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssueEntry:
    """One issue as feeds and templates see it (``newsletter_issues``)."""

    issue: str
    title: str
    subject: str
    date: object  # aware datetime
    url: str  # site-relative
    uid: str
    summary: str  # the preheader, as text


class NewsletterGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = newsletter_settings(self.settings)
        self.today = build_date(self.settings)
        folder = Path(self.path) / self.options["CONTENT_DIR"]
        self.all_issues, problems = read_issues(folder, Path(self.path).parent)
        for problem in problems:
            logger.error(problem)
        show_drafts = content_settings(self.settings)["SHOW_DRAFTS"]
        self.issues = [issue for issue in self.all_issues if issue.visible(self.today, show_drafts)]
        self.selections: dict = {}
        self.sources: dict | None = None  # see linker(); read in generate_output, when all content is final
        self.context["newsletter_issues"] = [self.entry(issue) for issue in reversed(self.issues)]

    def entry(self, issue: Issue) -> IssueEntry:
        return IssueEntry(issue=issue.id, title=issue.title, subject=issue.subject, date=issue.datetime,
                          url=self.options["URL"].format(issue=issue.id), uid=issue.uid, summary=issue.preheader)

    def generate_context(self) -> None:
        candidates = [*self.context.get("articles", []), *self.context.get("drafts", [])]
        for issue in self.issues:
            selection = select(candidates, issue.date, previous_date(issue, self.all_issues, self.today),
                               issue.items, issue.exclude, issue.events_weeks or self.options["EVENTS_WEEKS"])
            if self.check_selection(issue, selection):
                self.selections[issue.id] = selection

    def check_selection(self, issue: Issue, selection) -> bool:
        """Log what is wrong: errors for published issues, warnings for drafts and future ones (previews)."""
        log = logger.error if issue.visible(self.today) else logger.warning
        for key, index, slug in selection.missing:
            log("%s: %s[%d]: Kein Beitrag mit dem Kurznamen „%s“ gefunden.", issue.where(key, index), key, index + 1,
                slug)
        for index, slug in selection.unpublished:
            log("%s: items[%d]: „%s“ ist ein Entwurf oder noch nicht veröffentlicht und kann nicht in den "
                "Rundbrief.", issue.where("items", index), index + 1, slug)
        if selection.empty:
            log("%s: Die Ausgabe %s hat nichts zu zeigen: keine neuen Beiträge seit der vorigen Ausgabe und keine "
                "Termine. Bitte Beiträge unter „items:“ eintragen oder das Datum prüfen.", issue.where(), issue.id)
        return not (selection.missing or selection.unpublished or selection.empty)

    def generate_output(self, writer) -> None:
        email_ready = self.check_settings()
        self.renderer = EmailRenderer(self.options["TEMPLATES_PATH"], self.options["TEXT_WIDTH"])
        # The pages' compiled templates on disk (plugins/speedups, where loaded): the e-mail templates were compiled
        # from their source in every build (0.1 s of a one-edit rebuild).
        self.renderer.env.bytecode_cache = self.env.bytecode_cache
        for issue in self.issues:
            if issue.id in self.selections:
                self.write_web_page(writer, issue)
                if email_ready:
                    self.write_artifacts(issue)
        self.write_archive(writer)

    def check_settings(self) -> bool:
        imprint = self.options["IMPRINT"] or {}
        missing = [key for key in IMPRINT_KEYS if not imprint.get(key)]
        if missing:
            logger.error("NEWSLETTER_IMPRINT: für das Impressum im Rundbrief fehlt %s.", ", ".join(missing))
        if not self.options["SITEURL"].startswith(("https://", "http://")):
            logger.error("SITEURL (oder NEWSLETTER_SITEURL) muss eine absolute Adresse sein, damit die Links im "
                         "Rundbrief funktionieren; gefunden: „%s“.", self.options["SITEURL"])
            return False
        return not missing

    def linker(self, issue: Issue | None, utm: bool = True, base: str | None = None) -> Linker:
        if self.sources is None:  # content path → URL, for {filename} links: once per build, not per call
            self.sources = {content.relative_source_path: content.url
                            for content in [*self.context.get("articles", []), *self.context.get("pages", [])]}
        params = {**self.options["UTM"], "utm_campaign": issue.id} if utm and issue else None
        return Linker(self.options["SITEURL"] if base is None else base, params, self.sources)

    def editorial(self, issue: Issue, linker: Linker, utm: bool) -> Markup:
        """The issue's Markdown body as HTML: like an article's body, the one value templates print unescaped. The
        web page (``utm`` off) shows pictures as the site does; the e-mail one JPEG per image."""
        if not issue.body:
            return Markup("")
        html = NetzbriefReader(self.settings).markdown().convert(issue.body)
        return Markup(linker.html(editorial_html(html, self.settings, issue.path, email=utm), utm))

    def write_web_page(self, writer, issue: Issue) -> None:
        url, save_as = self.options["URL"].format(issue=issue.id), self.options["SAVE_AS"].format(issue=issue.id)
        position = self.issues.index(issue)
        # On the site, links follow the site's own form: relative to the page in development builds.
        base = path_to_url(get_relative_path(save_as)) if self.settings["RELATIVE_URLS"] else None
        editorial = self.editorial(issue, self.linker(None, base=base), False)
        writer.write_file(save_as, self.get_template("newsletter_issue"),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"], url=url, issue=issue,
                          selection=self.selections[issue.id], editorial=editorial,
                          salutation=self.options["DEFAULT_SALUTATION"], archive_url=self.options["ARCHIVE_URL"],
                          subscribe_url=self.options["SUBSCRIBE_URL"],
                          older=self.entry(self.issues[position - 1]) if position else None,
                          newer=self.entry(self.issues[position + 1]) if position + 1 < len(self.issues) else None)

    def write_archive(self, writer) -> None:
        writer.write_file(self.options["ARCHIVE_SAVE_AS"], self.get_template("newsletter_archive"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=self.options["ARCHIVE_URL"],
                          subscribe_url=self.options["SUBSCRIBE_URL"])

    def email_context(self, issue: Issue) -> dict:
        linker = self.linker(issue)
        editorial = self.editorial(issue, linker, True)
        return view.email_context(issue, self.selections[issue.id], linker, self.options, editorial,
                                  html_to_text(editorial, self.options["TEXT_WIDTH"]))

    def write_artifacts(self, issue: Issue) -> None:
        context = self.email_context(issue)
        try:
            html, text = self.renderer.html(context), self.renderer.text(context)
        except RenderError as exc:
            logger.error("%s: Der Rundbrief ließ sich nicht erzeugen: %s", issue.where(), exc)
            return
        if len(html.encode()) > self.options["MAX_HTML_BYTES"]:
            logger.warning("%s: Die E-Mail ist %d KB groß; Gmail kürzt Nachrichten über 102 KB.", issue.where(),
                           len(html.encode()) // 1024)
        web_url = self.linker(None).url(self.options["URL"].format(issue=issue.id), utm=False)
        manifest = artifacts.manifest(issue, self.selections[issue.id], web_url, self.options["DEFAULT_SALUTATION"])
        artifacts.write(Path(self.settings["NEWSLETTER_ARTIFACTS_PATH"]) / issue.id, html, text, manifest)
