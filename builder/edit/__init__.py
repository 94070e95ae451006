"""Writing back into the library: small, surgical changes to YAML files."""
