"""Hide HarfBuzz's subset library from WeasyPrint, as on a fresh machine without it.

Put this folder first on PYTHONPATH (`invoke bench --without-hb-subset` does): every
Python process started with it, the build's workers too, then fails to open
``libharfbuzz-subset`` and WeasyPrint falls back to fontTools, as it does where the
library is not installed. Nothing else changes.
"""

import cffi

_dlopen = cffi.FFI.dlopen


def _hidden(self, name, flags=0):  # type: ignore[no-untyped-def]
    if "harfbuzz-subset" in str(name):
        raise OSError(f"{name}: hidden by benchmarks/without_hb_subset")
    return _dlopen(self, name, flags)


cffi.FFI.dlopen = _hidden
