"""The one upload rule of the project: an allowed type, by name and by content, within a size limit.

Content signatures stop a renamed executable passing as a PDF. Each app names its own types and limit.
"""

from django.core.exceptions import ValidationError

SIGNATURES = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG",
    ".docx": b"PK\x03\x04",  # Office Open XML files are ZIP archives
    ".xlsx": b"PK\x03\x04",
}
DOCUMENTS_AND_IMAGES = (".pdf", ".jpg", ".jpeg", ".png")
KIND_NAMES = {".pdf": "PDF", ".jpg": "JPG", ".png": "PNG", ".docx": "DOCX", ".xlsx": "XLSX"}


def upload_check(upload, *, allowed=DOCUMENTS_AND_IMAGES, max_mb: int = 5, label: str = "Berkas") -> str:
    """Raise a ValidationError in Indonesian unless the file is allowed; return its extension."""
    if not upload:
        raise ValidationError(f"{label} wajib diunggah.")
    name = upload.name or ""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        kinds = [KIND_NAMES[e] for e in allowed if e in KIND_NAMES]
        listed = ", ".join(kinds[:-1]) + " atau " + kinds[-1] if len(kinds) > 1 else kinds[0]
        raise ValidationError(f"{label} “{name}” tidak diterima: hanya {listed}.")
    if upload.size > max_mb * 1024 * 1024:
        size = upload.size / 1024 / 1024
        raise ValidationError(f"{label} “{name}” terlalu besar ({size:.1f} MB); paling besar {max_mb} MB.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[ext]):
        raise ValidationError(f"Isi {label.lower()} “{name}” tidak sesuai dengan jenisnya ({ext}).")
    return ext
