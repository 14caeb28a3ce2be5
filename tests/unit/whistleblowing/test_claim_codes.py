import re

from utilicase.whistleblowing.domain.claim import (
    ALPHABET,
    claim_code_hash,
    claim_code_new,
    claim_code_normalize,
)


def test_new_codes_are_16_symbols_in_groups_of_four():
    code = claim_code_new()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert len({claim_code_new() for _ in range(200)}) == 200


def test_normalize_ignores_case_spaces_dashes_and_reads_o_i_l():
    assert claim_code_normalize("7k3m pq9x-2d4r hw8n") == "7K3MPQ9X2D4RHW8N"
    assert claim_code_normalize("OIL0-0000-0000-0000") == "0110000000000000"


def test_normalize_refuses_wrong_length_and_symbols():
    assert claim_code_normalize("7K3M-PQ9X-2D4R") is None
    assert claim_code_normalize("7K3M-PQ9X-2D4R-HW8U") is None  # U is not in Crockford's alphabet
    assert claim_code_normalize("") is None
    assert "U" not in ALPHABET


def test_hash_is_of_the_normalized_code():
    assert claim_code_hash("7k3m-pq9x-2d4r-hw8n") == claim_code_hash("7K3MPQ9X2D4RHW8N")
    assert len(claim_code_hash("7K3MPQ9X2D4RHW8N")) == 64
    assert claim_code_hash("not a code") == ""
