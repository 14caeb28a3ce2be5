from utilicase.documents.domain.signatures import MIN_INK_RATIO, ink_ratio


def test_ink_ratio_counts_opaque_pixels():
    histogram = [0] * 256
    histogram[0], histogram[255] = 990, 10
    assert ink_ratio(histogram) == 0.01


def test_faint_pixels_are_not_ink_and_empty_is_zero():
    histogram = [0] * 256
    histogram[0], histogram[20] = 500, 500
    assert ink_ratio(histogram) == 0.0
    assert ink_ratio([0] * 256) == 0.0
    assert MIN_INK_RATIO > 0
