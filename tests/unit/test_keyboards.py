"""The keyboards package keeps the old ``keyboards.X`` callers working."""

import importlib
import pkgutil

from ui import keyboards


def test_the_package_re_exports_every_name_of_every_feature_module():
    """Existing callers read ``keyboards.X``, and tests/unit/test_button_kampungs.py reads
    every ``CB_*`` prefix from the package: a name added to a feature module (or a new
    feature module) must be there too."""
    modules = [m.name for m in pkgutil.iter_modules(keyboards.__path__)]
    assert len(modules) >= 10
    for name in modules:
        module = importlib.import_module(f"ui.keyboards.{name}")
        for attr, value in vars(module).items():
            if not attr.startswith("_"):
                assert getattr(keyboards, attr) is value, f"ui.keyboards.{name}.{attr}"
