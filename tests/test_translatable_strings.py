"""Every piece of UI text in Python goes through gettext, read from the source with `ast`.

A string literal (plain, f-string, `"..." % x`, `"...".format(x)`, or either branch of `a if c else b`) with
at least one word in it is refused where it reaches a person untranslated:

- the message of `messages.success/info/warning/error/debug/add_message`;
- the message of `ValidationError`, `PermissionDenied`, `Http404`, `SiasnError` (and `NotFound`),
  the services' `_fail`, the imports' `report.add` and `RowError`, and what is added to a list of
  `problems` or `reasons` (also inside a list, tuple or dict given to them);
- the keywords `verbose_name`, `verbose_name_plural`, `label`, `help_text`, `empty_label`, `description`,
  `message` and any `*_message` (the status texts of background jobs);
- what is assigned to an `explanation` or `*_message` attribute (the ranking's sentences, job statuses),
  a job's `last_error`, and the field errors of an import row (`errors[...] = [...]`, `errors.setdefault(...).append`);
- the first argument of a model field (its verbose name).

`_("...")`, `gettext_lazy("...")`, `ngettext(...)` and `_("... %(x)s ...") % {...}` are calls, not literals,
so they pass. Tests, migrations and the demo and benchmark data are not read.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("employees", "recruitment", "training", "performance", "sorong_asn", "siasn")
SKIPPED = ("demo.py", "bench.py", "bench_data.py", "bench_http.py", "seed_demo.py")
# callee (its last one or two names) -> index of the positional argument that carries the message
MESSAGE_ARGUMENT = {
    "messages.success": 1, "messages.info": 1, "messages.warning": 1, "messages.error": 1, "messages.debug": 1,
    "messages.add_message": 2, "_fail": 0, "report.add": 2, "RowError": 2, "problems.append": 0,
    "reasons.append": 0, "errors.setdefault.append": 0,
}  # fmt: skip
ERRORS = {"ValidationError", "PermissionDenied", "Http404", "SiasnError", "NotFound"}  # however they are imported
TEXT_KEYWORDS = {"verbose_name", "verbose_name_plural", "label", "help_text", "empty_label", "description", "message"}
TEXT_LISTS = {"problems", "reasons"}
NOT_A_VERBOSE_NAME = {"ForeignKey", "OneToOneField", "ManyToManyField"}  # their first argument is a model
WORD = re.compile(r"[A-Za-z]{2,}")


def _text_name(name: str | None) -> bool:
    return name is not None and (
        name in TEXT_KEYWORDS or name == "explanation" or name.endswith("_message") or name == "last_error"
    )


def _callee(func: ast.expr) -> tuple[str, str]:
    """(full dotted tail, last name) of a call's function: `messages.error` -> ("messages.error", "error")."""
    if isinstance(func, ast.Name):
        return func.id, func.id
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        if isinstance(func.value, ast.Call):  # errors.setdefault(field, []).append(...)
            owner = _callee(func.value.func)[0]
        return (f"{owner}.{func.attr}" if owner else func.attr), func.attr
    return "", ""


def literal(node) -> str | None:
    """The text of an untranslated literal, or None when the node is anything else (a call to `_` included)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return literal(node.left) or literal(node.right) if isinstance(node.op, ast.Add) else literal(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return literal(node.func.value)
    if isinstance(node, ast.IfExp):
        return literal(node.body) or literal(node.orelse)
    if isinstance(node, ast.Subscript):  # f"..."[:500]
        return literal(node.value)
    return None


def _messages(node) -> list:
    """The node itself, or the items of a list/tuple, or the values of a dict."""
    if isinstance(node, ast.List | ast.Tuple):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return list(node.values)
    if isinstance(node, ast.ListComp):
        return [node.elt]
    return [node]


def _carried(call: ast.Call) -> list:
    """The arguments of a call that carry UI text."""
    full, last = _callee(call.func)
    out = [k.value for k in call.keywords if _text_name(k.arg)]
    index = 0 if last in ERRORS else MESSAGE_ARGUMENT.get(full)
    if index is not None and len(call.args) > index:
        out += _messages(call.args[index])
    is_model_field = full.startswith("models.") and (last.endswith("Field") or last == "ForeignKey")
    if is_model_field and last not in NOT_A_VERBOSE_NAME and call.args:
        out.append(call.args[0])
    return out


def _assigned(node) -> list:
    """What an assignment puts into an `explanation`/`*_message` attribute or a list of problems."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        if isinstance(target, ast.Attribute) and _text_name(target.attr):
            return [node.value]
        if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and target.value.id == "errors":
            return _messages(node.value)  # errors["unit"] = ["Unit wajib diisi."]
        if isinstance(node, ast.AugAssign) and isinstance(target, ast.Name) and target.id in TEXT_LISTS:
            return _messages(node.value)
    return []


def untranslated(source: str, name: str = "m.py") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            carried = _carried(node)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            carried = _assigned(node)
        else:
            continue
        for arg in carried:
            text = literal(arg)
            if text is not None and WORD.search(text):
                found.append(f"{name}:{arg.lineno}: {text[:60]!r}")
    return found


def sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.name in SKIPPED or path.name.startswith("settings"):
                continue
            yield path


def test_every_ui_string_in_python_is_wrapped_for_translation():
    found = []
    for path in sources():
        found += untranslated(path.read_text(), path.relative_to(ROOT).as_posix())
    assert found == []


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ('messages.success(request, "Data disimpan.")', True),
        ('messages.success(request, _("Data disimpan."))', False),
        ('messages.error(request, f"Baris {n} salah.")', True),
        ('messages.error(request, _("Baris %(n)s salah.") % {"n": n})', False),
        ('raise ValidationError("Tanggal wajib diisi.")', True),
        ('raise forms.ValidationError(["Isi nama.", _("Isi NIP.")])', True),
        ('raise ValidationError({"nip": "NIP tidak sah."})', True),
        ('raise PermissionDenied("Hanya BKPSDM.")', True),
        ('_fail("Rencana SKP sudah diajukan.")', True),
        ('report.add(2, "nik", "NIK tidak sah.")', True),
        ('report.add(2, "nik", _("NIK tidak sah."))', False),
        ('name = models.CharField("nama", max_length=9)', True),
        ('name = models.CharField(_("nama"), max_length=9)', False),
        ('unit = models.ForeignKey("employees.OrgUnit", on_delete=models.PROTECT)', False),
        ('x = forms.CharField(label="Nama", help_text=_("Sesuai KTP."))', True),
        ('x = forms.CharField(label=_("Nama"), help_text="Sesuai " + "KTP.")', True),
        ('messages.info(request, "Terkirim: {}".format(n))', True),
        ('raise ValidationError("")', False),
        ('row.explanation = f"Peringkat {row.rank}."', True),
        ('row.explanation += _("Lulus.")', False),
        ('rnd.update(ranking_message=f"Selesai untuk {n} lamaran."[:500])', True),
        ('problems += [f"Prasyarat: {f}" for f in failures]', True),
        ('problems.append(f"{name} tidak aktif.")', True),
        ('errors["unit"] = ["Unit wajib diisi."]', True),
        ('errors.setdefault("unit", []).append(f"Unit {raw} tidak ditemukan.")', True),
        ('jobs.update(last_error=f"Gagal: {reason}")', True),
        ('errors.append(RowError(1, "", "Berkas kosong."))', True),
        ('raise ValueError("bad configuration")', False),
    ],
)
def test_the_checker_itself(source, flagged):
    assert bool(untranslated(source)) is flagged
