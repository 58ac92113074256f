"""The vocabulary, the entities, and building a Plan from what the source stage read."""
