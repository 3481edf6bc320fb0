"""End-to-end tests: runlift as its users meet it, the command line, the daemon, the HTTP API and the browser."""
