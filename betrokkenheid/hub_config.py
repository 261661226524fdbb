"""JupyterHub's configuration for ``betrokkenheid hub`` (JupyterHub reads it with ``-f``).

The choices are :func:`betrokkenheid.hub.configure`'s: NativeAuthenticator, rooms that run
``betrokkenheid serve --hub`` as the hub's own user, the hub's state in the user's data
directory. A deployment's own file (``betrokkenheid hub --config FILE``: OAuth, say) is read
after them, so it can change any of them.
"""

import json
import os

if "get_config" in globals():  # read by JupyterHub as its config file (not when imported)
    from betrokkenheid.hub import SETTINGS_ENV, configure

    c = get_config()  # noqa: F821 - JupyterHub's config loader provides it
    configure(c)
    _own = json.loads(os.environ.get(SETTINGS_ENV) or "{}").get("config")
    if _own:
        load_subconfig(_own)  # noqa: F821 - likewise
