"""Reading a plan folder: files to values with positions; nothing else reads a plan."""
