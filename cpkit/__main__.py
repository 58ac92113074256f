from cpkit.cli.main import main

main()
