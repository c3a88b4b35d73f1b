"""The django-import-export baseline of the residents-import benchmark (issue 12).

django-import-export is the library a Django team would pick to import a spreadsheet into its
models: its admin import runs `XLSX().create_dataset` (tablib over openpyxl in read-only mode)
and a `ModelResource`'s `import_data`. How far its model mapping goes: a resource maps one row to
one model instance, here `Person` (its own columns, the village code through a
`ForeignKeyWidget` on `Area.code`, the birth date split by `before_import_row`, Thai labels and
Buddhist-era dates by small widgets). The other five records a row carries (identity documents,
resident, residence, TM.30 notification, phone) have no declarative mapping: they are created in
`after_save_instance` with the ORM, as its documentation suggests for related objects. A row is
matched to a stored person by its document key (`get_instance`, one query per row), as the
import does.

Set up so that it writes the same rows as the import and nothing else: the application's
history receiver (a version record and an audit event per saved record) is disconnected for
this process, and neither the diff (`skip_diff`) nor model validation (`clean_model_instances`,
off by default) is run. Each of these only makes it faster than it would be otherwise.
`import_export` is added to INSTALLED_APPS in this process only (`configure`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.residents_import_columns import HEADERS

H = dict(
    zip(
        (
            "village_code",
            "house_no",
            "given_name_latin",
            "family_name_latin",
            "given_name_th",
            "family_name_th",
            "sex",
            "birth_date",
            "nationality",
            "doc_type",
            "doc_state",
            "doc_number",
            "doc_expires_on",
            "visa_type",
            "visa_number",
            "visa_expires_on",
            "work_permit_number",
            "employer",
            "work_permit_expires_on",
            "occupation",
            "phone",
            "moved_in_on",
            "tm30_notified_on",
            "tm30_reference",
            "status",
        ),
        HEADERS,
        strict=True,
    )
)


def configure() -> None:
    """Before `django.setup()`: import_export among the installed apps of this process only."""
    from django.conf import settings

    if "import_export" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "import_export"]


def thai_date(value: Any) -> dt.date | None:
    """dd/mm/yyyy in the Buddhist era (the template's dates)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    day, month, year = str(value).split("/")
    year_ce = int(year) - 543 if int(year) > 2400 else int(year)
    return dt.date(year_ce, int(month), int(day))


def make_resource(user: Any) -> Any:
    from import_export import fields, resources, widgets

    from sodsong.geo.models import Area
    from sodsong.people.models import DocumentType, IdentityDocument, Person
    from sodsong.survey.importing.template import DOC_TYPES, SEXES, STATUSES
    from sodsong.survey.models import (
        Residence,
        Resident,
        ResidentPhone,
        Tm30Notification,
        tm30_status_for,
    )
    from sodsong.survey.services import SOURCE, normalize_phone
    from sodsong.thai.text import search_key

    class ChoiceWidget(widgets.Widget):
        def __init__(self, choices: dict[str, str]) -> None:
            super().__init__()
            self.choices = choices

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
            return str(self.choices[(value or "").strip()])

    text = widgets.CharWidget(allow_blank=True)  # an empty cell is "", as the model wants

    class PersonResource(resources.ModelResource):
        area = fields.Field(
            attribute="area",
            column_name=H["village_code"],
            widget=widgets.ForeignKeyWidget(Area, field="code"),
        )
        given_name_latin = fields.Field(
            attribute="given_name_latin", column_name=H["given_name_latin"], widget=text
        )
        family_name_latin = fields.Field(
            attribute="family_name_latin", column_name=H["family_name_latin"], widget=text
        )
        given_name_th = fields.Field(
            attribute="given_name_th", column_name=H["given_name_th"], widget=text
        )
        family_name_th = fields.Field(
            attribute="family_name_th", column_name=H["family_name_th"], widget=text
        )
        sex = fields.Field(attribute="sex", column_name=H["sex"], widget=ChoiceWidget(SEXES))
        birth_year = fields.Field(
            attribute="birth_year", column_name="birth_year", widget=widgets.IntegerWidget()
        )
        birth_month = fields.Field(
            attribute="birth_month", column_name="birth_month", widget=widgets.IntegerWidget()
        )
        nationality = fields.Field(
            attribute="nationality", column_name=H["nationality"], widget=text
        )

        class Meta:
            model = Person
            fields = (
                "area",
                "given_name_latin",
                "family_name_latin",
                "given_name_th",
                "family_name_th",
                "sex",
                "birth_year",
                "birth_month",
                "nationality",
            )
            import_id_fields = ()
            skip_diff = True
            use_transactions = True

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            birth = str(row.get(H["birth_date"]) or "")
            if "/" in birth:
                month, year = birth.split("/")
                row["birth_year"], row["birth_month"] = int(year) - 543, int(month)
            else:
                row["birth_year"], row["birth_month"] = (int(birth) if birth else None), None

        def get_instance(self, instance_loader: Any, row: Any) -> Any:
            return Person.all_objects.filter(
                documents__doc_type=DOC_TYPES[row[H["doc_type"]]],
                documents__issuing_state=row[H["doc_state"]],
                documents__number=row[H["doc_number"]],
            ).first()

        def after_init_instance(self, instance: Any, new: bool, row: Any, **kwargs: Any) -> None:
            row["_new"] = new

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.source = SOURCE
            instance.created_by = user
            instance.search_key = search_key(
                instance.given_name_th,
                instance.family_name_th,
                instance.given_name_latin,
                instance.family_name_latin,
            )

        def after_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            if not row["_new"]:
                return
            IdentityDocument.objects.create(
                person=instance,
                doc_type=DOC_TYPES[row[H["doc_type"]]],
                issuing_state=row[H["doc_state"]],
                number=row[H["doc_number"]],
                expires_on=thai_date(row[H["doc_expires_on"]]),
            )
            if row[H["visa_number"]]:
                IdentityDocument.objects.create(
                    person=instance,
                    doc_type=DocumentType.VISA,
                    issuing_state="THA",
                    number=row[H["visa_number"]],
                    expires_on=thai_date(row[H["visa_expires_on"]]),
                    subtype=row[H["visa_type"]] or "",
                )
            if row[H["work_permit_number"]]:
                IdentityDocument.objects.create(
                    person=instance,
                    doc_type=DocumentType.WORK_PERMIT,
                    issuing_state="THA",
                    number=row[H["work_permit_number"]],
                    expires_on=thai_date(row[H["work_permit_expires_on"]]),
                    issuer_detail=row[H["employer"]] or "",
                )
            resident = Resident.objects.create(
                person=instance,
                area=instance.area,
                occupation=row[H["occupation"]] or "",
                status=STATUSES[row[H["status"]]],
                created_by=user,
            )
            moved_in = thai_date(row[H["moved_in_on"]])
            notified = thai_date(row[H["tm30_notified_on"]])
            residence = Residence.objects.create(
                resident=resident,
                area=instance.area,
                house_no=row[H["house_no"]] or "",
                moved_in_on=moved_in,
                tm30_status=tm30_status_for(moved_in, notified),
            )
            if notified:
                Tm30Notification.objects.create(
                    residence=residence,
                    notified_on=notified,
                    reference=row[H["tm30_reference"]] or "",
                )
            if row[H["phone"]]:
                ResidentPhone.objects.create(
                    resident=resident, number=normalize_phone(str(row[H["phone"]]))
                )

    return PersonResource()


def run_import_export(data: bytes, user: Any) -> int:
    """The import as the admin's import view runs it: dataset from the XLSX, then
    `import_data` in one transaction. Returns the rows imported (all must be new)."""
    from django.db.models.signals import post_save

    from sodsong.core.history import _on_save

    post_save.disconnect(_on_save)
    from import_export.formats.base_formats import XLSX

    dataset = XLSX().create_dataset(data)
    result = make_resource(user).import_data(
        dataset, dry_run=False, use_transactions=True, raise_errors=True
    )
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("django-import-export reported errors")
    return result.totals["new"]
