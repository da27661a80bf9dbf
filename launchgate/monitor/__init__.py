"""The monitoring half: `launchgate watch`, `check --notify`, `notify --test`.

``transitions`` (pure: confirmed down/recovered), ``state`` (the state file), ``message`` and
``formats`` (one alert per run, per channel format), ``channels`` and ``dispatch`` (delivery
with retries on worker threads), ``notifier`` (run → alert → senders), ``loop`` (watch).
"""
