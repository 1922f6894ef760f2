"""The composition layer keeps no tables of its own.

The module exists because Django sends ``post_migrate`` only to apps that have
one, and this app makes the Curators group then (see ``apps.py``).
"""
