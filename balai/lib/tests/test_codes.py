import itertools

from balai.lib import codes


def test_new_codes_are_valid_and_use_no_ambiguous_characters():
    for _ in range(500):
        code = codes.new_code()
        assert len(code) == 9
        assert codes.is_valid(code)
        assert not set(code) & set("01OI")


def test_every_single_character_typo_is_caught():
    code = codes.new_code()
    for position, wrong in itertools.product(range(len(code)), codes.ALPHABET):
        if wrong == code[position]:
            continue
        typo = code[:position] + wrong + code[position + 1 :]
        assert not codes.is_valid(typo), typo


def test_swapping_neighbours_is_caught():
    code = "7KQ2M9XD"
    code += codes.check_character(code)
    for i in range(len(code) - 1):
        if code[i] == code[i + 1]:
            continue
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        assert not codes.is_valid(swapped), swapped


def test_typed_codes_are_normalized_before_checking():
    code = codes.new_code()
    typed = codes.display(code).lower()
    assert "-" in typed
    assert codes.normalize(typed) == code


def test_unknown_characters_are_invalid():
    assert not codes.is_valid("0OI1ABCDE")
    assert not codes.is_valid("")
