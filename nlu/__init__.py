"""Vietnamese NLU components for rasa (see the modules); importing the package also installs
nlu.rasa_speedups (a compiled validator for action-server responses) when rasa is installed."""

from nlu import rasa_speedups as _rasa_speedups

_rasa_speedups.install()
