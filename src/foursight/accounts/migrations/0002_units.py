"""Load the force, its BCUs and boroughs from ``core/data/units.json``."""

from django.db import migrations


def load_units(apps, schema_editor):  # type: ignore[no-untyped-def]
    from foursight.core import reference

    Unit = apps.get_model("accounts", "Unit")
    data = reference.load("units")
    force, _ = Unit.objects.get_or_create(
        code=data["force"]["code"], defaults={"name": data["force"]["name"], "kind": "force"}
    )
    for bcu in data["bcus"]:
        parent, _ = Unit.objects.get_or_create(
            code=bcu["code"], defaults={"name": bcu["name"], "kind": "bcu", "parent": force}
        )
        for borough in bcu["boroughs"]:
            code = bcu["code"] + "-" + borough.upper().replace(" ", "-")
            Unit.objects.get_or_create(
                code=code, defaults={"name": borough, "kind": "borough", "parent": parent}
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load_units, migrations.RunPython.noop)]
