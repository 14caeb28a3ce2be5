"""The evidence package's ZIP layout and manifest: each original under its item's folder, named
by what it is and its hash, and a manifest.json that lists every file with its SHA-256, size,
type and item number, so that anyone can check the files against the register."""

from dataclasses import dataclass

from utilicase.evidence.domain.uploads import EXTENSIONS

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class PackageFile:
    item_number: int
    role: str  # PHOTO, RECORDING or APPRAISAL_REPORT
    ref: int  # the file's (or custody entry's) id
    sha256: str
    size: int
    content_type: str
    original_name: str = ""


def entry_name(f: PackageFile) -> str:
    """`item-003/PHOTO-17-1a2b3c4d5e6f.jpg`: unique within the package (the id), and the hash
    prefix lets a reader match a file to the manifest at a glance."""
    extension = EXTENSIONS.get(f.content_type, "bin")
    return f"item-{f.item_number:03d}/{f.role}-{f.ref}-{f.sha256[:12]}.{extension}"


def manifest(*, case: dict[str, str], generated_at: str, generated_by: str, items: list[dict],
             files: list[PackageFile]) -> dict:
    return {
        "version": MANIFEST_VERSION,
        "case": case,
        "generated_at": generated_at,
        "generated_by": generated_by,
        "items": items,
        "files": [
            {"path": entry_name(f), "item_number": f.item_number, "role": f.role, "sha256": f.sha256,
             "size": f.size, "content_type": f.content_type, "original_name": f.original_name}
            for f in files
        ],
    }
