"""Xiezuo (协作): the information system of an East–West cooperation programme."""

__version__ = "0.1.0"
