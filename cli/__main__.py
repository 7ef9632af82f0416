from xiaoben.cli.main import main

main()
