"""The evidence package of a case: one PDF (WeasyPrint, A4, page numbers, the CJK font
"WenQuanYi Micro Hei" embedded) listing every item with its thumbnails, hashes, seals, custody
log and the customer's confirmations; and a ZIP of the original files with manifest.json."""

import base64
import hashlib
import json
import tempfile
import zipfile
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext

from utilicase.blobs.storage import blob_read
from utilicase.core.workdays import SHANGHAI
from utilicase.documents.services import SIGNATURE_NAMESPACE
from utilicase.evidence.domain.package import MANIFEST_NAME, PackageFile, entry_name, manifest
from utilicase.evidence.selectors import Register

BLOB_NAMESPACE = "evidence"
APPRAISAL_REPORT = "APPRAISAL_REPORT"


def _data_url(content_type: str, data: bytes) -> str:
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def _images(register: Register) -> tuple[dict[int, str], dict[int, str]]:
    """Thumbnails by file id and signature images by signature id, as data URLs."""
    thumbnails: dict[int, str] = {}
    signatures: dict[int, str] = {}
    for item in register.items:
        for f in item.files.all():
            if f.thumbnail_sha256:
                thumbnails[f.pk] = _data_url("image/jpeg", blob_read(BLOB_NAMESPACE, f.thumbnail_sha256))
        for seal in item.seals.all():
            for s in [seal.customer_signature, *getattr(seal, "witnesses", [])]:
                if s is not None:
                    signatures[s.pk] = _data_url("image/png", blob_read(SIGNATURE_NAMESPACE, s.image_sha256))
    for c in register.confirmations:
        if c.signature is not None:
            signatures[c.signature.pk] = _data_url("image/png", blob_read(SIGNATURE_NAMESPACE, c.signature.image_sha256))
    return thumbnails, signatures


def package_html(register: Register, *, generated_by: str, now: datetime) -> str:
    thumbnails, signatures = _images(register)
    for item in register.items:
        for f in item.files.all():
            f.thumbnail_url = thumbnails.get(f.pk, "")
        for seal in item.seals.all():
            seal.signature_url = signatures.get(seal.customer_signature_id, "")
            for w in getattr(seal, "witnesses", []):
                w.signature_url = signatures.get(w.pk, "")
    for c in register.confirmations:
        c.signature_url = signatures.get(c.signature_id, "")
    header = f"{gettext('证据包')} {register.info.number}"
    page_header = "".join(c for c in header if c not in '"\\<>&\n\r')  # goes into a CSS string as is
    return render_to_string("evidence/package.html", {
        "page_header": page_header,
        "register": register, "info": register.info, "items": register.items,
        "confirmations": register.confirmations, "generated_by": generated_by, "generated_at": now,
    })


def package_pdf(register: Register, *, generated_by: str, now: datetime) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which only this needs

    return HTML(string=package_html(register, generated_by=generated_by, now=now)).write_pdf()


def package_files(register: Register) -> list[PackageFile]:
    files: list[PackageFile] = []
    for item in register.items:
        for f in item.files.all():
            files.append(PackageFile(item.number, f.media, f.pk, f.sha256, f.size, f.content_type, f.original_name))
        for entry in item.custody.all():
            if entry.report_sha256:
                files.append(PackageFile(item.number, APPRAISAL_REPORT, entry.pk, entry.report_sha256,
                                         entry.report_size or 0, entry.report_content_type))
    return files


def package_manifest(register: Register, files: list[PackageFile], *, generated_by: str, now: datetime) -> dict:
    info = register.info
    return manifest(
        case={"target_type": info.target_type, "target_id": info.target_id, "number": info.number,
              "title": info.title, "customer_name": info.customer_name, "customer_account": info.customer_account},
        generated_at=now.astimezone(SHANGHAI).isoformat(), generated_by=generated_by,
        items=[{"number": i.number, "kind": i.kind, "description": i.description, "location": i.location,
                "collected_at": i.collected_at.astimezone(SHANGHAI).isoformat(), "custody_state": i.state,
                "seals": [{"number": s.number, "intact": s.broken_at is None} for s in i.seals.all()],
                "confirmed": i.confirmation is not None and not i.changed_since_confirmed}
               for i in register.items],
        files=files,
    )


def package_zip(register: Register, *, generated_by: str, now: datetime):
    """The ZIP in a temporary file (rewound), its SHA-256 and its size. Originals are stored
    uncompressed (photos and recordings are compressed already); each is checked against its
    hash as it is read (`blob_read`)."""
    files = package_files(register)
    out = tempfile.TemporaryFile()
    stamp = now.astimezone(SHANGHAI).timetuple()[:6]
    with zipfile.ZipFile(out, "w") as archive:
        seen: set[str] = set()
        for f in files:
            name = entry_name(f)
            if name in seen:
                continue
            seen.add(name)
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), blob_read(BLOB_NAMESPACE, f.sha256),
                             compress_type=zipfile.ZIP_STORED)
        body = json.dumps(package_manifest(register, files, generated_by=generated_by, now=now), ensure_ascii=False,
                          indent=2).encode()
        archive.writestr(zipfile.ZipInfo(MANIFEST_NAME, date_time=stamp), body, compress_type=zipfile.ZIP_DEFLATED)
    size = out.tell()
    out.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: out.read(1024 * 1024), b""):
        digest.update(chunk)
    out.seek(0)
    return out, digest.hexdigest(), size
