"""Facts about the repository on disk: git, the files it tracks, glob matching."""
