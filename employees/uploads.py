"""The one upload rule of the project: an allowed type, by name and by content, within a size limit.

Content signatures stop a renamed executable passing as a PDF. Each app names its own types and limit.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
        raise ValidationError(_("%(label)s wajib diunggah.") % {"label": label})
    name = upload.name or ""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        kinds = [KIND_NAMES[e] for e in allowed if e in KIND_NAMES]
        listed = ", ".join(kinds[:-1]) + " atau " + kinds[-1] if len(kinds) > 1 else kinds[0]
        raise ValidationError(
            _("%(label)s “%(name)s” tidak diterima: hanya %(listed)s.")
            % {"label": label, "name": name, "listed": listed}
        )
    if upload.size > max_mb * 1024 * 1024:
        size = upload.size / 1024 / 1024
        raise ValidationError(
            _("%(label)s “%(name)s” terlalu besar (%(size)s MB); paling besar %(max_mb)s MB.")
            % {"label": label, "name": name, "size": format(size, ".1f"), "max_mb": max_mb}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(SIGNATURES[ext]):
        raise ValidationError(
            _("Isi %(label)s “%(name)s” tidak sesuai dengan jenisnya (%(ext)s).")
            % {"label": label.lower(), "name": name, "ext": ext}
        )
    return ext
