"""The command line: parse, call the library, print, set the exit code."""
