"""What runlift knows about training, as pure functions: formulas, plan template and rules."""
