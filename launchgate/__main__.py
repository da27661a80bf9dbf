from launchgate.cli import main

raise SystemExit(main())
