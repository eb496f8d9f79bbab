"""One module per page (or group of pages); each defines ``define(env)``."""
