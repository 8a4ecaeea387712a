"""Settings every test shares: no test reads or writes the language a person on this machine chose."""

import os
import tempfile
from pathlib import Path

from lesson_utils import i18n

_CHOICE = Path(tempfile.mkdtemp(prefix="lesson-language-")) / "language.json"
os.environ[i18n.CHOICE_ENV_VAR] = str(_CHOICE)  # kernels and servers the tests start inherit it
