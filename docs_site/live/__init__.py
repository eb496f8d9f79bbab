"""Build-time helpers of the live pages (the in-page Python lives in ``docs/live/``)."""
