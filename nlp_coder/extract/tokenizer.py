"""The clinical tokenizer: spaCy's English tokenizer, cache-safe, with therapy shorthand.

Two changes to the default English rules (``spacy.blank("en")``):

1. The whitespace special cases (``"\\n"``, ``"\\t"``, ``" "``, ``"\\xa0"``) are
   dropped. Any of them turns the tokenizer cache off for the rest of a Doc
   (explosion/spaCy #13950); without them tokens, ``idx`` and ``whitespace_``
   are identical and tokenization is several times faster
   (``shared/research/nlp-ecosystem.md`` section 3).
2. Therapy shorthand (the only intended differences from the default, each
   asserted in ``tests/extract/test_tokenizer.py``):

   * ``3x10`` -> ``3`` ``x`` ``10`` (sets x reps) and ``x12`` -> ``x`` ``12``
     (``x12'`` minutes, ``x2`` units), so numbers are their own tokens;
   * ``s/p``, ``c/o``, ``w/o``, ``w/c``, ``b/l``, ``h/o``, ``d/c``, ``f/u`` stay
     one token (the default splits them into three);
   * a list mark glued to a word (``-Gait``, ``•TE``) is split off, as the
     default already does for ``*`` and ``>``.

   * a whitespace-free run of 500+ characters (junk, not clinical text) is
     cut into 100-character tokens: affix splitting is quadratic in the run.

Everything else (``2#``, ``10:05-10:20``, ``97110``, ``L hemi``, ``STS``,
``1:1``, ``w/``) is already tokenized usefully by the default rules.
"""

from __future__ import annotations

import re

import spacy
from spacy.lang.en import English
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

# Slash abbreviations kept as one token (any case).
SLASH_SHORTHAND = ("s/p", "c/o", "w/o", "w/c", "b/l", "h/o", "d/c", "f/u")

# Extra affix rules: "3x10" -> 3 x 10 ; "x12" -> x 12.
EXTRA_INFIXES = (r"(?<=[0-9])[xX](?=[0-9])",)
# A list mark glued to the first word ("-Gait 12 min", "•TE 15'") is its own token, as it is with a space.
BULLETS = "-–•◦▪‣●○■□·"
EXTRA_PREFIXES = (r"[xX](?=[0-9])", rf"[{BULLETS}]+(?=[A-Za-z])")

# What the shorthand rules may change, for the equality test (a chunk of text
# whose default tokenization differs must contain one of these).
SHORTHAND_RE = re.compile(
    r"[0-9][xX][0-9]|(?<![A-Za-z])[xX][0-9]|(?<![A-Za-z])(?:" + "|".join(re.escape(s) for s in SLASH_SHORTHAND) + r")(?![A-Za-z])"
    rf"|(?<!\S)[{BULLETS}]+(?=[A-Za-z])",
    re.IGNORECASE,
)


def _special_cases(base_rules: dict) -> dict:
    # The whitespace fix. The slash shorthand is *not* added as special cases: any special-case hit turns
    # the tokenizer cache off for the rest of the Doc (spaCy #13950), so it goes through token_match.
    return {k: v for k, v in base_rules.items() if k.strip()}


_SLASH_MATCH = re.compile(r"(?:" + "|".join(re.escape(s) for s in SLASH_SHORTHAND) + r")$", re.IGNORECASE).match


def _token_match(default_match):
    if default_match is None:
        return _SLASH_MATCH

    def match(text):
        return _SLASH_MATCH(text) or default_match(text)

    return match


LONG_RUN = 500
_LONG_RUN_RE = re.compile(r"\S{%d,}" % LONG_RUN)


class ClinicalTokenizer(Tokenizer):
    """A spaCy Tokenizer that also keeps the input string on the Doc.

    ``Doc.text`` is rebuilt from the tokens on every access (O(tokens) in
    Python); the extraction components read the string many times, so the
    tokenizer stores it once in ``doc.user_data["nlp_coder.text"]``.
    """

    def __call__(self, text):
        if len(text) >= LONG_RUN and _LONG_RUN_RE.search(text):
            doc = self._with_long_runs(text)
        else:
            doc = super().__call__(text)
        doc.user_data["nlp_coder.text"] = text
        return doc

    def _with_long_runs(self, text):
        """Affix splitting is quadratic in the length of a whitespace-free run ("!!!...???" x 1000 takes
        seconds); runs of LONG_RUN characters or more are cut into fixed pieces instead. Text is unchanged."""
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0

        def add_normal(part: str) -> None:
            if part:
                d = Tokenizer.__call__(self, part)
                words.extend(t.text for t in d)
                spaces.extend(bool(t.whitespace_) for t in d)

        for m in _LONG_RUN_RE.finditer(text):
            add_normal(text[pos:m.start()])
            run = m.group()
            pieces = [run[i:i + 100] for i in range(0, len(run), 100)]
            words.extend(pieces)
            spaces.extend([False] * len(pieces))
            nxt = text[m.end():m.end() + 1]
            if nxt == " ":
                spaces[-1] = True
                pos = m.end() + 1
            else:
                pos = m.end()
        add_normal(text[pos:])
        return Doc(self.vocab, words=words, spaces=spaces)


def make_clinical_tokenizer(nlp) -> Tokenizer:
    defaults = English.Defaults
    prefixes = list(defaults.prefixes or []) + list(EXTRA_PREFIXES)
    infixes = list(defaults.infixes or []) + list(EXTRA_INFIXES)
    base = nlp.tokenizer if isinstance(getattr(nlp, "tokenizer", None), Tokenizer) else None
    rules = _special_cases(dict(base.rules) if base is not None and base.rules else dict(defaults.tokenizer_exceptions))
    # suffixes, token_match and url_match exactly as spaCy's default English tokenizer builds them
    # (spacy.language.create_tokenizer); building them directly avoids a second blank pipeline (~0.3 s).
    return ClinicalTokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(defaults.suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=_token_match(defaults.token_match),
        url_match=defaults.url_match,
    )


@spacy.registry.tokenizers("nlp_coder.tokenizer.v1")
def create_clinical_tokenizer():
    """Registered tokenizer factory: ``[nlp.tokenizer] @tokenizers = "nlp_coder.tokenizer.v1"``."""

    def tokenizer_factory(nlp):
        return make_clinical_tokenizer(nlp)

    return tokenizer_factory
