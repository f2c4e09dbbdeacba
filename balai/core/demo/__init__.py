"""Demo data: a small corner of Kabupaten Mojokerto with offices, staff and a catalogue.

`balai demo` loads it; running it again leaves the same rows. The data modules
(`regions`, `offices`, `people`, `services`) are plain data, easy to read and edit;
`build` writes them to the database.
"""

from .build import Report, build_demo
from .people import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "Report", "build_demo"]
