from fatiao.cli import main

main()
