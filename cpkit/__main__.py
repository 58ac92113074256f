from cpkit.cli import main

main()
