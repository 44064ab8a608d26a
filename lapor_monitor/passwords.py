"""Password rules beyond Django's: no password made of words an attacker tries first here
(the system's and ministry's names, the provinces, common Indonesian words), whatever digits,
symbols or look-alike characters are added around them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Lower case, letters only; longer words first so that "kemenpanrb" goes before "kemenpan".
GUESSABLE_WORDS = sorted(
    {
        # The system, the ministry, the government.
        "lapor",
        "sp4n",
        "span",
        "sp4nlapor",
        "kemenpan",
        "kemenpanrb",
        "menpan",
        "panrb",
        "kementerian",
        "pemerintah",
        "pemprov",
        "pemkab",
        "pemkot",
        "monitor",
        "dashboard",
        "dasbor",
        "admin",
        "evaluator",
        "koordinator",
        "pemantau",
        "indonesia",
        "nkri",
        "garuda",
        "pancasila",
        "merdeka",
        # Common Indonesian password words.
        "rahasia",
        "katasandi",
        "sandi",
        "password",
        "passw",
        "bismillah",
        "sayang",
        "cinta",
        "qwerty",
        "asdf",
        "abc",
        # The provinces (and their usual short forms).
        "aceh",
        "sumatera",
        "sumatra",
        "utara",
        "barat",
        "selatan",
        "tengah",
        "timur",
        "riau",
        "kepulauan",
        "kepri",
        "jambi",
        "bengkulu",
        "lampung",
        "bangka",
        "belitung",
        "babel",
        "dki",
        "jakarta",
        "jawa",
        "jabar",
        "jateng",
        "jatim",
        "banten",
        "yogyakarta",
        "jogja",
        "diy",
        "bali",
        "nusa",
        "tenggara",
        "ntb",
        "ntt",
        "kalimantan",
        "kalbar",
        "kalteng",
        "kalsel",
        "kaltim",
        "kaltara",
        "sulawesi",
        "sulut",
        "sulteng",
        "sulsel",
        "sultra",
        "sulbar",
        "gorontalo",
        "maluku",
        "malut",
        "papua",
        "pegunungan",
        "daya",
    },
    key=lambda word: (-len(word), word),
)
_LOOK_ALIKES = str.maketrans(
    {"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t"}
)
# What must remain, in letters, once the guessable words are taken out.
MIN_OWN_LETTERS = 6


def own_letters(password: str) -> str:
    """The letters of `password` that are not part of a guessable word (look-alikes read as
    letters: sp4n → span).

    >>> own_letters("Kemenpan2024!"), own_letters("sp4nlapor"), own_letters("tiga-ekor-kucing")
    ('', '', 'tigaekorkucing')
    """
    lowered = password.lower()
    letters = re.sub(r"[^a-z]", "", lowered.translate(_LOOK_ALIKES))
    plain = re.sub(r"[^a-z]", "", lowered)
    for word in GUESSABLE_WORDS:
        letters = letters.replace(word, "")
        plain = plain.replace(word, "")
    # Whichever reading leaves less is the one a guesser would try.
    return min(letters, plain, key=len)


class GuessableWordsValidator:
    """Refuses a password that is, apart from digits and symbols, only guessable words
    (`lapor123456!`, `Kemenpan2024!`, `MalukuUtara2024`)."""

    def validate(self, password: str, user=None) -> None:
        if len(own_letters(password)) < MIN_OWN_LETTERS:
            raise ValidationError(
                _(
                    "Kata sandi ini mudah ditebak: selain angka dan simbol isinya hanya kata umum "
                    "(mis. lapor, sp4n, kemenpan, nama provinsi). Pakai frasa milik Anda sendiri, "
                    "dengan paling sedikit %(n)s huruf di luar kata-kata itu."
                )
                % {"n": MIN_OWN_LETTERS},
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return _(
            "Kata sandi tidak boleh hanya berisi kata umum seperti lapor, sp4n, kemenpan atau nama "
            "provinsi ditambah angka dan simbol."
        )
