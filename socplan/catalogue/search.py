"""Full-text search of the catalogue: the one place where SQLite and PostgreSQL differ.

Both databases search the same prepared text, :attr:`Service.search_text`, which this
module fills: every word of the service (name, kind, category, provider, target groups,
municipalities and regions it serves, facility names, description) lower-cased, without
diacritics, and followed by its stems: Snowball's "czech" stemmer on the word as written
and on the word without diacritics with its ending written properly ("seniorum" ->
"seniorům" -> "senior"), and a light stem without the case ending ("rodinam" -> "rodin").
The first line holds the words of the name (ranked higher), the second everything else.

A query is cut into words the same way; each word matches any of its stems or the word
itself as a prefix, and all words must match. So "pecovatelska sluzba seniorum" finds
"Pečovatelská služba pro seniory": "pecovatelsk*", "sluzb*" and "senior*".

- SQLite: an FTS5 table ``catalogue_service_fts`` (``unicode61 remove_diacritics 2``)
  with the columns ``name`` and ``body`` and rowid = service id, ranked by bm25; this
  module keeps it in step with ``search_text`` (:func:`reindex_services`).
- PostgreSQL: a stored generated ``tsvector`` column ``search_vector`` ('simple' config,
  the name with weight A) with a GIN index, ranked by ``ts_rank``; a ``pg_trgm`` index on
  the unaccented lower-cased name finds names with typos (``word_similarity`` above
  ``pg_trgm.word_similarity_threshold``, 0.6) when the words match nothing at all.

The tables, columns and indexes come from the migration ``catalogue/0003_search_index``.
Whoever changes a service's searchable data calls :func:`reindex_services` with its id
(the register importer does it for every import).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain

import snowballstemmer
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from socplan.core.numbers import is_digits

FTS_TABLE = "catalogue_service_fts"
CHUNK = 500
# Czech words too common to search for (unaccented): prepositions, conjunctions, pronouns.
_STOP_WORDS_TEXT = """a aby aj ale ani az bez by byt ci do i jak je jeho jeji jejich jen jsem
jsi jsme jsou k ke ktera ktere ktery kteri ku me mi mu na nad nebo nej neni o od po pod pro
proti pri s se si sve ta tak take tam te ten to tu u v ve vam vas z za ze"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_WORD = re.compile(r"\w+")
# Unaccented case endings and the accented ones they stand for: the Czech stemmer knows
# "seniorům" but not "seniorum", so a word typed without diacritics is stemmed also with
# its ending written properly.
_ACCENTED_ENDINGS = [
    ("ymi", "ými"),
    ("imi", "ími"),
    ("ych", "ých"),
    ("ich", "ích"),
    ("ach", "ách"),
    ("eho", "ého"),
    ("emu", "ému"),
    ("ym", "ým"),
    ("im", "ím"),
    ("um", "ům"),
    ("am", "ám"),
    ("ou", "ou"),
    ("a", "á"),
    ("e", "é"),
    ("e", "ě"),
    ("i", "í"),
    ("u", "ů"),
    ("y", "ý"),
]


# Case endings (unaccented) that :func:`light_stem` strips, longest first.
_LIGHT_ENDINGS_TEXT = (
    "ami emi ach ech ich ych ovi ove ymi imi eho emu ym im um am em om ou a e i o u y"
)
_LIGHT_ENDINGS = sorted(_LIGHT_ENDINGS_TEXT.split(), key=len, reverse=True)


def light_stem(plain: str) -> str:
    """An unaccented word without its case ending ("rodinam" -> "rodin"), at least four
    letters long: a gentler stem than Snowball's for prefix matching."""
    for ending in _LIGHT_ENDINGS:
        if plain.endswith(ending) and len(plain) - len(ending) >= 4:
            return plain[: -len(ending)]
    return plain


def unaccent(text: str) -> str:
    """Lower-cased text without diacritics: "Pečovatelská" -> "pecovatelska"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# One word at a time (indexing): the same words come back in thousands of services.
_unaccent_word = functools.lru_cache(maxsize=100_000)(unaccent)


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("czech")


@functools.lru_cache(maxsize=50_000)
def stems(word: str) -> tuple[str, ...]:
    """Unaccented stems of one lower-cased word (with or without its diacritics).

    >>> stems("seniorum")
    ('senior', 'seniorum')
    """
    if is_digits(word):  # numbers have no endings (nor room in this cache)
        return (word,)
    word = word.casefold()
    plain = unaccent(word)
    stemmer = _stemmer()
    found = {plain, unaccent(stemmer.stemWord(plain))}
    if word != plain:
        found.add(unaccent(stemmer.stemWord(word)))
    else:
        for ending, accented in _ACCENTED_ENDINGS:
            if len(plain) > len(ending) + 2 and plain.endswith(ending):
                found.add(unaccent(stemmer.stemWord(plain[: -len(ending)] + accented)))
    found.add(light_stem(plain))
    # a stem shorter than 3 letters would match too much as a prefix
    return tuple(sorted(s for s in found if len(s) >= 3 or s == plain))


def words(text: str) -> list[str]:
    """The searchable words of a text, lower-cased, with diacritics, no stop words."""
    out = []
    for word in _WORD.findall((text or "").casefold()):
        if _unaccent_word(word) in STOP_WORDS or word == "_":
            continue
        out.append(word.strip("_"))
    return [w for w in out if w]


@functools.lru_cache(maxsize=100_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    """One lower-cased word as :func:`words` finds it -> its tokens (the word unaccented,
    then its stems), none for a stop word. (The same words come back in thousands of
    services: one cache look-up each.)"""
    plain = word if word.isascii() else _unaccent_word(word)  # (lower-cased ASCII: as is)
    if plain in STOP_WORDS or word == "_":
        return ()
    word = word.strip("_")
    if not word:
        return ()
    return (word if word.isascii() else _unaccent_word(word), *stems(word))


def _tokens(text: str) -> tuple[str, ...]:
    """Words of a text, unaccented, each followed by its stems, duplicates dropped."""
    return tuple(
        dict.fromkeys(chain.from_iterable(map(_word_tokens, _WORD.findall(text.casefold()))))
    )


# Short texts (names of kinds, providers, municipalities, facilities, target groups) recur
# in thousands of services: their tokens are computed once per process.
_short_tokens = functools.lru_cache(maxsize=50_000)(_tokens)
_SHORT = 200


def _text_tokens(text: str) -> tuple[str, ...]:
    return _short_tokens(text) if len(text) <= _SHORT else _tokens(text)


def index_text(text: str) -> str:
    """Words of a text, unaccented, each followed by its stems, duplicates dropped."""
    return " ".join(_text_tokens(text or ""))


def build_search_text(*, name: str, other: Iterable[str]) -> str:
    """``search_text`` of a service: the name's words, a new line, then the rest (the
    texts of ``other`` in their order, empty ones and repeated ones skipped). The same as
    ``index_text(name) + "\\n" + index_text(" ".join(other))``, text by text."""
    tokens = chain.from_iterable(_text_tokens(part) for part in dict.fromkeys(other) if part)
    return index_text(name) + "\n" + " ".join(dict.fromkeys(tokens))


def service_search_text(
    *,
    name: str,
    kind: str = "",
    paragraph: str = "",
    category: str = "",
    provider: str = "",
    description: str = "",
    age_note: str = "",
    target_groups: Iterable[str] = (),
    facilities: Iterable[tuple[str, str]] = (),
    areas: Iterable[str] = (),
    regions: Iterable[str] = (),
) -> str:
    """``search_text`` of one service from its parts (the related rows in the order of
    their ids). The one recipe of :func:`reindex_services` and of the register import,
    which computes the text of new services before it writes them."""
    other = [kind, paragraph, category, provider, description, age_note, *target_groups]
    for facility, municipality in facilities:
        other += [facility, municipality]
    other += [*areas, *regions]
    return build_search_text(name=name, other=other)


# --- indexing -----------------------------------------------------------------------------


def _texts(ids: list[int]) -> dict[int, str]:
    """search_text of the given services (a few queries per chunk, no model instances)."""
    from .models import Facility, Service, ServiceAreaMunicipality, ServiceRegion

    rows = (
        Service.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk",
            "name",
            "kind__name",
            "kind__paragraph",
            "local_category__name",
            "provider__name",
            "description",
            "age_note",
        )
    )
    related: dict[str, dict[int, list]] = {
        key: defaultdict(list) for key in ("target_groups", "facilities", "areas", "regions")
    }
    through = Service.target_groups.through
    for pk, group in (
        through.objects.filter(service_id__in=ids)
        .order_by("pk")
        .values_list("service_id", "codelistitem__name")
    ):
        related["target_groups"][pk].append(group)
    for pk, facility, municipality in (
        Facility.objects.filter(service_id__in=ids)
        .order_by("pk")
        .values_list("service_id", "name", "municipality__name")
    ):
        related["facilities"][pk].append((facility or "", municipality or ""))
    for pk, municipality in (
        ServiceAreaMunicipality.objects.filter(service_id__in=ids)
        .order_by("pk")
        .values_list("service_id", "municipality__name")
    ):
        related["areas"][pk].append(municipality)
    for pk, region in (
        ServiceRegion.objects.filter(service_id__in=ids)
        .order_by("pk")
        .values_list("service_id", "region__name")
    ):
        related["regions"][pk].append(region)
    return {
        pk: service_search_text(
            name=name,
            kind=kind or "",
            paragraph=paragraph or "",
            category=category or "",
            provider=provider or "",
            description=description or "",
            age_note=age_note or "",
            **{key: related[key][pk] for key in related},
        )
        for pk, name, kind, paragraph, category, provider, description, age_note in rows
    }


def reindex_services(ids: Iterable[int] | None = None) -> int:
    """(Re)builds the search text and index of the given services (all when ``ids`` is
    None); ids of deleted services are dropped from the index. Returns how many services
    were indexed. Call it after every change of searchable data."""
    from .models import Service

    if ids is None:
        ids = list(Service.objects.order_by("pk").values_list("pk", flat=True))
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
    ids = sorted({int(pk) for pk in ids})
    done = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            texts = _texts(chunk)
            write_index(texts, dropped=chunk)
        done += len(texts)
    # at once, not on commit: a rolled-back change only costs the caches a rebuild
    _bump_generation()
    return done


def write_index(
    texts: dict[int, str], *, dropped: Iterable[int] = (), column: bool = True, using=None
):
    """Store the search texts ``{service id: text}``: in ``search_text`` (unless
    ``column`` is false: rows just written with their text) and, on SQLite, in the FTS
    table (replacing their rows; the rows of the ``dropped`` ids without a text are
    deleted). The caller bumps the caches' generation (:func:`data_changed`) when done.
    ``using``: the connection (the register import writes from a second thread)."""
    from .models import Service

    db = using if using is not None else connection
    with db.cursor() as cursor:
        if column and texts:
            table = Service._meta.db_table
            cursor.executemany(
                f"UPDATE {table} SET search_text = %s WHERE id = %s",  # noqa: S608
                [(text, pk) for pk, text in texts.items()],
            )
        if db.vendor == "sqlite":
            gone = sorted(set(dropped) - set(texts))
            for start in range(0, len(gone), CHUNK):
                part = gone[start : start + CHUNK]
                marks = ",".join(["%s"] * len(part))
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})",  # noqa: S608
                    part,
                )
    prepare_index(texts, using=db)()


def prepare_index(texts: dict[int, str], *, using=None):
    """The index rows of new services (whose rows have their text already) in two halves,
    like :func:`socplan.catalogue.bulk.prepare_insert`: returns the function that writes
    them (nothing to do on PostgreSQL, where the index is a generated column)."""
    from . import bulk

    db = using if using is not None else connection
    if db.vendor != "sqlite":
        return lambda: None
    rows = [(pk, *_split(text)) for pk, text in texts.items()]
    return bulk.prepare_insert(FTS_TABLE, ["rowid", "name", "body"], rows, using=db, replace=True)


def index_operations(texts: dict[int, str], *, using=None) -> list[tuple]:
    """:func:`prepare_index` as data, for a :class:`socplan.catalogue.bulk.Stage`."""
    from . import bulk

    db = using if using is not None else connection
    if db.vendor != "sqlite":
        return []
    rows = [(pk, *_split(text)) for pk, text in texts.items()]
    return bulk.insert_operations(
        FTS_TABLE, ["rowid", "name", "body"], rows, using=db, replace=True
    )


GENERATION_KEY = "catalogue-search-generation"


def index_generation() -> str:
    """A token that every reindexing replaces: caches of catalogue data key on it. (A
    fresh token when the cache has none, so that a cleared cache never brings back an
    old key.)"""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY) or "none"
    return token


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _bump_generation() -> None:
    """A new token at once and, inside a transaction, again when it commits: another
    process may read the first token before the commit and keep what it reads then (the
    data before the change) under it; the second token makes every process read again."""
    _new_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_new_generation)


def data_changed(**kwargs) -> None:
    """Signal receiver: a service or its groups changed (an edit in the admin, a form):
    caches of catalogue data are read again. (Its search text still needs
    :func:`reindex_services`.)"""
    _bump_generation()


def connect_signals() -> None:
    """Connected once at start-up (``CatalogueConfig.ready``). Saves of services, of what
    their cards show (their provider, facilities, the codelists' names: an edit in the
    admin, ``load_codelists``) and changes of their groups; deletes of services, providers
    and codelist items (the highest ids of ``selectors_public.data_version`` do not see a
    delete). Bulk writes stay fast: no receivers see them (``bulk_create``,
    ``bulk_update``, ``update``), and none on the deletes of facilities, forms and areas
    that an import makes (the import reindexes anyway)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import CodelistItem, Facility, Provider, Service

    post_save.connect(data_changed, sender=Service, dispatch_uid="catalogue_search_service")
    for model in (Provider, Facility, CodelistItem):
        post_save.connect(
            data_changed, sender=model, dispatch_uid=f"catalogue_search_{model.__name__}"
        )
    for model in (Service, Provider, CodelistItem):
        post_delete.connect(
            data_changed, sender=model, dispatch_uid=f"catalogue_search_del_{model.__name__}"
        )
    for through in (Service.target_groups.through, Service.age_groups.through):
        m2m_changed.connect(
            data_changed, sender=through, dispatch_uid=f"catalogue_search_{through.__name__}"
        )


def reindex_service(service) -> None:
    """(Re)indexes one service (after a local edit of it)."""
    reindex_services([service.pk])


def reindex_all() -> int:
    return reindex_services(None)


def _split(text: str) -> tuple[str, str]:
    name, _, body = text.partition("\n")
    return name, body


# --- querying -----------------------------------------------------------------------------


def query_terms(query: str) -> list[tuple[str, ...]]:
    """The query's words, each as the alternatives it may match (as prefixes).

    >>> query_terms("Pečovatelská služba pro seniory")
    [('pecovatelsk',), ('sluzb',), ('senior',)]
    """
    terms = []
    for word in words(query)[:12]:
        plain = unaccent(word)
        # a much shorter stem would match too many other words as a prefix ("pec")
        alternatives = {
            a
            for a in stems(word)
            if _WORD.fullmatch(a)
            and len(a) >= min(3, len(plain))
            and len(plain) - len(a) <= (2 if len(a) <= 3 else 3)
        }
        alternatives |= {plain}
        # a prefix that another alternative starts with covers it
        kept = tuple(
            sorted(
                a for a in alternatives if not any(b != a and a.startswith(b) for b in alternatives)
            )
        )
        if kept:
            terms.append(kept)
    return terms


def _fts5_query(terms) -> str:
    return " AND ".join(
        "(" + " OR ".join(f'"{alt}"*' for alt in alternatives) + ")" for alternatives in terms
    )


def _tsquery(terms) -> str:
    return " & ".join(
        "(" + " | ".join(f"'{alt}':*" for alt in alternatives) + ")" for alternatives in terms
    )


def _pg_typo_mode(terms) -> bool:
    """PostgreSQL: when the words match nothing in the whole catalogue, look for names
    that are similar instead (typos: "pecovatelka sluzba")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM catalogue_service"
            " WHERE search_vector @@ to_tsquery('simple', %s))",
            [_tsquery(terms)],
        )
        return not cursor.fetchone()[0]


def _matches(terms, query: str, *, rank: bool, typo: bool = False) -> tuple[str, list]:
    """SQL that selects the matching service ids (with their rank: smaller is better)."""
    if connection.vendor == "postgresql":
        if typo:
            score = "-word_similarity(%s, socplan_name_key(name))" if rank else ""
            where = "%s <%% socplan_name_key(name)"
            params = [unaccent(query)] * (2 if rank else 1)
        else:
            score = "-ts_rank(search_vector, to_tsquery('simple', %s))" if rank else ""
            where = "search_vector @@ to_tsquery('simple', %s)"
            params = [_tsquery(terms)] * (2 if rank else 1)
        columns = f"id, {score}" if rank else "id"
        return f"SELECT {columns} FROM catalogue_service WHERE {where}", params  # noqa: S608
    columns = f"rowid, bm25({FTS_TABLE}, 10.0, 1.0)" if rank else "rowid"
    return (
        f"SELECT {columns} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
        [_fts5_query(terms)],
    )


def filter_services(queryset: QuerySet, query: str, *, typo: bool | None = None) -> QuerySet:
    """Only the services of ``queryset`` that match ``query`` (all of it when empty)."""
    terms = query_terms(query)
    if not terms:
        return queryset if not (query or "").strip() else queryset.none()
    if typo is None:
        typo = connection.vendor == "postgresql" and _pg_typo_mode(terms)
    sql, params = _matches(terms, query, rank=False, typo=typo)
    return queryset.filter(pk__in=RawSQL(sql, params))


def rank_map(query: str) -> dict[int, float]:
    """Every service matching ``query`` with its rank (smaller is better); empty when the
    query has no searchable word."""
    terms = query_terms(query)
    if not terms:
        return {}
    typo = connection.vendor == "postgresql" and _pg_typo_mode(terms)
    sql, params = _matches(terms, query, rank=True, typo=typo)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: float(rank) for pk, rank in cursor.fetchall()}


def ranked_ids(queryset: QuerySet, query: str) -> list[int]:
    """Ids of the services of ``queryset`` that match ``query``, most relevant first
    (then by name)."""
    terms = query_terms(query)
    if not terms:
        return [] if (query or "").strip() else list(queryset.values_list("pk", flat=True))
    typo = connection.vendor == "postgresql" and _pg_typo_mode(terms)
    sql, params = _matches(terms, query, rank=True, typo=typo)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rank = dict(cursor.fetchall())
    rows = filter_services(queryset, query, typo=typo).order_by("name", "pk")
    order = {pk: i for i, pk in enumerate(rows.values_list("pk", flat=True))}
    return sorted(order, key=lambda pk: (rank.get(pk, 0.0), order[pk]))
