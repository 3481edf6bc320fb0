"""The long-running side of runlift: scheduled jobs now, the drop-folder daemon next."""
