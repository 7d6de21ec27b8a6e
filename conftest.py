# The shared personas and test defaults serve every test, in socplan/ and in tests/.
pytest_plugins = ["socplan.core.personas"]
