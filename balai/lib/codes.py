"""Short public codes: random, unambiguous (no 0/O/1/I), with a check character.

The check character is Luhn mod N over the alphabet, so a single mistyped character or a
swap of two neighbours is caught before any database look-up.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BASE = len(ALPHABET)
INDEX = {char: i for i, char in enumerate(ALPHABET)}


def check_character(body: str) -> str:
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * INDEX[char]
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(BASE - total % BASE) % BASE]


def new_code(length: int = 8) -> str:
    """A random code of `length` characters plus its check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return body + check_character(body)


def normalize(raw: str) -> str:
    """Upper-case and drop spaces and dashes, as people type codes from paper or SMS."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -")


def is_valid(code: str) -> bool:
    if len(code) < 2 or any(ch not in INDEX for ch in code):
        return False
    return check_character(code[:-1]) == code[-1]


def display(code: str) -> str:
    """Groups of four for reading aloud: `7KQ2-M9XD-H`."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
