"""The shared stylesheet, parsed once per renderer instead of once per layout.

WeasyPrint reads every ``<link rel="stylesheet">`` of a document anew for each layout:
for ``styles/leaflet.css`` that is 18 ms, a tenth of a leaflet's layout, repeated for
every edition and every layout of a flowing leaflet. A renderer keeps what it parsed,
keyed by the address *and the bytes fetched* (each layout still fetches the file
through the renderer's own fetcher, so the sandbox and an edited file behave as
before), and hands WeasyPrint a copy that behaves as a fresh parse would:

* its ``@page`` rules go into the layout's shared list of page rules, where a fresh
  parse would have put them (WeasyPrint shares one list between a document's sheets);
* the "reported once" marks of its ``var()`` values are cleared, so a value that does
  not resolve is reported in every layout, not only the first;
* a sheet that logged anything when parsed, that imports another, or that declares
  cascade layers, counter styles or colour profiles (state a copy could not carry) is
  never kept: it is parsed every time, as before.

Only layouts made by :class:`leaflet.render.pdf.Renderer` use it (their fetcher carries
the renderer's store); any other use of WeasyPrint in the same process is untouched.
Written against WeasyPrint 70 (pinned), whose ``find_stylesheets`` makes each
``<link>``'s sheet with ``CSS(url=…, _check_mime_type=True, …)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: The attribute of a fetcher that holds its renderer's :class:`Store`.
ATTRIBUTE = "leaflet_stylesheets"
#: The most parsed sheets a renderer keeps (the house style, the leaflets' own).
MAX_SHEETS = 16


@dataclass
class Store:
    """The stylesheets one renderer parsed, for one font configuration."""

    font_config: int = 0  # id() of the font configuration they registered fonts with
    sheets: dict[tuple[Any, ...], _Parsed] = field(default_factory=dict)
    parsed: int = 0  # how many times a sheet was parsed (for tests)

    def clear(self) -> None:
        self.sheets.clear()


@dataclass(frozen=True)
class _Parsed:
    css: Any
    page_rules: tuple[Any, ...]
    pending: tuple[Any, ...]  # the var() values whose "reported" mark is cleared


_installed: list[Callable[..., Any]] = []


def install() -> None:
    """Put the caching constructor where WeasyPrint's ``find_stylesheets`` looks (once)."""
    if _installed:
        return
    import weasyprint.css

    original = weasyprint.css.CSS
    _installed.append(original)

    def css(*args: Any, **kwargs: Any) -> Any:
        fetcher = kwargs.get("url_fetcher")
        store = getattr(fetcher, ATTRIBUTE, None)
        if (
            store is None
            or args
            or kwargs.get("url") is None
            or not kwargs.get("_check_mime_type")
            or kwargs.get("layer") is not None
        ):
            return original(*args, **kwargs)
        return _cached(original, store, kwargs)

    weasyprint.css.CSS = css


def _cached(original: Callable[..., Any], store: Store, kwargs: dict[str, Any]) -> Any:
    from weasyprint.urls import URLFetchingError, fetch

    url, fetcher = kwargs["url"], kwargs["url_fetcher"]
    try:
        with fetch(fetcher, url) as response:
            data = response.read()
            answered, headers = response.url, response.headers
            content_type, charset = response.content_type, response.charset
    except URLFetchingError:
        return original(**kwargs)  # WeasyPrint fetches it again and says what failed
    if content_type != "text/css" or b"@import" in data:
        return _replayed(original, kwargs, url, answered, data, headers)
    font_config = kwargs.get("font_config")
    if store.font_config != id(font_config):
        store.clear()
        store.font_config = id(font_config)
    key = (url, answered, charset, kwargs.get("media_type"), data)
    parsed = store.sheets.get(key)
    if parsed is None:
        parsed = _parse(original, store, kwargs, url, answered, data, headers)
        if parsed is None:  # not one to keep: this layout has its fresh parse
            return _replayed(original, kwargs, url, answered, data, headers)
        if len(store.sheets) >= MAX_SHEETS:  # a long-lived serve, a stylesheet edited often
            store.sheets.clear()
        store.sheets[key] = parsed
    for value in parsed.pending:
        value._reported_error = False
    copy = object.__new__(type(parsed.css))
    copy.__dict__.update(parsed.css.__dict__)
    shared = kwargs.get("page_rules")
    if shared is not None:
        shared.extend(parsed.page_rules)
        copy.page_rules = shared
    layers = kwargs.get("layers")
    if layers is not None:
        copy.layers = layers
    return copy


class _Replay:
    """A fetcher that answers ``url`` with bytes already fetched, and anything else (the
    fonts of ``@font-face``) through the renderer's own fetcher."""

    def __init__(self, fetcher: Any, url: str, answered: str, data: bytes, headers: Any) -> None:
        self.fetcher = fetcher
        self.url, self.answered, self.data, self.headers = url, answered, data, headers
        self._fail_on_errors = getattr(fetcher, "_fail_on_errors", False)

    def __call__(self, url: str) -> Any:
        from weasyprint.urls import URLFetcherResponse

        if url == self.url:
            return URLFetcherResponse(self.answered, self.data, self.headers)
        return self.fetcher(url)


def _replayed(
    original: Callable[..., Any],
    kwargs: dict[str, Any],
    url: str,
    answered: str,
    data: bytes,
    headers: Any,
) -> Any:
    """WeasyPrint's own parse of the bytes fetched (fetched once, not twice)."""
    fetcher = kwargs["url_fetcher"]
    return original(**{**kwargs, "url_fetcher": _Replay(fetcher, url, answered, data, headers)})


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.records += 1


def _parse(
    original: Callable[..., Any],
    store: Store,
    kwargs: dict[str, Any],
    url: str,
    answered: str,
    data: bytes,
    headers: Any,
) -> _Parsed | None:
    """The sheet parsed on its own (its page rules in a list of its own), or None when it
    is not one to keep."""
    counter_style = kwargs.get("counter_style")
    color_profiles = kwargs.get("color_profiles")
    before = (len(counter_style or ()), len(color_profiles or ()))
    logger = logging.getLogger("weasyprint")
    count = _Count()
    logger.addHandler(count)
    try:
        css = original(
            **{
                **kwargs,
                "url_fetcher": _Replay(kwargs["url_fetcher"], url, answered, data, headers),
                "page_rules": [],
                "layers": [],
            }
        )
    finally:
        logger.removeHandler(count)
    store.parsed += 1
    after = (len(counter_style or ()), len(color_profiles or ()))
    if count.records or css.layers or after != before:
        return None
    return _Parsed(css, tuple(css.page_rules), tuple(_pending(css)))


def _pending(css: Any) -> list[Any]:
    """The values of ``css`` waiting for their ``var()`` (WeasyPrint's ``Pending``)."""
    from weasyprint.css.tokens import Pending

    found: list[Any] = []

    def declarations(items: Any) -> None:
        for declaration in items:
            if len(declaration) == 3 and isinstance(declaration[1], Pending):
                found.append(declaration[1])

    matcher = css.matcher
    groups = [
        *matcher.id_selectors.values(),
        *matcher.class_selectors.values(),
        *matcher.lower_local_name_selectors.values(),
        *matcher.namespace_selectors.values(),
        matcher.lang_attr_selectors,
        matcher.other_selectors,
    ]
    for entries in groups:
        for *_, payload in entries:
            declarations(payload[0])
    for _rule, _selectors, items in css.page_rules:
        declarations(items)
    return found
