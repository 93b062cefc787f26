"""Jenkins: a ``JENKINS_HOME/jobs`` tree of config.xml, Jenkinsfiles and Job DSL scripts.

Two formats of :mod:`jobmig.parsers` live here: :mod:`.config` (config.xml)
and :mod:`.jenkinsfile` (Jenkinsfiles and Job DSL). The rest is shared by
both: :mod:`.xmltree` (safe XML reading), :mod:`.tokens` and :mod:`.calls`
(the Groovy tokenizer and call finder), :mod:`.scan` (pipeline scanning),
:mod:`.triggers`, :mod:`.specs`, :mod:`.steps`, :mod:`.edges`,
:mod:`.conditions`, :mod:`.shell`, :mod:`.names`, :mod:`.draft` and
:mod:`.merge`.
"""
