"""The meaning of legacy time, in one place.

- :mod:`.cron`: how cronie and Jenkins read a cron spec (fields, ``H``,
  nicknames, day-field rules) and their fire minutes;
- :mod:`.jenkins_hash`: Jenkins' ``H`` hash (MD5-seeded ``java.util.Random``);
- :mod:`.localtime`: local days and instants across UTC offset changes;
- :mod:`.holidays`: closed days from ``--holidays`` (``jp``, .ics, .csv);
- :mod:`.jp1_days`: the instants a JP1 schedule rule starts its jobnet;
- :mod:`.zones`: time zone names checked for their shape first;
- :mod:`.simulate`: the fire-time simulation of both sides (legacy and AWS)
  that the schedule mapper checks its work with and ``jobmig verify`` runs.
"""
