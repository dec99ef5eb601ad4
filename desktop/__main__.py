from desktop.app import main

main()
