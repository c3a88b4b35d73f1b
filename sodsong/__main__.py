from sodsong.cli import main

main()
