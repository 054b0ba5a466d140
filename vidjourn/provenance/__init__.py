"""Provenance (C2PA Content Credentials): keys, signing and reading manifests, the register.

``keys`` needs ``cryptography`` and ``manifest`` needs ``c2pa`` — both from the ``sign`` extra
(``pip install "vidjourn[sign]"``); each says so when missing. ``register`` needs neither.
"""
