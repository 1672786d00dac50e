"""How Client Portal runs: the local mail inbox, container and Kubernetes files, scripts."""
