"""jobmig: move batch jobs off legacy schedulers onto AWS."""

__version__ = "0.1.0"
