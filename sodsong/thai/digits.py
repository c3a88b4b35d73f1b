"""Thai digits (๐–๙) to and from Arabic digits. Pure functions, no Django."""

_THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI)


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)
