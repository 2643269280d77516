"""The Foursight engine: pure Python, no Django, no database.

It takes plain values and files and returns plain values. See ``foursight`` for the
re-exported library surface.
"""
