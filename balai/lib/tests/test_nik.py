from balai.lib.nik import check_kk, check_nik, mask

KNOWN = {"35", "35.16", "35.16.01"}


def known(codes):
    return [code for code in codes if code in KNOWN]


def test_a_valid_male_nik_gives_the_birth_date():
    result = check_nik("3516011708900001", known)
    assert result.ok and not result.warnings
    assert str(result.birth_date) == "1990-08-17"
    assert result.female is False


def test_women_have_forty_added_to_the_day():
    result = check_nik("3516015708900002", known)
    assert result.ok
    assert str(result.birth_date) == "1990-08-17"
    assert result.female is True


def test_length_and_digits_are_required():
    assert check_nik("351601170890000").errors == ["NIK harus 16 angka."]
    assert check_nik("35160117089000AB").errors == ["NIK harus 16 angka."]


def test_impossible_dates_are_refused():
    assert not check_nik("3516013102900001").ok  # 31 February
    assert not check_nik("3516017213900001").ok  # day 72 - 40 = 32
    assert not check_nik("3516010013900001").ok  # month 13


def test_serial_0000_is_refused():
    result = check_nik("3516011708900000")
    assert any("0000" in e for e in result.errors)


def test_unknown_province_is_an_error_but_unknown_kecamatan_only_a_warning():
    assert not check_nik("9916011708900001", known).ok
    split = check_nik("3516991708900001", known)
    assert split.ok
    assert split.warnings


def test_spaces_and_dots_typed_by_people_are_ignored():
    assert check_nik("3516 0117 0890 0001").ok


def test_kk_checks_length_and_province():
    assert check_kk("3516010101200001", known) == []
    assert check_kk("351601", known)
    assert check_kk("9916010101200001", known)


def test_masking_keeps_the_ends():
    assert mask("3201010101900001") == "3201••••••••0001"
    assert mask("0812") == "••••"
    assert mask("") == ""
