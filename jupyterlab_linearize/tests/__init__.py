"""Python tests of jupyterlab-linearize."""
