from vidjourn.cli import main

main()
