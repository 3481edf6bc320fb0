"""The local dashboard: its JSON API (api.py) and the server that runs it (server.py)."""
