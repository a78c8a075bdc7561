"""Deterministic natural-language parser for SAL-5 questions, in Spanish and English, onto a MetricQuery.

No model is involved: a question becomes a `MetricQuery` (the parameters of the fixed SQL of
`mcp_servers.sales_queries`) or an `Unsupported` answer that says, in the question's language, what was not
understood and what is supported. The parser never guesses: every word of the question must be understood
(or be a known filler word such as "cuál", "fue", "the", "show me"); anything else, two metrics, two
companies, two periods without a comparison, a ranking without a subject ... is `Unsupported`.

Text handling: Unicode NFKC (full-width letters become ASCII), case and accents ignored ("Éxito" = "exito"),
punctuation ignored except inside codes and dates (CO-0001, CMP-000123, 2025-01, 2025-01-15, 01/2025).
Questions longer than 300 characters, or holding control or invisible characters (zero-width spaces,
bidirectional overrides), are refused.

Grammar (case- and accent-insensitive; [x] optional; A|B alternatives):

- METRIC (exactly one):
  alcance | reach · tasa/porcentaje/% de éxito, éxito, cumplimiento de la meta | success rate/%, success ·
  ventas, ingresos, facturación, vendimos | sales, revenue, sold · ROI, retorno [de la inversión] |
  ROI, return [on investment] · costo(s), coste, gasto(s), inversión, gastamos | cost(s), spend, spent ·
  reacciones, me gusta | reactions, likes · impresiones, visualizaciones, vistas | impressions, views ·
  interacciones, engagement | interactions, engagement · leads, prospectos, clientes potenciales | leads,
  prospects · conversiones | conversions · tasa/% de conversión | conversion rate · cuántas campañas, número
  de campañas | how many campaigns, number of campaigns · meta de ventas | sales goal.
- GROUPING (at most one): por|by|per|para cada|en cada|for each|desglosado por|broken down by + canal |
  mercado/país | empresa/compañía/cliente/marca | campaña | mes | trimestre | año (and their English and
  plural forms); mensual/monthly, trimestral/quarterly, anual/yearly. A plural dimension noun ("los canales",
  "the markets") groups too.
- RANKING: top N | los/las N mejores/peores/primeros | N best/worst | the best/worst N | los/las/the N +
  plural subject ("las 5 campañas con más alcance", "the 3 markets by sales"); a singular superlative
  ("la mejor campaña", "el canal con más alcance", "which market had the highest ROI") is top 1; a plural one
  without a number ("las mejores campañas", "top campaigns") is top 5. mejor/mayor/más/best/highest/most rank
  descending; peor/menor/menos/worst/lowest/least/fewest ascending. N is 1..100 (digits or dos..diez /
  two..ten). A ranking needs a subject (a dimension).
- PERIOD (one, or two with a comparison): a month ("diciembre 2024", "en enero de 2025", "December 2024",
  "2025-01", "01/2025"; a month without a year is its most recent occurrence on or before `today`), a
  quarter ("Q1 2025", "2025-Q1", "primer trimestre de 2025", "first quarter of 2025", "T1 2025", "2T 2025"), a half
  ("primer semestre de 2025", "first half of 2025", "H1 2025"), a year ("2025", "en 2025", "del año 2025"),
  a range ("entre marzo y mayo de 2025", "de marzo a mayo de 2025", "between March and May 2025", "from
  2024-12-01 to 2025-01-15", "entre 2024 y 2025"), an ISO day ("2025-01-15"), "desde|since X" (from X to
  `today`), "hasta|until X" (up to the end of X); relative to `today` (the as-of date): "el mes pasado" /
  "last month", "este mes" / "this month" (to today), "el último trimestre", "el trimestre pasado" / "last
  quarter" (the last COMPLETE calendar quarter), "este trimestre" / "this quarter", "el año pasado" / "last
  year", "este año", "en lo que va del año" / "this year", "year to date", "los últimos N días|meses" / "the
  last N days|months" (N complete months before the current one), "la semana pasada" / "last week" (Monday to
  Sunday), "ayer" / "yesterday", "hoy" / "today".
- COMPARISON: comparado con | en comparación con | frente a | respecto a | contra | vs | versus | compara(r) X
  con Y | compared to/with | compare X with Y | against | crecimiento, variación, cambio, diferencia,
  evolución | growth, change, difference, evolution, with two periods (the first is the main one, the
  second the reference), or with one period and a reference relative to it: "el mes/trimestre/año anterior"
  / "the previous month/quarter/year" (the unit just before the main period, which must be that unit), "el
  período anterior" / "the previous period" (as long as the main one, right before it), "el mismo período del
  año anterior" / "the same period last year" (the main period one year earlier).
- FILTERS (at most one of each): company by code (CO-0001) or by a name of the `catalogue`; campaign by code
  (CMP-000001); channel by code or name (facebook, instagram, tiktok, linkedin, google ads, email/correo
  electrónico, sms, influencers, web/sitio web, plus catalogue names); market by an UPPER-CASE ISO code (CR,
  MX, ...) or by its Spanish or English name (Costa Rica, México/Mexico, Estados Unidos/United States/EE.UU./
  USA, España/Spain, ...). A dimension noun just before a name ("el canal facebook", "la empresa Aurora
  Alimentos", "the market Chile") is part of the filter.

`catalogue` (optional) is an iterable of ``(kind, code, name)`` with kind ``company``, ``channel`` or ``market``,
as `sales_queries.load_catalogue(conn)` returns it; without it, companies are recognised only by code.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import psycopg

from mcp_servers.sales_queries import (
    MetricQuery,
    describe,
    load_catalogue,
    run_metric_query,
    search_key,
    validate,
)

MAX_QUESTION_LENGTH = 300
MAX_TOP = 100
DEFAULT_PLURAL_TOP = 5


@dataclass(frozen=True)
class Unsupported:
    reason: str          # in the language of the question
    supported: str       # what the parser understands, with examples


SUPPORTED = {
    "es": (
        "Entiendo una métrica (alcance, tasa de éxito, ventas, ROI, costo, reacciones, impresiones, "
        "interacciones, leads, conversiones, tasa de conversión, número de campañas, meta de ventas), "
        "opcionalmente agrupada por campaña, empresa, canal, mercado, mes, trimestre o año, con un ranking "
        "(top N, las N mejores/peores), un período (diciembre 2024, Q1 2025, primer trimestre de 2025, entre "
        "marzo y mayo de 2025, 2025, el mes pasado, el último trimestre) o una comparación entre dos períodos, y "
        "filtros por empresa (código CO-0001 o nombre), campaña (CMP-000001), canal y mercado. Ejemplos: "
        "«¿Cuál fue el alcance por canal en diciembre 2024?», «Top 5 campañas por ROI en 2025», «Ventas de "
        "Aurora Alimentos en Q1 2025 comparado con Q4 2024», «Tasa de éxito por empresa el último trimestre», "
        "«Costo por mercado entre marzo y mayo de 2025»."),
    "en": (
        "I understand one metric (reach, success rate, sales, ROI, cost, reactions, impressions, interactions, "
        "leads, conversions, conversion rate, number of campaigns, sales goal), optionally grouped by campaign, "
        "company, channel, market, month, quarter or year, with a ranking (top N, the N best/worst), a period "
        "(December 2024, Q1 2025, first quarter of 2025, between March and May 2025, 2025, last month, last "
        "quarter) or a comparison between two periods, and filters by company (code CO-0001 or name), campaign "
        "(CMP-000001), channel and market. Examples: \"What was the reach by channel in December 2024?\", "
        "\"Top 5 campaigns by ROI in 2025\", \"Sales of Aurora Alimentos in Q1 2025 compared to Q4 2024\", "
        "\"Success rate by company last quarter\", \"Cost by market between March and May 2025\"."),
}

_MESSAGES = {
    "not_text": ("La pregunta debe ser texto.", "The question must be text."),
    "empty": ("La pregunta está vacía.", "The question is empty."),
    "too_long": ("La pregunta es demasiado larga (máximo {n} caracteres).",
                 "The question is too long (at most {n} characters)."),
    "invisible": ("La pregunta contiene caracteres de control o invisibles; escríbala solo con texto visible.",
                  "The question holds control or invisible characters; write it with visible text only."),
    "unknown_words": ("No entiendo {words}; no adivino lo que no entiendo.",
                      "I do not understand {words}; I do not guess what I do not understand."),
    "no_metric": ("No encontré qué medir (alcance, ventas, ROI, costo, tasa de éxito…).",
                  "I found nothing to measure (reach, sales, ROI, cost, success rate…)."),
    "many_metrics": ("La pregunta pide varias métricas ({items}); pregunte por una a la vez.",
                     "The question asks for several metrics ({items}); ask for one at a time."),
    "many_groups": ("La pregunta agrupa por varias dimensiones ({items}); use una sola.",
                    "The question groups by several dimensions ({items}); use only one."),
    "many_entities": ("La pregunta nombra más de un valor de {kind} ({items}); se filtra por uno a la vez (para "
                      "verlos lado a lado pida «… por {kind}»).",
                      "The question names more than one {kind} ({items}); one filter at a time (to see them "
                      "side by side ask \"… by {kind}\")."),
    "ambiguous_name": ("«{name}» corresponde a más de un valor de {kind}; use su código.",
                       "\"{name}\" matches more than one {kind}; use its code."),
    "two_periods": ("La pregunta nombra dos períodos ({items}) sin pedir compararlos; use «comparado con» o "
                    "un solo período.",
                    "The question names two periods ({items}) without asking to compare them; use \"compared "
                    "to\" or a single period."),
    "many_periods": ("La pregunta nombra más de dos períodos ({items}).",
                     "The question names more than two periods ({items})."),
    "compare_needs_two": ("Pide una comparación pero no encontré dos períodos (por ejemplo «enero 2025 comparado "
                          "con diciembre 2024» o «Q1 2025 frente al trimestre anterior»).",
                          "It asks for a comparison but I did not find two periods (for example \"January 2025 "
                          "compared to December 2024\" or \"Q1 2025 vs the previous quarter\")."),
    "relative_needs_unit": ("«{phrase}» necesita un período principal que sea un {unit} completo.",
                            "\"{phrase}\" needs a main period that is one whole {unit}."),
    "ranking_without_subject": ("Pide un ranking pero no dice de qué: campañas, empresas, canales, mercados, "
                                "meses, trimestres o años.",
                                "It asks for a ranking but not of what: campaigns, companies, channels, "
                                "markets, months, quarters or years."),
    "conflicting_order": ("Pide a la vez los mayores y los menores; elija uno.",
                          "It asks for both the highest and the lowest; choose one."),
    "top_range": ("El ranking admite de 1 a {n} elementos.", "A ranking holds 1 to {n} items."),
    "dimension_without_value": ("Menciona «{word}» sin nombrar cuál ni pedir «por {word}».",
                                "It mentions \"{word}\" without naming which one or asking \"by {word}\"."),
    "campaign_level": ("La tasa de éxito y la meta de ventas son de la campaña completa: no se dividen ni "
                       "filtran por canal o mercado.",
                       "The success rate and the sales goal belong to the whole campaign: they cannot be split "
                       "or filtered by channel or market."),
    "compare_time_group": ("Una comparación entre dos períodos no puede además agruparse por mes, trimestre o año.",
                           "A comparison between two periods cannot also be grouped by month, quarter or year."),
    "bad_period": ("El período {items} no es válido.", "The period {items} is not valid."),
    "invalid": ("La consulta resultante no es válida: {detail}.", "The resulting query is not valid: {detail}."),
}

_KIND_NAMES = {"es": {"company": "empresa", "channel": "canal", "market": "mercado", "campaign": "campaña"},
               "en": {"company": "company", "channel": "channel", "market": "market", "campaign": "campaign"}}
_DIM_LABELS = {"es": {"campaign": "campaña", "company": "empresa", "channel": "canal", "market": "mercado",
                      "month": "mes", "quarter": "trimestre", "year": "año"},
               "en": {"campaign": "campaign", "company": "company", "channel": "channel", "market": "market",
                      "month": "month", "quarter": "quarter", "year": "year"}}
_METRIC_NAMES = {"es": {"reach": "alcance", "success_pct": "tasa de éxito", "sales": "ventas", "roi": "ROI",
                        "cost": "costo", "reactions": "reacciones", "impressions": "impresiones",
                        "interactions": "interacciones", "leads": "leads", "conversions": "conversiones",
                        "campaigns": "número de campañas", "conversion_pct": "tasa de conversión",
                        "sales_goal": "meta de ventas"},
                 "en": {"reach": "reach", "success_pct": "success rate", "sales": "sales", "roi": "ROI",
                        "cost": "cost", "reactions": "reactions", "impressions": "impressions",
                        "interactions": "interactions", "leads": "leads", "conversions": "conversions",
                        "campaigns": "number of campaigns", "conversion_pct": "conversion rate",
                        "sales_goal": "sales goal"}}


def _unsupported(lang: str, key: str, **kwargs: object) -> Unsupported:
    es, en = _MESSAGES[key]
    return Unsupported(reason=(es if lang == "es" else en).format(**kwargs), supported=SUPPORTED[lang])


# --------------------------------------------------------------------------- vocabulary (folded forms)
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_RE = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_YEAR_RE = r"(?:20\d\d)"
_NUMBER_WORDS = {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
                 "diez": 10, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10}
_NUM_RE = r"(?:\d{1,4}|" + "|".join(_NUMBER_WORDS) + ")"
_ORDINALS = {"primer": 1, "primero": 1, "1er": 1, "1o": 1, "segundo": 2, "2do": 2, "2o": 2, "tercer": 3,
             "tercero": 3, "3er": 3, "3o": 3, "cuarto": 4, "4to": 4, "4o": 4, "first": 1, "1st": 1, "second": 2,
             "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORD_RE = "(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"

# metric phrases, longest first when matched
_METRIC_PHRASES: dict[str, tuple[str, ...]] = {
    "conversion_pct": ("tasa de conversion", "porcentaje de conversion", "% de conversion", "conversion rate",
                       "conversion %", "% conversion", "conversion percentage", "ratio de conversion"),
    "success_pct": ("tasa de exito", "porcentaje de exito", "% de exito", "indice de exito", "exito",
                    "cumplimiento de la meta", "cumplimiento de meta", "cumplimiento de metas", "cumplimiento",
                    "success rate", "success %", "% success", "success percentage", "percentage of success",
                    "success", "goal attainment", "goal achievement"),
    "roi": ("retorno de la inversion", "retorno sobre la inversion", "retorno de inversion", "retorno", "roi",
            "return on investment", "return on ad spend", "return", "rentabilidad"),
    "sales_goal": ("meta de ventas", "metas de ventas", "objetivo de ventas", "objetivos de ventas", "meta",
                   "metas", "sales goal", "sales goals", "sales target", "sales targets", "goal", "goals"),
    "campaigns": ("cuantas campanas", "numero de campanas", "cantidad de campanas", "total de campanas",
                  "how many campaigns", "number of campaigns", "count of campaigns", "campaign count"),
    "sales": ("monto de ventas", "monto vendido", "ventas", "venta", "ingresos", "facturacion", "vendimos",
              "vendio", "vendieron", "vendido", "sales amount", "sales", "revenue", "revenues", "sold"),
    "cost": ("inversion publicitaria", "gasto publicitario", "costo", "costos", "coste", "costes", "gasto", "gastos",
             "inversion", "gastamos", "gastaron", "gastado", "invertimos", "invertido", "ad spend", "spend",
             "spending", "spent", "cost", "costs", "investment"),
    "reach": ("personas alcanzadas", "alcance", "reach", "people reached"),
    "reactions": ("reacciones", "reaccion", "me gusta", "reactions", "reaction", "likes"),
    "impressions": ("impresiones", "impresion", "visualizaciones", "vistas", "impressions", "views"),
    "interactions": ("interacciones", "interaccion", "engagement", "interactions", "interaction"),
    "leads": ("clientes potenciales", "prospectos", "leads", "lead", "prospects"),
    "conversions": ("conversiones", "conversion", "conversions"),
}

_DIMENSION_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {   # (singular, plural)
    "channel": (("canal", "channel"), ("canales", "channels")),
    "market": (("mercado", "pais", "market", "country"), ("mercados", "paises", "markets", "countries")),
    "company": (("empresa", "compania", "cliente", "marca", "company", "client", "brand", "customer"),
                ("empresas", "companias", "clientes", "marcas", "companies", "clients", "brands", "customers")),
    "campaign": (("campana", "campaign"), ("campanas", "campaigns")),
    "month": (("mes", "month"), ("meses", "months")),
    "quarter": (("trimestre", "quarter"), ("trimestres", "quarters")),
    "year": (("ano", "year"), ("anos", "years")),
}
_ADJECTIVE_GROUPS = {"mensual": "month", "mensuales": "month", "monthly": "month", "trimestral": "quarter",
                     "trimestrales": "quarter", "quarterly": "quarter", "anual": "year", "anuales": "year",
                     "yearly": "year", "annual": "year"}
_GROUP_PREFIX = (r"(?:por|by|per|para cada|en cada|para|for each|in each|each|cada|desglosad[oa]s? por|"
                 r"broken down by|split by|agrupad[oa]s? por|grouped by|segun|across)")

_BUILTIN_CHANNELS = {
    "facebook": "facebook", "instagram": "instagram", "tiktok": "tiktok", "tik tok": "tiktok",
    "linkedin": "linkedin", "google ads": "google_ads", "google_ads": "google_ads", "google": "google_ads",
    "email": "email", "e-mail": "email", "correo": "email", "correo electronico": "email", "mail": "email",
    "sms": "sms", "mensajes de texto": "sms", "text messages": "sms", "influencers": "influencer",
    "influencer": "influencer", "influenciadores": "influencer", "web": "web", "sitio web": "web",
    "pagina web": "web", "website": "web",
}
_BUILTIN_MARKETS = {
    "estados unidos": "US", "united states": "US", "ee.uu": "US", "eeuu": "US", "usa": "US", "u.s.a": "US",
    "canada": "CA", "mexico": "MX", "guatemala": "GT", "costa rica": "CR", "panama": "PA", "colombia": "CO",
    "peru": "PE", "chile": "CL", "argentina": "AR", "brasil": "BR", "brazil": "BR", "espana": "ES",
    "spain": "ES", "alemania": "DE", "germany": "DE", "francia": "FR", "france": "FR",
}

_FILLER = set("""
a al algo all an and any are as at be been bien buen by cada can como con could cual cuales cualquier cuanto
cuanta cuantos cuantas da dame datos de del desde did dime do does dinero durante during e el ella en entre era
es esa ese eso esta este esto estos estas fue fueron give got had has hay have how hubo i in is it its la las
lo los me mi mis muestra muestrame mostrar much my nos nuestra nuestras nuestro nuestros of on our para please
por que quiero saber se see ser show sobre son su sus tell that the their there this to total totales tuvo
tuvieron tuvimos tiene tienen tenemos tengo u un una unas unos ver was we were what which who y you your cifra
cifras figura figures figure value valor number numero cantidad monto amount overall general todas todos all
resultados results result resultado campanas campaigns activas activos active with what's fue
logro lograron logramos obtuvo obtuvieron obtuvimos genero generaron generamos registro registraron registramos
hicieron hizo did get gets
achieve achieved generated generate made make had produce produced tener tuvo alcanzo alcanzaron alcanzamos
reached fueron favor quisiera podrias puedes could can would like lista list listado listame dime cual
us total del for many much desglose desglosado breakdown detalle ordenadas ordenados ordenado ordered sorted
ranked clasificadas according segun conforme
""".split())
_FILLER_PHRASES = ("por favor", "en total", "in total", "en el", "de la", "de las", "de los")


# --------------------------------------------------------------------------- text handling

def _fold(text: str) -> str:
    return search_key(text)


@dataclass
class _Token:
    text: str        # as written (after NFKC)
    folded: str
    start: int       # offset in the joined folded string


@dataclass
class _Period:
    pos: int
    start: date | None
    end: date | None
    unit: str
    text: str


@dataclass
class _State:
    tokens: list[_Token]
    joined: str
    used: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.used = [False] * len(self.tokens)

    def _index_of(self, offset: int) -> int | None:
        for i, t in enumerate(self.tokens):
            if t.start == offset:
                return i
        return None

    def find(self, pattern: str) -> list[tuple[re.Match, int, int]]:
        """Non-overlapping matches of pattern on whole tokens not yet used: (match, first, last+1)."""
        out = []
        for m in re.finditer(rf"(?<!\S)(?:{pattern})(?!\S)", self.joined):
            first = self._index_of(m.start())
            if first is None:
                continue
            last = first
            while last < len(self.tokens) and self.tokens[last].start < m.end():
                last += 1
            if any(self.used[first:last]):
                continue
            out.append((m, first, last))
        return out

    def take(self, pattern: str) -> list[tuple[re.Match, int, int]]:
        taken = []
        for m, first, last in self.find(pattern):
            if any(self.used[first:last]):
                continue
            self.used[first:last] = [True] * (last - first)
            taken.append((m, first, last))
        return taken

    def words(self, first: int, last: int) -> str:
        return " ".join(t.text for t in self.tokens[first:last])


def _tokenize(text: str) -> list[_Token]:
    raw = re.findall(r"[\w%]+(?:[-/.'][\w]+)*\.?|%", text)
    tokens, offset = [], 0
    for piece in raw:
        word = piece.rstrip(".")
        if not word:
            continue
        folded = _fold(word)
        tokens.append(_Token(word, folded, offset))
        offset += len(folded) + 1
    return tokens


_ES_MARKERS = set("""
el la los las de del en por cual cuales que fue fueron cuanto cuantos cuantas ventas alcance costo gasto
reacciones impresiones interacciones prospectos conversiones campanas canal canales mercado mercados empresa
empresas mes meses trimestre ano entre y comparado con frente mejores peores mejor peor dame muestrame tasa
exito retorno inversion ultimo ultimos pasado este esta enero febrero marzo abril mayo junio julio agosto
septiembre setiembre octubre noviembre diciembre
""".split())
_EN_MARKERS = set("""
the of in by what which was were how much many sales reach cost spend reactions impressions interactions
leads conversions campaigns channel channels market markets company companies month months quarter year
between and compared to with vs best worst show me give rate success return last this top per each
january february march april june july august september october november december from since until
""".split())


def language_of(question: str) -> str:
    """'es' or 'en' by marker words (Spanish when tied: the users are Spanish speakers)."""
    words = [_fold(w) for w in re.findall(r"\w+", question if isinstance(question, str) else "")]
    es = sum(w in _ES_MARKERS for w in words)
    en = sum(w in _EN_MARKERS for w in words)
    return "en" if en > es else "es"


# --------------------------------------------------------------------------- periods

def _month(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _quarter(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), _month(y, 3 * q)[1]


def _half(y: int, h: int) -> tuple[date, date]:
    return date(y, 6 * h - 5, 1), _month(y, 6 * h)[1]


def _year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def _recent_year_of_month(m: int, today: date) -> int:
    return today.year if m <= today.month else today.year - 1


def _shift_months(d: date, months: int) -> date:
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _parse_num(text: str) -> int:
    return _NUMBER_WORDS[text] if text in _NUMBER_WORDS else int(text)


def _periods(st: _State, today: date) -> tuple[list[_Period], list[tuple[int, str, str]]]:
    """Absolute and today-relative periods, and main-relative references (pos, kind, phrase)."""
    found: list[_Period] = []
    refs: list[tuple[int, str, str]] = []

    def add(first: int, last: int, span: tuple[date, date] | tuple[date | None, date | None], unit: str) -> None:
        found.append(_Period(first, span[0], span[1], unit, st.words(first, last)))

    iso = r"\d{4}-\d{2}-\d{2}"
    for m, a, b in st.take(rf"(?:(?:del?|desde|from|entre|between) )?({iso}) (?:al?|hasta|to|until|through|y|and"
                           rf"|-) ({iso})"):
        add(a, b, (date.fromisoformat(m[1]), date.fromisoformat(m[2])), "range")
    # main-relative references (used only with a comparison)
    for _m, a, b in st.take(r"(?:el |la |the )?(?:mismo (?:periodo|mes|trimestre) del (?:ano anterior|ano pasado)|"
                           r"same (?:period|month|quarter) (?:of the previous year|last year|a year before)|"
                           r"mismo periodo de?l? ano anterior)"):
        refs.append((a, "same_last_year", st.words(a, b)))
    for m, a, b in st.take(r"(?:el |la |the )?(mes|trimestre|semestre|ano|periodo|month|quarter|half|year|period)"
                           r" (?:anterior|previo|precedente)|(?:the )?(?:previous|prior|preceding) "
                           r"(month|quarter|half|year|period)"):
        word = m[1] or m[2]
        unit = {"mes": "month", "trimestre": "quarter", "semestre": "half", "ano": "year", "periodo": "period"}.get(
            word, word)
        refs.append((a, unit, st.words(a, b)))
    # today-relative
    rel = [
        (r"(?:el |the )?(?:mes pasado|ultimo mes|last month|past month)", "last_month"),
        (r"(?:este mes|el mes actual|mes en curso|en lo que va del mes|this month|current month|month to date)",
         "this_month"),
        (r"(?:el |the )?(?:ultimo trimestre|trimestre pasado|last quarter|past quarter)", "last_quarter"),
        (r"(?:este trimestre|el trimestre actual|trimestre en curso|this quarter|current quarter)", "this_quarter"),
        (r"(?:el |the )?(?:ano pasado|ultimo ano|last year|past year)", "last_year"),
        (r"(?:este ano|el ano actual|en lo que va del ano|lo que va del ano|this year|current year|year to date|"
         r"ytd)", "this_year"),
        (r"(?:la |the )?(?:semana pasada|ultima semana|last week|past week)", "last_week"),
        (r"(?:ayer|yesterday)", "yesterday"),
        (r"(?:hoy|today)", "today"),
    ]
    for pattern, kind in rel:
        for _m, a, b in st.take(pattern):
            if kind == "last_month":
                y, mm = divmod(today.year * 12 + today.month - 2, 12)
                span = _month(y, mm + 1)
            elif kind == "this_month":
                span = (today.replace(day=1), today)
            elif kind == "last_quarter":
                q = (today.month - 1) // 3 + 1
                span = _quarter(today.year, q - 1) if q > 1 else _quarter(today.year - 1, 4)
            elif kind == "this_quarter":
                span = (_quarter(today.year, (today.month - 1) // 3 + 1)[0], today)
            elif kind == "last_year":
                span = _year(today.year - 1)
            elif kind == "this_year":
                span = (date(today.year, 1, 1), today)
            elif kind == "last_week":
                monday = today - timedelta(days=today.weekday() + 7)
                span = (monday, monday + timedelta(days=6))
            elif kind == "yesterday":
                span = (today - timedelta(days=1), today - timedelta(days=1))
            else:
                span = (today, today)
            add(a, b, span, kind)
    for m, a, b in st.take(rf"(?:(?:en )?(?:los |las |the )?(?:ultimos|ultimas|last|past) ({_NUM_RE}) "
                           r"(dias|days|meses|months|semanas|weeks))"):
        n = _parse_num(m[1])
        if not 1 <= n <= 1000:
            continue
        if m[2] in ("dias", "days"):
            span = (today - timedelta(days=n - 1), today)
        elif m[2] in ("semanas", "weeks"):
            span = (today - timedelta(days=7 * n - 1), today)
        else:
            first_month = _shift_months(today.replace(day=1), -n)
            span = (first_month, today.replace(day=1) - timedelta(days=1))
        add(a, b, span, "range")

    # month ranges
    mo = _MONTH_RE
    for m, a, b in st.take(rf"(?:(?:entre|between|from|desde|de|del) )?(?:el mes de )?({mo})(?: (?:de |del |of )?"
                           rf"({_YEAR_RE}))? (?:y|and|to|a|al|hasta|through|until|-) (?:el mes de )?({mo})"
                           rf"(?: (?:de |del |of )?({_YEAR_RE}))?"):
        m1, m2 = _MONTHS[m[1]], _MONTHS[m[3]]
        y1, y2 = (int(m[2]) if m[2] else None), (int(m[4]) if m[4] else None)
        if y2 is None and y1 is None:
            y2 = _recent_year_of_month(m2, today)
        if y1 is None:
            y1 = y2 if m1 <= m2 else y2 - 1
        if y2 is None:
            y2 = y1 if m2 >= m1 else y1 + 1
        add(a, b, (_month(y1, m1)[0], _month(y2, m2)[1]), "range")
    # year ranges
    for m, a, b in st.take(rf"(?:entre|between|from|desde|de|del) (?:el |los anos |the years )?({_YEAR_RE}) "
                           rf"(?:y|and|to|a|al|hasta|through|until|-) (?:el )?({_YEAR_RE})"):
        add(a, b, (_year(int(m[1]))[0], _year(int(m[2]))[1]), "range")
    # quarters
    for m, a, b in st.take(rf"(?:el |the )?({_ORD_RE}) (?:trimestre|quarter)(?: (?:de |del |of |in )?(?:ano |"
                           rf"the year )?({_YEAR_RE}))?"):
        q = _ORDINALS[m[1]]
        y = int(m[2]) if m[2] else (today.year if _quarter(today.year, q)[0] <= today else today.year - 1)
        add(a, b, _quarter(y, q), "quarter")
    for m, a, b in st.take(rf"(?:(?:el |the )?(?:trimestre|quarter) )?(?:q|t)([1-4])(?:(?:[ -]|[ ](?:de|del|of)"
                           rf"[ ])({_YEAR_RE}))?|({_YEAR_RE})[ -]?(?:q|t)([1-4])|([1-4])(?:q|t)(?:[ -]({_YEAR_RE}))?"):
        q = int(m[1] or m[4] or m[5])
        ytxt = m[2] or m[3] or m[6]
        y = int(ytxt) if ytxt else (today.year if _quarter(today.year, q)[0] <= today else today.year - 1)
        add(a, b, _quarter(y, q), "quarter")
    # halves
    for m, a, b in st.take(rf"(?:el |the )?(primer|1er|segundo|2do|first|second|1st|2nd) (?:semestre|half)"
                           rf"(?: (?:de |del |of )?({_YEAR_RE}))?|h([12])(?:[ -]({_YEAR_RE}))?"):
        h = 1 if (m[1] or "") in ("primer", "1er", "first", "1st") or m[3] == "1" else 2
        ytxt = m[2] or m[4]
        y = int(ytxt) if ytxt else (today.year if _half(today.year, h)[0] <= today else today.year - 1)
        add(a, b, _half(y, h), "half")
    # ISO day, ISO month, MM/YYYY
    for m, a, b in st.take(iso):
        d = date.fromisoformat(m[0])
        add(a, b, (d, d), "day")
    for m, a, b in st.take(rf"({_YEAR_RE})-(0[1-9]|1[0-2])|(0?[1-9]|1[0-2])/({_YEAR_RE})"):
        y, mm = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        add(a, b, _month(y, mm), "month")
    # month (+ year)
    for m, a, b in st.take(rf"(?:el mes de |the month of )?({mo})(?: (?:de |del |of )?({_YEAR_RE}))"):
        add(a, b, _month(int(m[2]), _MONTHS[m[1]]), "month")
    for m, a, b in st.find(rf"(?:el mes de |the month of )?({mo})"):
        # English "may" alone is a month only after a preposition ("in May"); otherwise it stays unknown.
        if m[1] == "may" and not (a > 0 and st.tokens[a - 1].folded in ("in", "during", "for", "since", "of",
                                                                         "from", "until", "through")):
            continue
        st.used[a:b] = [True] * (b - a)
        mm = _MONTHS[m[1]]
        add(a, b, _month(_recent_year_of_month(mm, today), mm), "month")
    # years
    for m, a, b in st.take(rf"(?:(?:el |del |en el |the )?(?:ano|year) )?({_YEAR_RE})"):
        add(a, b, _year(int(m[1])), "year")

    # desde/since X -> X..today ; hasta/until X -> ..end of X
    for p in found:
        if p.pos > 0 and not st.used[p.pos - 1]:
            before = st.tokens[p.pos - 1].folded
            if before in ("desde", "since") and p.unit not in ("range",):
                p.end, p.unit = today, "since"
                st.used[p.pos - 1] = True
            elif before in ("hasta", "until", "through") and p.unit not in ("range",):
                p.start, p.unit = None, "until"
                st.used[p.pos - 1] = True
    found.sort(key=lambda p: p.pos)
    refs.sort()
    return found, refs


def _reference(kind: str, main: _Period) -> tuple[date, date] | None:
    """The comparison period a main-relative reference denotes, or None when main is not that unit."""
    if main.start is None or main.end is None:
        return None
    if kind == "same_last_year":
        end = _shift_months(main.end, -12)
        if main.end == _month(main.end.year, main.end.month)[1]:      # a month end stays a month end
            end = _month(end.year, end.month)[1]
        return _shift_months(main.start, -12), end
    if kind == "period":
        length = (main.end - main.start).days + 1
        return main.start - timedelta(days=length), main.start - timedelta(days=1)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    whole = {
        "month": main.start.day == 1 and main.end == _month(main.start.year, main.start.month)[1]
        and main.start.month == main.end.month and main.start.year == main.end.year,
        "quarter": main.unit == "quarter" or (main.start.day == 1 and main.start.month % 3 == 1
                                              and main.end == _shift_months(main.start, 3) - timedelta(days=1)),
        "half": main.unit == "half",
        "year": main.start == date(main.start.year, 1, 1) and main.end == date(main.start.year, 12, 31),
    }[kind]
    if not whole:
        return None
    start = _shift_months(main.start, -months)
    return start, main.start - timedelta(days=1)


# --------------------------------------------------------------------------- the parser

_AMBIGUOUS = "\x00ambiguous"


def _catalogue_names(catalogue: list[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """Folded name -> code per kind; a name two codes share maps to _AMBIGUOUS (never silently one of them)."""
    names: dict[str, dict[str, str]] = {"company": {}, "channel": dict(_BUILTIN_CHANNELS),
                                        "market": dict(_BUILTIN_MARKETS)}
    for kind, code, name in catalogue:
        if kind not in names or not isinstance(name, str) or not isinstance(code, str):
            continue
        keys = [_fold(name)] + ([_fold(code)] if kind == "channel" else [])
        for key in filter(None, keys):
            known = names[kind].get(key)
            names[kind][key] = code if known in (None, code) else _AMBIGUOUS
    return names


def parse_question(question: str, *, today: date,
                   catalogue: Iterable[tuple[str, str, str]] | None = None) -> MetricQuery | Unsupported:
    """A Spanish or English question -> MetricQuery, or Unsupported (reason in the question's language).

    `today` is the as-of date relative periods are computed from; `catalogue` the known (kind, code, name)
    companies, channels and markets (see the module docstring for the grammar)."""
    if not isinstance(today, date):
        raise ValueError("today must be a date (the as-of date relative periods are computed from)")
    if isinstance(today, datetime):
        today = today.date()
    if not isinstance(question, str):
        return _unsupported("es", "not_text")
    lang = language_of(question)
    if len(question) > MAX_QUESTION_LENGTH:
        return _unsupported(lang, "too_long", n=MAX_QUESTION_LENGTH)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn") and ch not in "\t\n\r" for ch in question):
        return _unsupported(lang, "invisible")
    text = unicodedata.normalize("NFKC", question)
    tokens = _tokenize(text)
    if not tokens:
        return _unsupported(lang, "empty")
    st = _State(tokens, " ".join(t.folded for t in tokens))
    catalogue = [tuple(e) for e in catalogue if isinstance(e, tuple | list) and len(e) == 3] if catalogue else []
    names = _catalogue_names(catalogue)
    entities: dict[str, list[tuple[int, str, str]]] = {"company": [], "channel": [], "market": [], "campaign": []}

    # 1. codes
    for m, a, b in st.take(r"cmp-\d{6}"):
        entities["campaign"].append((a, m[0].upper(), st.words(a, b)))
    for m, a, b in st.take(r"co-\d{4}"):
        entities["company"].append((a, m[0].upper(), st.words(a, b)))
    # 2. names (longest first, whole words)
    phrases = sorted(((key, kind, code) for kind, d in names.items() for key, code in d.items()),
                     key=lambda x: (-len(x[0]), x[0]))
    for key, kind, code in phrases:
        for _m, a, b in st.take(re.escape(key)):
            entities[kind].append((a, code, st.words(a, b)))
    market_codes = set(_BUILTIN_MARKETS.values()) | {c for k, c, _n in catalogue if k == "market"}
    for i, t in enumerate(st.tokens):
        if not st.used[i] and len(t.text) == 2 and t.text.isupper() and t.text in market_codes:
            st.used[i] = True
            entities["market"].append((i, t.text, t.text))
    # a dimension noun right before its entity belongs to the filter
    for kind, found in entities.items():
        nouns = _DIMENSION_WORDS[kind][0] + _DIMENSION_WORDS[kind][1]
        for pos, _code, _text in found:
            j = pos - 1
            if j >= 0 and not st.used[j] and st.tokens[j].folded in ("de", "del", "of"):
                j -= 1          # "el mercado de Costa Rica"
            if j >= 0 and not st.used[j] and st.tokens[j].folded in nouns:
                st.used[j] = True

    # 3. comparison keywords
    compare_words = st.take(r"comparad[oa]s? (?:con|contra|a)|comparando (?:con|contra)|en comparacion (?:con|a)|"
                            r"comparad[oa]s?|frente al?|respecto al?|con respecto al?|contra|vs|versus|"
                            r"compared (?:to|with)|compared|comparison (?:with|to)|in comparison (?:to|with)|"
                            r"against|compara(?:r)?|compare|comparacion|comparison|(?:el |la |the )?(?:crecimiento|"
                            r"variacion|cambio|diferencia|evolucion|growth|change|difference|evolution)")

    # 4. periods
    periods, refs = _periods(st, today)

    # 5. ranking
    top: int | None = None
    order_words: set[str] = set()
    plural_rank = False
    for m, _a, _b in st.take(rf"top[ -]?({_NUM_RE})?|(?:los |las |the )?({_NUM_RE}) (mejores|peores|primeros|"
                             r"primeras|principales|best|worst|top|highest|lowest|bottom)|(?:los |las |the )?"
                             rf"(mejores|peores|principales|best|worst|highest|lowest|bottom) ({_NUM_RE})"):
        n_text = m[1] or m[2] or m[5]
        word = m[3] or m[4] or "top"
        if n_text:
            top = _parse_num(n_text)
        else:
            plural_rank = True
        order_words.add("asc" if word in ("peores", "worst", "lowest", "bottom") else "desc")
    for m, _a, _b in st.take(r"(?:el |la |los |las |the )?(?:(?:mas|menos|most|least) (?:alt[oa]s?|baj[oa]s?|high|"
                             r"low)|mejor|mejores|peor|peores|mayor|mayores|menor|menores|best|worst|highest|"
                             r"lowest|most|least|fewest|mas|menos|maximo|maxima|minimo|minima|max|min|top|bottom)"):
        w = m[0].split()[-1] if m[0].split()[-1] not in ("alto", "alta", "altos", "altas", "high", "bajo", "baja",
                                                          "bajos", "bajas", "low") else m[0]
        low = any(x in m[0] for x in ("peor", "menor", "menos", "worst", "lowest", "least", "fewest", "minim",
                                       "min", "bottom", "baj", "low"))
        order_words.add("asc" if low else "desc")
        if w in ("mejores", "peores", "mayores", "menores", "top", "bottom"):
            plural_rank = True
    # "las 5 campañas con más alcance", "the 3 markets by sales": a number before a plural subject is a top N
    # when an article or a superlative says so ("ventas en 2 meses" stays unknown)
    plurals = "|".join(w for _s, p in _DIMENSION_WORDS.values() for w in p)
    for m, a, _b in st.find(rf"(?:los |las |the )?({_NUM_RE}) (?:{plurals})"):
        has_article = st.tokens[a].folded in ("los", "las", "the")
        if top is None and (has_article or order_words):
            top = _parse_num(m[1])
            number_at = a + (1 if has_article else 0)
            st.used[a:number_at + 1] = [True] * (number_at + 1 - a)
    ranking = bool(order_words) or top is not None
    if top is not None and not order_words:
        order_words.add("desc")

    # 6. metrics
    metrics: list[tuple[int, str, str]] = []
    phrase_list = sorted(((p, metric) for metric, ps in _METRIC_PHRASES.items() for p in ps),
                         key=lambda x: (-len(x[0]), x[0]))
    for phrase, metric in phrase_list:
        for _m, a, b in st.take(re.escape(phrase)):
            metrics.append((a, metric, st.words(a, b)))

    # 7. grouping
    groups: list[tuple[str, str]] = []
    for dim, (singular, plural) in _DIMENSION_WORDS.items():
        words = "|".join(singular + plural)
        for _m, a, b in st.take(rf"{_GROUP_PREFIX} (?:el |la |los |las |the |cada |each )?(?:{words})"):
            groups.append((dim, st.words(a, b)))
    for word, dim in _ADJECTIVE_GROUPS.items():
        for _m, a, b in st.take(rf"(?:de forma |por |)(?:{word})"):
            groups.append((dim, st.words(a, b)))
    for i, t in enumerate(st.tokens):      # plural nouns, and singular ones in a ranking/"which" question
        if st.used[i]:
            continue
        for dim, (singular, plural) in _DIMENSION_WORDS.items():
            if t.folded in plural and (dim != "campaign" or ranking):
                st.used[i] = True
                groups.append((dim, t.text))
            elif t.folded in singular and (ranking or (i > 0 and st.tokens[i - 1].folded in (
                    "que", "cual", "which", "what"))):
                st.used[i] = True
                groups.append((dim, t.text))
    # 8. fillers
    for phrase in _FILLER_PHRASES:
        st.take(re.escape(phrase))
    leftovers = []
    for i, t in enumerate(st.tokens):
        if st.used[i] or t.folded in _FILLER:
            continue
        leftovers.append(t)

    # ---------------------------------------------------------------- decide
    singular_of = {w: dim for dim, (singular, _plural) in _DIMENSION_WORDS.items() for w in singular}
    unknown = [t for t in leftovers if t.folded not in singular_of]
    if unknown:
        words = ", ".join(f"«{t.text[:30]}»" if lang == "es" else f'"{t.text[:30]}"' for t in unknown[:6])
        return _unsupported(lang, "unknown_words", words=words)
    if leftovers:       # only dimension nouns are left: "ventas del canal" names no channel
        return _unsupported(lang, "dimension_without_value", word=_DIM_LABELS[lang][singular_of[leftovers[0].folded]])
    distinct_metrics = list(dict.fromkeys(m for _p, m, _t in metrics))
    if not distinct_metrics:
        return _unsupported(lang, "no_metric")
    if len(distinct_metrics) > 1:
        return _unsupported(lang, "many_metrics",
                            items=", ".join(_METRIC_NAMES[lang][m] for m in distinct_metrics))
    metric = distinct_metrics[0]
    distinct_groups = list(dict.fromkeys(d for d, _t in groups))
    if len(distinct_groups) > 1:
        return _unsupported(lang, "many_groups", items=", ".join(t for _d, t in groups))
    group_by = distinct_groups[0] if distinct_groups else None
    filters: dict[str, str | None] = {}
    for kind, found in entities.items():
        unclear = [t for _p, code, t in found if code == _AMBIGUOUS]
        if unclear:
            return _unsupported(lang, "ambiguous_name", name=unclear[0], kind=_KIND_NAMES[lang][kind])
        codes = list(dict.fromkeys(code for _p, code, _t in found))
        if len(codes) > 1:
            return _unsupported(lang, "many_entities", kind=_KIND_NAMES[lang][kind],
                                items=", ".join(t for _p, _c, t in found))
        filters[kind] = codes[0] if codes else None
    if len(order_words) > 1:
        return _unsupported(lang, "conflicting_order")
    order = order_words.pop() if order_words else "desc"
    if ranking:
        if group_by is None:
            return _unsupported(lang, "ranking_without_subject")
        if top is None:
            top = DEFAULT_PLURAL_TOP if plural_rank or _plural_subject(groups) else 1
        if not 1 <= top <= MAX_TOP:
            return _unsupported(lang, "top_range", n=MAX_TOP)

    comparing = bool(compare_words)
    items = ", ".join(p.text for p in periods)
    main = cmp_ = None
    if comparing:
        if len(periods) == 2 and not refs:
            main, cmp_ = periods
            cmp_span = (cmp_.start, cmp_.end)
        elif len(periods) == 1 and len(refs) == 1:
            main = periods[0]
            kind, phrase = refs[0][1], refs[0][2]
            cmp_span = _reference(kind, main)
            if cmp_span is None:
                unit = {"es": {"month": "mes", "quarter": "trimestre", "half": "semestre", "year": "año",
                               "period": "período", "same_last_year": "período"},
                        "en": {"same_last_year": "period"}}[lang].get(kind, kind)
                return _unsupported(lang, "relative_needs_unit", phrase=phrase, unit=unit)
        else:
            return _unsupported(lang, "compare_needs_two")
        if main.start is None or main.end is None or cmp_span[0] is None or cmp_span[1] is None:
            return _unsupported(lang, "compare_needs_two")
        if group_by in ("month", "quarter", "year"):
            return _unsupported(lang, "compare_time_group")
    else:
        if refs:
            if periods:
                return _unsupported(lang, "two_periods", items=", ".join([items] + [r[2] for r in refs]))
            # without a comparison, "el mes anterior" is simply the previous month relative to today
            kind = refs[0][1]
            if len(refs) > 1 or kind in ("period", "same_last_year"):
                return _unsupported(lang, "compare_needs_two")
            fake = _Period(0, *{"month": _month(today.year, today.month), "quarter": _quarter(
                today.year, (today.month - 1) // 3 + 1), "half": _half(today.year, 1 if today.month <= 6 else 2),
                "year": _year(today.year)}[kind], kind, "")
            span = _reference(kind, fake)
            periods = [_Period(refs[0][0], span[0], span[1], kind, refs[0][2])]
        if len(periods) > 2:
            return _unsupported(lang, "many_periods", items=items)
        if len(periods) == 2:
            return _unsupported(lang, "two_periods", items=items)
        main = periods[0] if periods else None

    if metric in ("success_pct", "sales_goal") and (group_by in ("channel", "market") or filters["channel"]
                                                    or filters["market"]):
        return _unsupported(lang, "campaign_level")
    try:
        q = MetricQuery(
            metric=metric, group_by=group_by,
            date_from=main.start if main else None, date_to=main.end if main else None,
            company=filters["company"], channel=filters["channel"], market=filters["market"],
            campaign=filters["campaign"], top=top if ranking else None, order=order,
            compare_from=cmp_span[0] if comparing else None, compare_to=cmp_span[1] if comparing else None)
        validate(q)
    except (ValueError, TypeError) as exc:
        if main is not None and main.start and main.end and main.start > main.end:
            return _unsupported(lang, "bad_period", items=main.text)
        return _unsupported(lang, "invalid", detail=str(exc))
    return q


def answer_question(conn: psycopg.Connection, question: str, *, today: date, max_rows: int = 500,
                    catalogue: Iterable[tuple[str, str, str]] | None = None) -> dict:
    """`ask` without a model: parse, then run the fixed query. A JSON-friendly dict, either
    ``{"status": "answered", "language", "query", "columns", "rows", "sql", "params", "truncated"}`` or
    ``{"status": "unsupported", "language", "reason", "supported"}``. The catalogue is loaded from the
    database when not given. Database errors (e.g. the statement timeout) are raised, not turned into text."""
    lang = language_of(question)
    parsed = parse_question(question, today=today,
                            catalogue=load_catalogue(conn) if catalogue is None else catalogue)
    if isinstance(parsed, MetricQuery):
        try:
            result = run_metric_query(conn, parsed, max_rows=max_rows)
        except ValueError as exc:
            parsed = _unsupported(lang, "invalid", detail=str(exc))
        else:
            return {"status": "answered", "language": lang, "query": describe(parsed), "columns": result.columns,
                    "rows": result.rows, "sql": result.sql, "params": result.params, "truncated": result.truncated}
    return {"status": "unsupported", "language": lang, "reason": parsed.reason, "supported": parsed.supported}


def _plural_subject(groups: list[tuple[str, str]]) -> bool:
    """True when the ranking's subject was written in the plural ("campañas", "channels")."""
    for dim, text in groups:
        if _fold(text).split()[-1] in _DIMENSION_WORDS[dim][1]:
            return True
    return False
