"""Report numbers: JB, the year, seven random digits, a Luhn check digit; no running count."""

from utilicase.whistleblowing.domain.numbers import luhn_digit, report_number_new, report_number_valid


def test_luhn_digit_of_the_standard_example():
    assert luhn_digit("7992739871") == "3"
    assert luhn_digit("20261234567") == "0"


def test_a_new_number_has_the_year_random_digits_and_a_check_digit():
    numbers = {report_number_new(2026) for _ in range(200)}
    assert len(numbers) == 200
    assert all(len(n) == 14 and n.startswith("JB2026") and report_number_valid(n) for n in numbers)


def test_a_mistyped_digit_or_swapped_neighbours_are_caught():
    assert report_number_valid("JB202612345670")
    assert not report_number_valid("JB202612345660")  # one digit wrong
    assert not report_number_valid("JB202612354670")  # two neighbours swapped
    assert not report_number_valid("JB2026000001")  # a running number from before
    assert not report_number_valid("XB202612345674")


def test_address_is_the_random_number_or_else_the_key():
    from utilicase.whistleblowing.domain.numbers import report_address, report_key_new, report_number_new

    key = report_key_new()
    number = report_number_new(2026)
    wrong_check = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert len(key) == 20 and key != report_key_new()
    assert report_address(number, key) == number
    assert report_address("JB2026000007", key) == key  # a running number is never an address
    assert report_address(wrong_check, key) == key  # not of the random form
