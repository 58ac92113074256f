"""What a plan says when added up: gap tables, progress, diff, roll-up."""
