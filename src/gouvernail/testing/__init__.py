"""What the test suites of every app share: personas, row builders, the browser, the services.

Registered with pytest as one plugin (`-p gouvernail.testing.plugin` in pyproject.toml), so a test
module imports only the builders and helpers it calls, never a fixture.
"""
