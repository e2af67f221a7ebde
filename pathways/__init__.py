# The demo data, fixtures/<name>.json, in the order they load (the regions' rows refer to the
# national topics and units): `manage.py load_demo_data`, the tests' database and the checks read it.
DEMO_FIXTURES = ("national", "norrbotten", "dalarna")
