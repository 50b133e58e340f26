"""Events: state by build date, German labels, programme grid, series, announcement ↔ report links."""

from pelican import signals

from content_model.settings import build_date

from .programme import build_grid, programme_days
from .state import annotate


def _start_key(article):
    info = article.event
    return (info.first_day, info.start.strftime("%H:%M") if hasattr(info.start, "hour") else "00:00")


def link_events(generator) -> None:
    today = build_date(generator.settings)
    events = [a for a in generator.articles if getattr(a, "kind", None) == "event" and a.event]
    announcements = {a.slug: a for a in events if a.event_type == "announcement"}
    series: dict[str, list] = {}
    for article in events:
        annotate(article.event, today)
        article.programme_days = programme_days(getattr(article, "programme", None) or [], article.event)
        article.programme_grid = article.programme_days[0].grid if article.programme_days else build_grid([])
        article.report = article.announcement = None
        if article.event.series:
            series.setdefault(article.event.series, []).append(article)
    for article in events:
        target = announcements.get(getattr(article, "report_of", None) or "")
        if article.event_type == "report" and target is not None:
            article.announcement, target.report = target, article
    # Each series in date order once (a stable sort: filtering it below keeps the order sorting each list would give).
    ordered = {name: sorted(members, key=_start_key) for name, members in series.items()}
    for article in events:
        # A report with its announcement is the same event: a series lists the announcement only.
        own = {article, article.announcement, article.report}
        article.series_events = [other for other in ordered.get(article.event.series or "", [])
                                 if other not in own and not (other.event_type == "report" and other.announcement)]
    context = generator.context
    context["upcoming_events"] = sorted((a for a in announcements.values() if not a.event.is_past), key=_start_key)
    past = [a for a in events if a.event.is_past and not (a.event_type == "announcement" and a.report)]
    context["past_events"] = sorted(past, key=_start_key, reverse=True)
    context["kinds"] = {kind: [a for a in generator.articles if getattr(a, "kind", None) == kind]
                        for kind in ("interview", "event", "article")}


def register():
    signals.article_generator_finalized.connect(link_events)
