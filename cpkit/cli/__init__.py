"""The command line: parse, call the library, print, set the exit code.

main.py makes the `cpkit` group and registers the commands; each command lives in a module
of its own or of its family (check, init, tables, render, life, rollup), built from the click
classes of base.py and sharing common.py's refusals, plan opening and writing. reporters.py
and terminal.py format what the commands print. No module here is imported by the library.
"""
