"""Publishing the lessons: a static website (`site.py`, `make site`) and a JupyterLite build (`lite.py`, `make lite`)."""
