"""A feed checker for RSS 2.0 and Atom 1.0 with the W3C Feed Validation Service's rules that matter here.

No validator package exists on PyPI, so this implements the checks of https://validator.w3.org/feed/ (and of the
RSS 2.0 and RFC 4287 specifications it enforces) that apply to our feeds:

errors
  - required channel/feed and item/entry elements, exactly one where the spec says one
  - unknown elements in the RSS or Atom namespace
  - RFC 822 dates in RSS (numeric zone or GMT/UT, weekday matching the date), RFC 3339 dates in Atom
  - absolute URLs for links, enclosures, self links, categories' domains and author URIs
  - guid: a full URL unless isPermaLink="false"; Atom ids are absolute IRIs; ids unique within a feed
  - RSS <author> must be an e-mail address; Atom <author> needs <name>
  - enclosure: url, length (an integer > 0) and a MIME type; Atom enclosure links likewise
  - Atom text constructs: type text, html or xhtml; entry needs an alternate link or content
  - Atom: author on the feed unless every entry has one; one alternate link per type and hreflang
warnings
  - missing atom:link rel="self" (RSS) / link rel="self" (Atom)
  - relative URL references or unsafe elements (script, iframe, embed, object, style, on* attributes) in
    HTML content
  - self link not matching the feed's own URL (when given)
  - items/entries not sorted newest first; feed date older than its newest item
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

import lxml.etree
import lxml.html

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"

RSS_CHANNEL = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
               "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
               "skipHours", "skipDays", "item"}
RSS_CHANNEL_ONCE = RSS_CHANNEL - {"category", "item"}
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate",
            "source"}
RSS_ITEM_ONCE = RSS_ITEM - {"category"}
ATOM_FEED = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle",
             "title", "updated", "entry"}
ATOM_FEED_ONCE = {"generator", "icon", "id", "logo", "rights", "subtitle", "title", "updated"}
ATOM_ENTRY = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source",
              "summary", "title", "updated"}
ATOM_ENTRY_ONCE = {"content", "id", "published", "rights", "source", "summary", "title", "updated"}
UNSAFE = {"script", "iframe", "embed", "object", "style", "applet", "frame", "frameset", "meta", "link", "base"}
URL_ATTRIBUTES = {"href", "src", "poster", "cite", "action", "longdesc", "background", "data"}

RFC822 = re.compile(r"^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"(\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|GMT|UT|Z)$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
MIME = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s()]+@[^@\s()]+\.[^@\s()]+(?: \([^()]+\))?$")
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@dataclass
class Report:
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings

    def __str__(self) -> str:
        return "\n".join([f"ERROR {e}" for e in self.errors] + [f"WARNING {w}" for w in self.warnings])


def is_absolute(url: str | None) -> bool:
    if not url:
        return False
    parts = urlparse(url.strip())
    return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("urn", "mailto", "tag", "data"))


def rfc822(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    match = RFC822.match(value.strip())
    if not match:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError):
        return None
    weekday = match.group(1)
    if weekday and parsed.strftime("%a") != weekday:
        return None
    return parsed


def rfc3339(value: str | None) -> dt.datetime | None:
    if value is None or not RFC3339.match(value.strip()):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def check_html(html: str | None, where: str, report: Report) -> None:
    """HTML inside a feed: absolute URL references only, nothing unsafe."""
    if not html or not html.strip():
        return
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in UNSAFE:
            report.warn(f"{where}: contains a <{element.tag}> element")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                report.warn(f"{where}: contains an event handler attribute {name}")
            if name.lower() in URL_ATTRIBUTES and value and not value.startswith("#") and not is_absolute(value):
                report.warn(f"{where}: relative URL reference {name}={value!r}")
            if name.lower() == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url and not is_absolute(url):
                        report.warn(f"{where}: relative URL reference in srcset {url!r}")


def _children(element, namespace: str | None) -> list:
    return [c for c in element if isinstance(c.tag, str) and lxml.etree.QName(c).namespace == namespace]


def _count_once(element, namespace, allowed: set, once: set, where: str, report: Report) -> None:
    seen: dict[str, int] = {}
    for child in _children(element, namespace):
        name = lxml.etree.QName(child).localname
        if name not in allowed:
            report.error(f"{where}: unknown element <{name}>")
        seen[name] = seen.get(name, 0) + 1
    for name, count in seen.items():
        if name in once and count > 1:
            report.error(f"{where}: <{name}> occurs {count} times")


def _text(element, path: str, namespaces=None) -> str | None:
    found = element.find(path, namespaces)
    return None if found is None else (found.text or "")


# --- RSS 2.0 ------------------------------------------------------------------------------------------------

def check_rss(data: bytes, self_url: str | None = None) -> Report:
    report = Report()
    root = lxml.etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        report.error("root element must be <rss version=\"2.0\">")
        return report
    channels = root.findall("channel")
    if len(channels) != 1:
        report.error(f"exactly one <channel> expected, found {len(channels)}")
        return report
    channel = channels[0]
    _count_once(channel, None, RSS_CHANNEL, RSS_CHANNEL_ONCE, "channel", report)
    for name in ("title", "link", "description"):
        if not (_text(channel, name) or "").strip():
            report.error(f"channel: missing required <{name}>")
    if not is_absolute(_text(channel, "link")):
        report.error("channel: <link> must be an absolute URL")
    language = _text(channel, "language")
    if language is not None and not LANGUAGE.match(language):
        report.error(f"channel: invalid <language> {language!r}")
    for name in ("pubDate", "lastBuildDate"):
        value = _text(channel, name)
        if value is not None and rfc822(value) is None:
            report.error(f"channel: <{name}> is not an RFC 822 date-time: {value!r}")
    for name in ("managingEditor", "webMaster"):
        value = _text(channel, name)
        if value is not None and not EMAIL.match(value):
            report.error(f"channel: <{name}> must be an e-mail address")
    self_links = [link for link in channel.findall(f"{{{ATOM}}}link") if link.get("rel") == "self"]
    if not self_links:
        report.warn('channel: missing atom:link with rel="self"')
    for link in self_links:
        if not is_absolute(link.get("href")):
            report.error("channel: atom:link rel=self must be absolute")
        if link.get("type") != "application/rss+xml":
            report.warn('channel: atom:link rel=self should have type="application/rss+xml"')
        if self_url and link.get("href") != self_url:
            report.warn(f"channel: self link {link.get('href')} does not match the feed's URL {self_url}")
    guids, dates = set(), []
    for index, item in enumerate(channel.findall("item"), start=1):
        where = f"item {index}"
        _count_once(item, None, RSS_ITEM, RSS_ITEM_ONCE, where, report)
        if not (_text(item, "title") or _text(item, "description")):
            report.error(f"{where}: needs a <title> or a <description>")
        link = _text(item, "link")
        if link is not None and not is_absolute(link):
            report.error(f"{where}: <link> must be an absolute URL")
        guid = item.find("guid")
        if guid is None:
            report.warn(f"{where}: no <guid>")
        else:
            value = (guid.text or "").strip()
            if guid.get("isPermaLink", "true") != "false" and not is_absolute(value):
                report.error(f"{where}: <guid> must be a full URL unless isPermaLink=\"false\"")
            if guid.get("isPermaLink") not in (None, "true", "false"):
                report.error(f"{where}: isPermaLink must be true or false")
            if value in guids:
                report.error(f"{where}: duplicate <guid> {value}")
            guids.add(value)
        date = _text(item, "pubDate")
        if date is not None:
            parsed = rfc822(date)
            if parsed is None:
                report.error(f"{where}: <pubDate> is not an RFC 822 date-time: {date!r}")
            else:
                dates.append(parsed)
        author = _text(item, "author")
        if author is not None and not EMAIL.match(author):
            report.error(f"{where}: <author> must be an e-mail address")
        for category in item.findall("category"):
            if not (category.text or "").strip():
                report.error(f"{where}: empty <category>")
        enclosure = item.find("enclosure")
        if enclosure is not None:
            if not is_absolute(enclosure.get("url")):
                report.error(f"{where}: enclosure url must be absolute")
            length = enclosure.get("length", "")
            if not length.isdigit():
                report.error(f"{where}: enclosure length must be an integer")
            elif int(length) == 0:
                report.warn(f"{where}: enclosure length should be the file size, not 0")
            if not MIME.match(enclosure.get("type", "")):
                report.error(f"{where}: enclosure type must be a MIME type")
        check_html(_text(item, "description"), f"{where} description", report)
        check_html(_text(item, f"{{{CONTENT}}}encoded"), f"{where} content:encoded", report)
    if dates != sorted(dates, reverse=True):
        report.warn("items are not sorted newest first")
    build = rfc822(_text(channel, "lastBuildDate") or "")
    if dates and build and build < max(dates):
        report.warn("channel: lastBuildDate is older than the newest item")
    return report


# --- Atom 1.0 -----------------------------------------------------------------------------------------------

def _check_text(element, where: str, report: Report) -> None:
    kind = element.get("type", "text")
    if kind not in ("text", "html", "xhtml"):
        report.error(f"{where}: type must be text, html or xhtml, not {kind!r}")
    if kind == "html":
        check_html(element.text, where, report)


def _check_person(person, where: str, report: Report) -> None:
    name = person.find(f"{{{ATOM}}}name")
    if name is None or not (name.text or "").strip():
        report.error(f"{where}: <name> is required")
    uri = person.find(f"{{{ATOM}}}uri")
    if uri is not None and not is_absolute(uri.text):
        report.error(f"{where}: <uri> must be absolute")
    mail = person.find(f"{{{ATOM}}}email")
    if mail is not None and not EMAIL.match(mail.text or ""):
        report.error(f"{where}: <email> must be an e-mail address")


def _check_links(element, where: str, report: Report) -> list:
    alternates = set()
    links = element.findall(f"{{{ATOM}}}link")
    for link in links:
        rel = link.get("rel", "alternate")
        if not is_absolute(link.get("href")):
            report.error(f"{where}: link href must be absolute: {link.get('href')!r}")
        if rel == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                report.error(f"{where}: two alternate links with the same type and hreflang")
            alternates.add(key)
        if rel == "enclosure":
            if not (link.get("length") or "").isdigit() or int(link.get("length")) == 0:
                report.warn(f"{where}: enclosure link without a true length")
            if not MIME.match(link.get("type", "")):
                report.error(f"{where}: enclosure link needs a MIME type")
    return links


def _check_id(value: str | None, where: str, report: Report) -> str | None:
    if value is None or not value.strip():
        report.error(f"{where}: <id> is required")
        return None
    value = value.strip()
    if not is_absolute(value) or (value.startswith("urn:uuid:") and not URN_UUID.match(value)):
        report.error(f"{where}: <id> must be an absolute IRI: {value!r}")
    return value


def check_atom(data: bytes, self_url: str | None = None) -> Report:
    report = Report()
    root = lxml.etree.fromstring(data)
    if root.tag != f"{{{ATOM}}}feed":
        report.error("root element must be atom:feed")
        return report
    _count_once(root, ATOM, ATOM_FEED, ATOM_FEED_ONCE, "feed", report)
    feed_id = _check_id(_text(root, f"{{{ATOM}}}id"), "feed", report)
    if not (_text(root, f"{{{ATOM}}}title") or "").strip():
        report.error("feed: <title> is required")
    feed_updated = rfc3339(_text(root, f"{{{ATOM}}}updated"))
    if feed_updated is None:
        report.error("feed: <updated> must be an RFC 3339 date-time")
    for element in root.findall(f"{{{ATOM}}}title") + root.findall(f"{{{ATOM}}}subtitle"):
        _check_text(element, "feed " + lxml.etree.QName(element).localname, report)
    feed_authors = root.findall(f"{{{ATOM}}}author")
    for person in feed_authors:
        _check_person(person, "feed author", report)
    links = _check_links(root, "feed", report)
    self_links = [link for link in links if link.get("rel") == "self"]
    if not self_links:
        report.warn('feed: missing link rel="self"')
    elif self_url and self_links[0].get("href") != self_url:
        report.warn(f"feed: self link {self_links[0].get('href')} does not match the feed's URL {self_url}")
    ids, dates = {feed_id}, []
    for index, entry in enumerate(root.findall(f"{{{ATOM}}}entry"), start=1):
        where = f"entry {index}"
        _count_once(entry, ATOM, ATOM_ENTRY, ATOM_ENTRY_ONCE, where, report)
        entry_id = _check_id(_text(entry, f"{{{ATOM}}}id"), where, report)
        if entry_id in ids:
            report.error(f"{where}: duplicate <id> {entry_id}")
        ids.add(entry_id)
        if not (_text(entry, f"{{{ATOM}}}title") or "").strip():
            report.error(f"{where}: <title> is required")
        updated = rfc3339(_text(entry, f"{{{ATOM}}}updated"))
        if updated is None:
            report.error(f"{where}: <updated> must be an RFC 3339 date-time")
        published_text = _text(entry, f"{{{ATOM}}}published")
        published = rfc3339(published_text) if published_text is not None else None
        if published_text is not None and published is None:
            report.error(f"{where}: <published> must be an RFC 3339 date-time")
        dates.append(published or updated)
        if updated and feed_updated and updated > feed_updated:
            report.warn(f"{where}: updated after the feed's <updated>")
        authors = entry.findall(f"{{{ATOM}}}author")
        if not authors and not feed_authors:
            report.error(f"{where}: no author, and the feed has none")
        for person in authors:
            _check_person(person, f"{where} author", report)
        entry_links = _check_links(entry, where, report)
        content = entry.find(f"{{{ATOM}}}content")
        if content is None and not any(link.get("rel", "alternate") == "alternate" for link in entry_links):
            report.error(f"{where}: needs an alternate link or content")
        if content is not None and content.get("src") and entry.find(f"{{{ATOM}}}summary") is None:
            report.error(f"{where}: content with src needs a summary")
        for name in ("title", "summary", "content", "rights"):
            for element in entry.findall(f"{{{ATOM}}}{name}"):
                if name != "content" or not element.get("src"):
                    _check_text(element, f"{where} {name}", report)
        for category in entry.findall(f"{{{ATOM}}}category"):
            if not category.get("term"):
                report.error(f"{where}: category without term")
            if category.get("scheme") and not is_absolute(category.get("scheme")):
                report.error(f"{where}: category scheme must be an absolute IRI")
    dates = [d for d in dates if d is not None]
    if dates != sorted(dates, reverse=True):
        report.warn("entries are not sorted newest first")
    return report


def check(data: bytes, self_url: str | None = None) -> Report:
    """RSS or Atom, by the root element."""
    root = lxml.etree.fromstring(data)
    return check_rss(data, self_url) if root.tag == "rss" else check_atom(data, self_url)
