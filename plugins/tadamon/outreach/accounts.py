"""Account numbers a donor copies: IBANs and BICs checked on reading.

An IBAN is checked against its check digits and its country's length and
form (schwifty's registry of IBAN countries, Algeria and Tunisia included);
a BIC against its format. A wrong number is refused with the number as the
editor wrote it: a donor's transfer to a mistyped account is lost, or lands
in a stranger's. Checked numbers are kept compact (no spaces, upper case);
the page shows them grouped by four (``grouped``). schwifty is imported when
a number is checked: a site without a bank account does not load it.
"""

import re

from tadamon.errors import FieldError, _

# The keys of a bank channel's details that hold an IBAN or a BIC.
IBAN_KEYS = ("iban",)
BIC_KEYS = ("swift", "bic")
# The details a donor copies into a bank's form: shown as written, with a copy button.
NUMBER_KEYS = ("iban", "rib", "swift", "bic", "number", "key")
COPY_AGAIN = _("copy it again from your bank statement or your bank's account details (RIB)")
SPACES = re.compile(r"[\s\u00a0\u202f-]+")


def compact(value):
    """The number as a bank's form wants it: no spaces or dashes, upper case."""
    return SPACES.sub("", value).upper()


def iban(value):
    """The compact IBAN, or ``FieldError`` saying what is wrong with it."""
    from schwifty import IBAN
    from schwifty import exceptions as wrong

    number = compact(value)
    try:
        return str(IBAN(number))
    except wrong.InvalidChecksumDigits:
        message = _(
            "the IBAN {value} is not valid: its check digits do not match (a digit mistyped, or two swapped)",
            value=value,
        )
    except wrong.InvalidLength:
        expected = IBAN(number, allow_invalid=True).spec.iban_length
        message = _(
            "the IBAN {value} has {count} characters, but an IBAN of {country} has {expected}",
            value=value,
            count=len(number),
            country=number[:2],
            expected=expected,
        )
    except wrong.InvalidCountryCode:
        message = _("the IBAN {value} does not start with the code of a country that uses IBANs", value=value)
    except wrong.SchwiftyException:
        message = _("the IBAN {value} does not have the form of an IBAN of its country", value=value)
    raise FieldError(message, fix=COPY_AGAIN)


def bic(value):
    """The compact BIC (8 or 11 characters), or ``FieldError``."""
    from schwifty import BIC
    from schwifty import exceptions as wrong

    number = compact(value)
    try:
        return str(BIC(number))
    except wrong.SchwiftyException:
        raise FieldError(
            _("the BIC (SWIFT code) {value} is not valid: it has 8 or 11 letters and digits", value=value),
            fix=_("copy it again from your bank's account details, e.g. swift: BNPAFRPPXXX"),
        ) from None


def check_details(details):
    """A bank or CCP channel's details with their IBAN and BIC checked and compact."""
    checked = dict(details)
    for key in IBAN_KEYS:
        if checked.get(key):
            checked[key] = _field(key, iban, checked[key])
    for key in BIC_KEYS:
        if checked.get(key):
            checked[key] = _field(key, bic, checked[key])
    return checked


def _field(key, check, value):
    try:
        return check(value)
    except FieldError as error:
        raise FieldError(_("{key}: {message}", key=key, message=error.message), fix=error.fix) from None


def grouped(number):
    """A compact number shown in groups of four, as bank statements print IBANs."""
    number = compact(number)
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def is_sepa(number):
    """Whether a checked IBAN is an account of the SEPA zone (a euro transfer)."""
    from schwifty import IBAN
    from schwifty import exceptions as wrong

    try:
        return IBAN(number).in_sepa_zone
    except wrong.SchwiftyException:
        return False


def epc_payload(holder, number, bic_code, text):
    """The text of an EPC069-12 "scan to transfer" code (version 002, UTF-8,
    SEPA credit transfer, no amount): the donor's banking app fills in the
    holder, the IBAN, the BIC and the remittance text, and asks the amount."""
    lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        compact(bic_code or ""),
        _clip(holder, 70),
        compact(number),
        "",  # amount: the donor's choice
        "",  # purpose
        "",  # structured reference
        _clip(text, 140),
    ]
    return "\n".join(lines)


def _clip(value, length):
    value = " ".join((value or "").split())
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"
