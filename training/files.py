"""Upload checks for certificates and evidence: type by content (not only the name) and size."""

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def check_document(upload, *, label: str = "Berkas") -> None:
    """A PDF or image (PNG/JPEG) of at most 5 MB whose content matches its name."""
    if upload is None:
        raise ValidationError(f"{label} wajib diunggah.")
    if upload.size > MAX_UPLOAD_BYTES:
        size_mb = upload.size / (1024 * 1024)
        raise ValidationError(f"{label} terlalu besar ({size_mb:.1f} MB); batasnya 5 MB.")
    name = (upload.name or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in SIGNATURES:
        raise ValidationError(
            f"{label} harus berupa PDF atau gambar (PNG/JPG), bukan {ext or 'berkas tanpa ekstensi'}."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError(f"Isi {label.lower()} tidak sesuai dengan jenisnya ({ext}); unggah PDF atau gambar asli.")
