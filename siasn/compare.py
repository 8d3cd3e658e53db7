"""Comparing what SIASN says with the register: unit differences and field-by-field person differences.

Set-based: the register is read in a few queries, the comparison runs in memory, the result is inserted
in bulk. The mapping from data-utama's fields to the register's is here and nowhere else.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from employees.models import Employee, OrgUnit

from . import rules
from .models import PersonChange, PersonRow

MAX_DEPTH = 30


def _normal(name: str) -> str:
    return " ".join(str(name or "").lower().split())


def _instansi_root(units: dict[str, dict]) -> str:
    """A remote root named "Pemerintah …" that holds the other units is the government itself, not a
    department: it is skipped, so that its children stay top-level units (perangkat daerah) here."""
    roots = [sid for sid, r in units.items() if str(r.get("DiatasanId") or "") not in units]
    for sid in roots:
        if _normal(units[sid].get("NamaUnor")).startswith("pemerintah") and any(
            str(r.get("DiatasanId") or "") == sid for r in units.values()
        ):
            return sid
    return ""


def _paths(parents: dict, names: dict) -> dict:
    """Each unit's path of normalised names from its top-level ancestor ('dinas kesehatan', 'bidang …')."""
    paths = {}
    for key in parents:
        path, seen, node = [], set(), key
        while node is not None and node not in seen and len(path) < MAX_DEPTH:
            seen.add(node)
            path.append(_normal(names[node]))
            node = parents.get(node)
        paths[key] = tuple(reversed(path))
    return paths


def unit_changes(remote: list[dict], local: list[dict]) -> list[dict]:
    """Differences between ref-unor rows (Id, DiatasanId, NamaUnor, NamaJabatan) and our units:
    new, same place and name but not yet linked, renamed, moved, gone. Each as the fields of a `UnitChange`."""
    units = {str(r.get("Id")): r for r in remote if r.get("Id")}
    units.pop(_instansi_root(units), None)
    by_siasn = {u["siasn_id"]: u for u in local if u["siasn_id"]}
    by_pk = {u["id"]: u for u in local}

    def parent_of(sid: str) -> str:
        parent = str(units[sid].get("DiatasanId") or "")
        return parent if parent in units and parent != sid else ""

    remote_paths = _paths({s: parent_of(s) or None for s in units}, {s: r.get("NamaUnor") for s, r in units.items()})
    local_paths = _paths({u["id"]: u["parent_id"] for u in local}, {u["id"]: u["name"] for u in local})
    unlinked = [u for u in local if not u["siasn_id"]]
    by_path = {local_paths[u["id"]]: u for u in unlinked}
    by_name: dict[str, list[dict]] = {}
    for u in unlinked:
        by_name.setdefault(_normal(u["name"]), []).append(u)

    used: set[int] = set()

    def same_place(sid: str) -> dict | None:
        """An unlinked unit with the same path of names (or, failing that, the only one with that name)."""
        found = by_path.get(remote_paths[sid])
        same_name = by_name.get(remote_paths[sid][-1], [])
        found = found or (same_name[0] if len(same_name) == 1 else None)
        if found is None or found["id"] in used:
            return None
        used.add(found["id"])
        return found

    changes = []
    for sid, row in units.items():
        name, parent = str(row.get("NamaUnor") or "").strip(), parent_of(sid)
        base = {
            "siasn_id": sid, "name": name, "head_position": str(row.get("NamaJabatan") or "").strip(),
            "parent_siasn_id": parent, "parent_name": str(units[parent].get("NamaUnor") or "") if parent else "",
            "depth": len(remote_paths[sid]) - 1,
        }  # fmt: skip
        mine = by_siasn.get(sid)
        if mine is None:
            twin = same_place(sid)
            if twin is not None:
                changes.append({**base, "kind": "link", "unit_id": twin["id"], "old_value": twin["name"]})
            else:
                changes.append({**base, "kind": "new"})
            continue
        if mine["name"] != name:
            changes.append({**base, "kind": "renamed", "unit_id": mine["id"], "old_value": mine["name"]})
        my_parent = by_pk.get(mine["parent_id"]) if mine["parent_id"] else None
        if (my_parent["siasn_id"] if my_parent else "") != parent:
            old = my_parent["name"] if my_parent else "(tingkat teratas)"
            changes.append({**base, "kind": "moved", "unit_id": mine["id"], "old_value": old})
    for sid, mine in by_siasn.items():
        if sid not in units:
            changes.append({"siasn_id": sid, "kind": "gone", "unit_id": mine["id"], "old_value": mine["name"],
                            "name": mine["name"], "depth": MAX_DEPTH + 1})  # fmt: skip
    return changes


# --- people -----------------------------------------------------------------------------------------------
FIELDS = [  # (register field, label) compared for people already in the register
    ("front_title", "Gelar depan"),
    ("name", "Nama"),
    ("back_title", "Gelar belakang"),
    ("golongan", "Golongan"),
    ("position_title", "Jabatan"),
    ("unit", "Unit kerja"),
    ("tmt_pns", "TMT PNS"),
]
LEVELS = {
    "ahli pertama": "ahli_pertama",
    "ahli muda": "ahli_muda",
    "ahli madya": "ahli_madya",
    "ahli utama": "ahli_utama",
    "pemula": "pemula",
    "terampil": "terampil",
    "mahir": "mahir",
    "penyelia": "penyelia",
}
EDUCATION = [
    ("S3", "S3"),
    ("S2", "S2"),
    ("S1", "S1"),
    ("D4", "D4"),
    ("D-IV", "D4"),
    ("D3", "D3"),
    ("D-III", "D3"),
    ("D2", "D2"),
    ("D1", "D1"),
    ("SLTA", "SMA"),
    ("SMA", "SMA"),
    ("SMK", "SMA"),
    ("SLTP", "SMP"),
    ("SMP", "SMP"),
    ("SD", "SD"),
]


def _golongan(data: dict) -> str:
    text = str(data.get("golRuangAkhir") or "").strip()
    if text in Employee.Golongan.values:
        return text
    return rules.golongan_from_id(data.get("golRuangAkhirId"))


def _position_type(data: dict) -> str:
    kind = rules.JENIS_JABATAN.get(str(data.get("jenisJabatanId") or ""), "")
    if kind != "struktural":
        return kind
    eselon = str(data.get("eselon") or data.get("eselonLevel") or "").upper()
    if eselon.startswith("II"):
        return "administrator" if eselon.startswith("III") else "jpt_pratama"
    return "pengawas"


def _education(text) -> str:
    words = str(text or "").upper()
    return next((level for key, level in EDUCATION if re.search(rf"\b{re.escape(key)}\b", words)), "")


def remote_values(data: dict, units: dict[str, tuple[int, str]]) -> dict:
    """data-utama as register values (JSON-safe: dates ISO, unit as its pk)."""
    unit = units.get(str(data.get("unorId") or ""))
    tmt_pns = rules.parse_siasn_date(data.get("tmtPns"))
    return {
        "front_title": str(data.get("gelarDepan") or "").strip(),
        "name": str(data.get("nama") or "").strip(),
        "back_title": str(data.get("gelarBelakang") or "").strip(),
        "golongan": _golongan(data),
        "position_title": str(data.get("jabatanNama") or "").strip(),
        "unit": unit[0] if unit else None,
        "tmt_pns": tmt_pns.isoformat() if tmt_pns else None,
    }


def new_person_values(data: dict, units: dict[str, tuple[int, str]]) -> dict:
    values = remote_values(data, units)
    status = str(data.get("statusPegawai") or data.get("kedudukanPnsNama") or "").upper()
    sex = str(data.get("jenisKelamin") or "").upper()[:1]
    title = _normal(values["position_title"])
    birth, tmt_cpns = rules.parse_siasn_date(data.get("tglLahir")), rules.parse_siasn_date(data.get("tmtCpns"))
    return {
        **values,
        "nip": str(data.get("nipBaru") or ""),
        "nik": str(data.get("nik") or ""),
        "sex": {"M": "L", "L": "L", "P": "P", "F": "P", "W": "P"}.get(sex, ""),
        "birth_place": str(data.get("tempatLahir") or "").strip(),
        "birth_date": birth.isoformat() if birth else None,
        "employment_type": "pppk" if "PPPK" in status else "cpns" if "CPNS" in status else "pns",
        "position_type": _position_type(data),
        "functional_level": next((v for k, v in LEVELS.items() if k in title), ""),
        "education_level": _education(data.get("pendidikanTerakhirNama") or data.get("tingkatPendidikanNama")),
        "tmt_cpns": tmt_cpns.isoformat() if tmt_cpns else None,
        "email": str(data.get("email") or "").strip(),
        "phone": str(data.get("noHp") or "").strip()[:20],
    }


def field_value(field: str, value):
    """A stored JSON value as the register field expects it."""
    if field in ("tmt_pns", "tmt_cpns", "birth_date") and value:
        return date.fromisoformat(value)
    return value


def employee_data(values: dict) -> dict:
    data = {k: field_value(k, v) for k, v in values.items()}
    data["unit"] = OrgUnit.objects.filter(pk=values.get("unit")).first() if values.get("unit") else None
    return data


def _display(field: str, value, unit_names: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if field == "unit":
        return unit_names.get(value, str(value))
    if field in ("tmt_pns", "birth_date"):
        return rules.siasn_date(date.fromisoformat(value) if isinstance(value, str) else value)
    return str(value)


def person_changes_build(*, pull_id: int) -> int:
    """Compare every fetched row of a pull with the register and store the differences."""
    rows = list(PersonRow.objects.filter(pull_id=pull_id, status=PersonRow.Status.FETCHED))
    units = {s: (pk, n) for pk, n, s in OrgUnit.objects.exclude(siasn_id="").values_list("pk", "name", "siasn_id")}
    unit_names = dict(OrgUnit.objects.values_list("pk", "name"))
    people = {e.nip: e for e in Employee.objects.filter(nip__in=[r.nip for r in rows])}
    PersonChange.objects.filter(row__pull_id=pull_id, status=PersonChange.Status.PENDING).delete()
    changes = []
    for row in rows:
        row.employee = people.get(row.nip)
        row.error = ""
        if row.data.get("unorId") and str(row.data["unorId"]) not in units:
            row.error = (
                f"Unor {row.data.get('unorNama') or row.data['unorId']} belum ada di Sorong ASN; tarik unit dulu."
            )
        found = _row_changes(row, units, unit_names)
        row.change_count = len(found)
        changes += found
    PersonChange.objects.bulk_create(changes, batch_size=1000)
    PersonRow.objects.bulk_update(rows, ["employee", "error", "change_count"], batch_size=1000)
    return len(changes)


def _row_changes(row: PersonRow, units, unit_names) -> list[PersonChange]:
    if row.employee is None:
        values = new_person_values(row.data, units)
        text = f"{values['name']} · {values['golongan'] or '—'} · {values['position_title'] or '—'}"
        return [
            PersonChange(
                row=row,
                field=PersonChange.NEW_PERSON,
                label=_("Pegawai baru"),
                old_display="—",
                new_display=text[:300],
                new_value=values,
            )
        ]
    found = []
    values = remote_values(row.data, units)
    for field, label in FIELDS:
        new = values[field]
        if new in (None, "") and field != "front_title" and field != "back_title":
            continue  # SIASN says nothing: nothing to change
        old = getattr(row.employee, "unit_id" if field == "unit" else field)
        old_json = old.isoformat() if isinstance(old, date) else old
        if (old_json or "") != (new or ""):
            found.append(
                PersonChange(
                    row=row,
                    field=field,
                    label=label,
                    new_value=new,
                    old_display=_display(field, old_json, unit_names)[:300],
                    new_display=_display(field, new, unit_names)[:300],
                )
            )
    return found
