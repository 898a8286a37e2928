"""Local tools the model (and the offline explainer, and the CLI) can call."""
