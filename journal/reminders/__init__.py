"""Reminders: when they fall and what they say (`schedule`, pure), finding and sending the due
ones on the task queue (`send`), and the three ways they reach a person (`push`, `mail`,
`feed`)."""
