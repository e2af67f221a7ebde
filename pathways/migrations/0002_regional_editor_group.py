"""The group every regional editor belongs to, with the permissions the editorial admin needs.

Which rows an editor sees is decided by Region.editors (pathways.admin.regions); the group only
says which kinds of rows they may view and change.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Regional redaktör"
PERMISSIONS = {
    "carelevel": ["view", "add", "change", "delete"],
    "unit": ["view", "add", "change", "delete"],
    "responsibility": ["view", "add", "change", "delete"],
    "guidance": ["view", "add", "change", "delete"],
    "municipality": ["view", "change"],
    "region": ["view"],
    "topic": ["view"],
    "profession": ["view"],
}


def create_group(apps, schema_editor):
    # Permissions are normally created after the last migration; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="pathways", codename__in=codenames)
    )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pathways", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
