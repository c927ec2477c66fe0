"""Package marker: lets `importlib.resources` find the templates in a checkout and in a wheel."""
