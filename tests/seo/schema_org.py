"""The part of schema.org (https://schema.org/version/latest) our JSON-LD may use, transcribed from its definitions.

Each type lists the properties schema.org defines *on that type* (its "Properties from …" block), a subset chosen
for what a news site's pages can say; ``PARENTS`` is the schema.org class hierarchy, so a type allows its own
properties and those of its ancestors, exactly as schema.org does. Enumeration members are listed with their
enumeration. Nothing here is invented: adding a property means finding it on the type's schema.org page first.
"""

from __future__ import annotations

SCHEMA = "https://schema.org"

PARENTS = {
    "Thing": None,
    "CreativeWork": "Thing",
    "Article": "CreativeWork",
    "NewsArticle": "Article",
    "WebPage": "CreativeWork",
    "CollectionPage": "WebPage",
    "WebSite": "CreativeWork",
    "MediaObject": "CreativeWork",
    "ImageObject": "MediaObject",
    "Event": "Thing",
    "Place": "Thing",
    "Intangible": "Thing",
    "VirtualLocation": "Intangible",
    "StructuredValue": "Intangible",
    "ContactPoint": "StructuredValue",
    "PostalAddress": "ContactPoint",
    "Offer": "Intangible",
    "Organization": "Thing",
    "Person": "Thing",
}

PROPERTIES = {
    # https://schema.org/Thing
    "Thing": {"additionalType", "alternateName", "description", "disambiguatingDescription", "identifier", "image",
              "mainEntityOfPage", "name", "potentialAction", "sameAs", "subjectOf", "url"},
    # https://schema.org/CreativeWork
    "CreativeWork": {"about", "abstract", "author", "contributor", "copyrightHolder", "copyrightYear", "creator",
                     "dateCreated", "dateModified", "datePublished", "editor", "genre", "hasPart", "headline",
                     "inLanguage", "isAccessibleForFree", "isPartOf", "keywords", "license", "mentions", "publisher",
                     "text", "thumbnailUrl", "timeRequired", "mainEntity", "position", "sourceOrganization"},
    # https://schema.org/Article
    "Article": {"articleBody", "articleSection", "backstory", "pageEnd", "pageStart", "pagination", "speakable",
                "wordCount"},
    # https://schema.org/NewsArticle
    "NewsArticle": {"dateline", "printColumn", "printEdition", "printPage", "printSection"},
    # https://schema.org/WebPage
    "WebPage": {"breadcrumb", "lastReviewed", "mainContentOfPage", "primaryImageOfPage", "relatedLink",
                "reviewedBy", "significantLink", "speakable", "specialty"},
    "CollectionPage": set(),
    # https://schema.org/WebSite
    "WebSite": {"issn"},
    # https://schema.org/MediaObject, https://schema.org/ImageObject
    "MediaObject": {"contentUrl", "contentSize", "encodingFormat", "height", "width", "uploadDate"},
    "ImageObject": {"caption", "embeddedTextCaption", "exifData", "representativeOfPage"},
    # https://schema.org/Event
    "Event": {"about", "actor", "attendee", "audience", "doorTime", "duration", "endDate", "eventAttendanceMode",
              "eventSchedule", "eventStatus", "inLanguage", "isAccessibleForFree", "keywords", "location",
              "maximumAttendeeCapacity", "offers", "organizer", "performer", "previousStartDate", "startDate",
              "subEvent", "superEvent", "typicalAgeRange"},
    # https://schema.org/Place
    "Place": {"address", "geo", "hasMap", "latitude", "longitude", "telephone", "containedInPlace"},
    "Intangible": set(),
    "VirtualLocation": set(),
    "StructuredValue": set(),
    # https://schema.org/ContactPoint
    "ContactPoint": {"areaServed", "availableLanguage", "contactType", "email", "faxNumber", "telephone"},
    # https://schema.org/PostalAddress
    "PostalAddress": {"addressCountry", "addressLocality", "addressRegion", "postOfficeBoxNumber", "postalCode",
                      "streetAddress"},
    # https://schema.org/Offer
    "Offer": {"availability", "availabilityEnds", "availabilityStarts", "category", "price", "priceCurrency",
              "seller", "validFrom", "validThrough"},
    # https://schema.org/Organization
    "Organization": {"address", "email", "employee", "founder", "legalName", "location", "logo", "member",
                     "memberOf", "telephone", "department", "parentOrganization"},
    # https://schema.org/Person
    "Person": {"address", "affiliation", "email", "familyName", "givenName", "honorificPrefix", "jobTitle",
               "memberOf", "telephone", "worksFor"},
}

# Enumerations: property → allowed member URLs.
ENUMERATIONS = {
    # https://schema.org/EventStatusType
    "eventStatus": {f"{SCHEMA}/{m}" for m in ("EventScheduled", "EventCancelled", "EventMovedOnline",
                                              "EventPostponed", "EventRescheduled")},
    # https://schema.org/EventAttendanceModeEnumeration
    "eventAttendanceMode": {f"{SCHEMA}/{m}" for m in ("OfflineEventAttendanceMode", "OnlineEventAttendanceMode",
                                                      "MixedEventAttendanceMode")},
    # https://schema.org/ItemAvailability
    "availability": {f"{SCHEMA}/{m}" for m in ("InStock", "SoldOut", "PreOrder", "LimitedAvailability",
                                               "Discontinued", "OutOfStock", "OnlineOnly", "InStoreOnly",
                                               "BackOrder", "PreSale", "MadeToOrder", "Reserved")},
}

KEYWORDS = {"@context", "@type", "@id"}


def allowed(type_name: str) -> set:
    props: set = set()
    current = type_name
    while current:
        props |= PROPERTIES[current]
        current = PARENTS[current]
    return props


def problems(data, path: str = "$") -> list[str]:
    """Every @type unknown to this list and every property its type does not define, recursively."""
    found = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            found += problems(item, f"{path}[{index}]")
        return found
    if not isinstance(data, dict):
        return found
    kind = data.get("@type")
    if kind is None:
        found.append(f"{path}: object without @type")
        return found
    if kind not in PARENTS:
        found.append(f"{path}: unknown type {kind}")
        return found
    props = allowed(kind)
    for key, value in data.items():
        if key in KEYWORDS:
            continue
        if key not in props:
            found.append(f"{path}: {kind} has no property {key}")
        if key in ENUMERATIONS and value not in ENUMERATIONS[key]:
            found.append(f"{path}.{key}: {value!r} is no member of its enumeration")
        found += problems(value, f"{path}.{key}")
    return found
