from utilicase.evidence.domain.package import PackageFile, entry_name, manifest

SHA = "ab" * 32


def test_zip_entries_are_named_by_item_role_id_and_hash():
    f = PackageFile(3, "PHOTO", 17, SHA, 1000, "image/jpeg", "IMG_1.jpg")
    assert entry_name(f) == "item-003/PHOTO-17-abababababab.jpg"
    assert entry_name(PackageFile(12, "APPRAISAL_REPORT", 4, SHA, 10, "application/pdf")) == \
        "item-012/APPRAISAL_REPORT-4-abababababab.pdf"


def test_the_manifest_lists_every_file_with_its_hash_and_item():
    files = [PackageFile(1, "PHOTO", 1, SHA, 10, "image/jpeg", "a.jpg"),
             PackageFile(2, "RECORDING", 2, "cd" * 32, 20, "audio/wav")]
    m = manifest(case={"number": "X"}, generated_at="t", generated_by="u", items=[], files=files)
    assert [(f["path"], f["sha256"], f["item_number"]) for f in m["files"]] == [
        ("item-001/PHOTO-1-abababababab.jpg", SHA, 1), ("item-002/RECORDING-2-cdcdcdcdcdcd.wav", "cd" * 32, 2)]
