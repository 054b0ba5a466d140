"""The desk: one local page where the officer sees, decides and publishes (issue 21).

It sits beside ``vidjourn.cli`` on the top layer and calls the same stage, settings and pipeline
functions the commands call; it never writes a file its own way. ``command.py`` is ``vidjourn desk``;
``server.py`` the Starlette app (loopback, token, Host/Origin checks, CSP); ``model.py`` what the pages
show; ``actions.py`` every write (validated, atomic, under the assignment lock); ``media.py`` the cached
browser-playable preview, thumbnails and the mode preview; ``publish.py`` the pipeline run with its
progress. The pages are static files in ``static/`` (HTML, CSS, plain JavaScript modules; no build step).
"""
