"""The small kernel every app shares: what would otherwise be copied into each (the ground floor,
below events and messaging; it imports no app)."""
