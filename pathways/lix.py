"""LIX (läsbarhetsindex, Björnsson 1968): how hard a Swedish text is to read.

LIX = words per sentence + the share of long words (more than six letters) in per cent. Under 30
is easy (children's books, lättläst), 40 ordinary prose, over 50 official texts. Pure: a string in,
a number out, so a test can score any rendered text.
"""

import re

# A word is a run of letters (å, ä, ö and the rest); a number or a phone number is not a word.
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A sentence ends with . ! ? or : (as Björnsson counted), or where the text ends.
SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")
LONG = 6


def words(text: str) -> list[str]:
    return WORD.findall(text)


def sentences(text: str) -> int:
    """How many sentences: the ends counted, and one more for a last one without its full stop."""
    ends = len(SENTENCE_END.findall(text))
    tail = SENTENCE_END.split(text)[-1]
    return ends + (1 if words(tail) else 0)


def score(text: str) -> float:
    """The text's LIX; 0 for a text without words."""
    found = words(text)
    if not found:
        return 0.0
    long_words = sum(len(word.replace("-", "")) > LONG for word in found)
    return len(found) / sentences(text) + 100 * long_words / len(found)
